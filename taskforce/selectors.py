from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from .models import Notification, Organization, PartnerClient, PartnerExchange, PartnerKey, User


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


def partner_clients_all():
    """Every partner client with its organization and keys (one query each, whatever their number)."""
    return PartnerClient.objects.select_related("organization", "created_by").prefetch_related(
        Prefetch("keys", queryset=PartnerKey.objects.order_by("-created_at", "-id")), "indicators"
    )


def partner_exchanges(client_id: int | None = None):
    rows = PartnerExchange.objects.select_related("client", "client__organization", "key")
    return rows.filter(client_id=client_id) if client_id is not None else rows


def indicators_for_partners():
    """The indicators a coordinator may open to partners' submissions, by item."""
    from actionplan.models import Indicator  # noqa: PLC0415 -- actionplan's models import taskforce's

    return Indicator.objects.select_related("item").order_by("item__plan_id", "item__id", "order", "id")
