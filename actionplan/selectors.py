"""Reads of the action plan tracker. Every public read runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from taskforce import roles
from taskforce.models import User
from taskforce.selectors import users_with_role

from .models import ActionItem, Evidence, Milestone, Plan, ProgressReport, Status, StatusUpdate


def plan_current() -> Plan | None:
    return Plan.objects.order_by("-is_current", "id").first()


def plan_by_slug(slug: str) -> Plan | None:
    return Plan.objects.filter(slug=slug).first()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the portal's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)) - dt.timedelta(
        microseconds=1
    )


@dataclass
class ItemState:
    """An item as shown at a moment: its own status, its progress (rolled up from sub-actions) and sub-actions."""

    item: ActionItem
    status: str
    own_progress: int
    sub_items: list[ItemState] = field(default_factory=list)

    @property
    def progress(self) -> int:
        if not self.sub_items:
            return self.own_progress
        total_weight = sum(s.item.weight for s in self.sub_items)
        return round(sum(s.progress * s.item.weight for s in self.sub_items) / total_weight)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def number(self) -> str:
        return self.item.display_number


@dataclass
class PlanState:
    plan: Plan
    as_of: dt.date | None
    items: list[ItemState]
    last_update: dt.datetime | None

    @property
    def reflects_date(self) -> dt.date | None:
        return timezone.localdate(self.last_update) if self.last_update else None


def _items_of_plan(plan: Plan) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(plan=plan)
        .select_related("lead_organization", "plan")
        .prefetch_related("partners")
        .order_by("number", "id")
    )


def _tree(items: list[ActionItem], states: dict[int, tuple[str, int]]) -> list[ItemState]:
    by_id = {item.id: ItemState(item, *states[item.id]) for item in items}
    top = []
    for item in items:
        if item.parent_id in by_id:
            item.parent = by_id[item.parent_id].item  # no extra query for display_number
            by_id[item.parent_id].sub_items.append(by_id[item.id])
        elif item.parent_id is None:
            top.append(by_id[item.id])
    return top


def _states_as_of(items: list[ActionItem], cutoff: dt.datetime) -> tuple[dict, dt.datetime | None]:
    """Rebuild each item's status and progress at `cutoff` from its history: the last entry before it gives the
    new values; otherwise the first entry after it gives the values the item had then."""
    history = StatusUpdate.objects.filter(item__in=[i.id for i in items]).order_by("created_at", "id")
    before: dict[int, StatusUpdate] = {}
    after: dict[int, StatusUpdate] = {}
    last = None
    for entry in history.only("item_id", "created_at", "old_status", "new_status", "old_progress", "new_progress"):
        if entry.created_at <= cutoff:
            before[entry.item_id] = entry
            last = entry.created_at
        else:
            after.setdefault(entry.item_id, entry)
    states = {}
    for item in items:
        if item.id in before:
            states[item.id] = (before[item.id].new_status, before[item.id].new_progress)
        elif item.id in after:
            states[item.id] = (after[item.id].old_status, after[item.id].old_progress)
        else:
            states[item.id] = (item.status, item.progress)
    return states, last


def plan_state(plan: Plan, *, as_of: dt.date | None = None) -> PlanState:
    """The whole plan now, or as it stood at the end of `as_of` (items created later are left out)."""
    items = _items_of_plan(plan)
    if as_of is None:
        states = {item.id: (item.status, item.progress) for item in items}
        last = StatusUpdate.objects.filter(item__plan=plan).aggregate(last=Max("created_at"))["last"]
    else:
        cutoff = end_of_day(as_of)
        items = [item for item in items if item.created_at <= cutoff]
        states, last = _states_as_of(items, cutoff)
    return PlanState(plan=plan, as_of=as_of, items=_tree(items, states), last_update=last)


def item_by_slug(slug: str) -> ActionItem | None:
    return ActionItem.objects.select_related("plan", "lead_organization", "parent").filter(slug=slug).first()


def item_by_key(key: str) -> ActionItem | None:
    """An item by its number in the current plan (top-level items) or by its short name."""
    items = ActionItem.objects.select_related("plan", "lead_organization", "parent")
    if key.isdigit():
        plan = plan_current()
        if plan is None or int(key) > 32767:
            return None
        return items.filter(plan=plan, parent=None, number=int(key)).first()
    return item_by_slug(key)


def item_detail(key: str) -> ActionItem | None:
    """One item with its partners, sub-actions and milestones, in a fixed number of queries (its history is read
    apart, bounded: item_recent_activity, item_history)."""
    item = item_by_key(key)
    if item is None:
        return None
    prefetch_related_objects(
        [item],
        "partners",
        Prefetch("children", queryset=ActionItem.objects.select_related("lead_organization").order_by("number")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
    )
    for child in item.children.all():
        child.parent = item
    return item


def item_history(item: ActionItem, *, with_evidence: bool = False) -> QuerySet[StatusUpdate]:
    """An item's whole history, newest first, to be paged (its history page, the API)."""
    history = StatusUpdate.objects.filter(item=item).select_related("organization").order_by("-created_at", "-id")
    return history.prefetch_related("evidence") if with_evidence else history


