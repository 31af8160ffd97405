"""The one place that answers "may this user change this action item?"."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from taskforce import roles

from .models import ActionItem, Indicator, IndicatorValue, Milestone


def item_organization_ids(item: ActionItem) -> set[int]:
    """The lead and partner organizations of an item (uses prefetched partners when there are any)."""
    return {item.lead_organization_id, *(org.id for org in item.partners.all())}


def may_follow(user) -> bool:
    """Task force members and coordinators may follow items and see the items they can update."""
    return roles.is_coordinator(user) or roles.has_role(user, roles.MEMBER)


def require_may_follow(user) -> None:
    """The plan's staff pages (manage, follow) are for task force members and coordinators."""
    if not may_follow(user):
        raise PermissionDenied


def item_can_update(user, item: ActionItem) -> bool:
    """Coordinators may update every item; task force members only the items their organization leads or
    partners on. Nobody else may."""
    if roles.is_coordinator(user):
        return True
    if not getattr(user, "is_authenticated", False) or not roles.has_role(user, roles.MEMBER):
        return False
    return bool(roles.user_organization_ids(user) & item_organization_ids(item))


def item_check_update(user, item: ActionItem) -> None:
    if not item_can_update(user, item):
        raise PermissionDenied


def acting_organization_id(user, item: ActionItem) -> int | None:
    """The organization the user acts for on this item: the lead if they belong to it, else a partner."""
    mine = roles.user_organization_ids(user)
    if item.lead_organization_id in mine:
        return item.lead_organization_id
    shared = sorted(mine & item_organization_ids(item))
    return shared[0] if shared else None


def item_for_update(user, item: ActionItem | None) -> ActionItem:
    if item is None:
        raise Http404
    item_check_update(user, item)
    return item


def milestone_for_update(user, milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_related("item__plan", "item__parent").filter(id=milestone_id).first()
    if milestone is None:
        raise Http404
    item_check_update(user, milestone.item)
    return milestone


# ----- indicators ------------------------------------------------------------------------------------------------


def indicator_can_manage(user, item: ActionItem) -> bool:
    """Coordinators, and the task force members of the item's lead organization, add indicators and values and
    review partners' submissions. Partner organizations submit values for review; nobody else may."""
    if roles.is_coordinator(user):
        return True
    if not getattr(user, "is_authenticated", False) or not roles.has_role(user, roles.MEMBER):
        return False
    return item.lead_organization_id in roles.user_organization_ids(user)


def indicator_check_manage(user, item: ActionItem) -> None:
    if not indicator_can_manage(user, item):
        raise PermissionDenied


def indicator_can_submit(user, item: ActionItem) -> bool:
    """Who may submit a value for review: those who manage the item's indicators and its partners' members."""
    return indicator_can_manage(user, item) or item_can_update(user, item)


def indicator_for_manage(user, indicator_id: int) -> Indicator:
    indicator = Indicator.objects.select_related("item__plan", "item__parent").filter(id=indicator_id).first()
    if indicator is None:
        raise Http404
    indicator_check_manage(user, indicator.item)
    return indicator


def indicator_value_for_review(user, value_id: int) -> IndicatorValue:
    value = IndicatorValue.objects.select_related("indicator__item__plan").filter(id=value_id).first()
    if value is None:
        raise Http404
    indicator_check_manage(user, value.indicator.item)
    return value
