from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Notification, Organization, User


def notifications_failed() -> QuerySet[Notification]:
    return Notification.objects.filter(state=Notification.State.FAILED).order_by("-created_at", "-id")


def organizations_all() -> QuerySet[Organization]:
    return Organization.objects.order_by("name")


def users_with_role(role: str, organization_ids: Iterable[int] | None = None) -> QuerySet[User]:
    """The active people holding `role` in one of `organization_ids` (in any organization when None), each once:
    the one way to build a list of handlers, coordinators, managers... to notify or to choose from."""
    people = User.objects.filter(is_active=True, groups__name=role)
    if organization_ids is not None:
        people = people.filter(memberships__organization_id__in=list(organization_ids))
    return people.distinct()