@dataclass
class RecentActivity:
    """What an item's page shows of its history: the latest updates (newest first) with their evidence, the
    latest evidence, and whether there is more (then the page links to the history). Fixed size, fixed queries."""

    updates: list[StatusUpdate]
    evidence: list[Evidence]
    more_updates: bool
    more_evidence: bool


def item_recent_activity(item: ActionItem, *, limit: int) -> RecentActivity:
    updates = list(item_history(item, with_evidence=True)[: limit + 1])
    evidence = list(Evidence.objects.filter(item=item).order_by("-added_at", "-id")[: limit + 1])
    return RecentActivity(
        updates=updates[:limit],
        evidence=evidence[:limit],
        more_updates=len(updates) > limit,
        more_evidence=len(evidence) > limit,
    )


def item_shown_progress(item: ActionItem) -> int:
    """Progress as the public sees it: rolled up from sub-actions (by weight) when there are any."""
    children = list(item.children.all())
    if not children:
        return item.progress
    return round(sum(c.progress * c.weight for c in children) / sum(c.weight for c in children))


def items_updatable_by(user) -> QuerySet[ActionItem]:
    """The items the signed-in user may post updates on."""
    items = ActionItem.objects.select_related("plan", "lead_organization", "parent").prefetch_related("partners")
    if roles.is_coordinator(user):
        return items.order_by("plan_id", "number", "id")
    if not roles.has_role(user, roles.MEMBER):
        return items.none()
    mine = roles.user_organization_ids(user)
    return items.filter(Q(lead_organization__in=mine) | Q(partners__in=mine)).distinct().order_by("plan_id", "number")


def items_for_api(
    *, recent_updates: int, plan: str = "", status: str = "", organization: str = ""
) -> QuerySet[ActionItem]:
    """Items with their latest `recent_updates` history entries each (newest first, in `item.recent_history`): one
    query for all the items' entries, whatever the length of their histories."""
    latest = StatusUpdate.objects.select_related("organization").order_by("-created_at", "-id")
    items = ActionItem.objects.select_related("plan", "lead_organization", "parent").prefetch_related(
        "partners", Prefetch("updates", queryset=latest[:recent_updates], to_attr="recent_history")
    )
    if plan:
        items = items.filter(plan__slug=plan)
    if status:
        items = items.filter(status=status)
    if organization:
        items = items.filter(Q(lead_organization__slug=organization) | Q(partners__slug=organization)).distinct()
    return items.order_by("plan_id", "parent_id", "number", "id")


def items_for_export(plan: Plan) -> list[ActionItem]:
    return list(ActionItem.objects.filter(plan=plan).select_related("parent").order_by("parent_id", "number", "id"))


def reports_public(plan: Plan | None = None) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.select_related("plan")
    return reports.filter(plan=plan) if plan else reports


def report_by_date(plan_slug: str, as_of: dt.date) -> ProgressReport | None:
    return ProgressReport.objects.select_related("plan").filter(plan__slug=plan_slug, as_of=as_of).first()


def milestones_overdue(*, today: dt.date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(done_on=None, due_date__lt=today, overdue_notified_at=None).select_related(
        "item__lead_organization", "item__plan", "item__parent"
    )


# The roles that act on or follow the plan: its news goes to them, not to everyone of their organization
# (learners, tip handlers).
PLAN_ROLES = (roles.MEMBER, roles.COORDINATOR)


def _plan_people(organization_ids) -> Q:
    ids = list(organization_ids)
    people = Q()
    for role in PLAN_ROLES:
        people |= Q(id__in=users_with_role(role, ids).values("id"))
    return people


def status_change_recipients(entry: StatusUpdate) -> QuerySet[User]:
    """Who hears of a status change: the item's followers, and the task force members and coordinators of its
    lead and partner organizations; not the author. Each once, active only."""
    item = entry.item
    organizations = [item.lead_organization_id, *item.partners.values_list("id", flat=True)]
    followers = Q(id__in=item.followers.values("id"))
    return User.objects.filter(followers | _plan_people(organizations), is_active=True).exclude(id=entry.author_id)


def milestone_overdue_recipients(milestone: Milestone) -> QuerySet[User]:
    """Who hears of an overdue milestone: the task force members and coordinators of the lead organization."""
    return User.objects.filter(_plan_people([milestone.item.lead_organization_id]), is_active=True)


def evidence_document(evidence_id: int) -> Evidence | None:
    """An evidence entry that has a stored document (link-only evidence has nothing to download)."""
    return Evidence.objects.exclude(file="").filter(id=evidence_id).first()
