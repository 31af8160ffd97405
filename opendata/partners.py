"""What a partner client does with indicators (issue 19, part 4): submit its own dated counts, which wait for the
item's lead, and read back its submissions and their review. The keys and the log are taskforce.partners'."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from actionplan import services as actionplan_services
from actionplan.models import Indicator, IndicatorValue
from taskforce import roles
from taskforce.models import PartnerClient
from taskforce.notifications import notify
from taskforce.selectors import users_with_role

SUBMISSION_FIELDS = ("period_start", "period_end", "value", "source", "reason")


def partner_indicator(client: PartnerClient, slug: str) -> Indicator:
    """The indicator the client may submit values for; 404 for any other (whether it exists is not said)."""
    indicator = (
        Indicator.objects.select_related("item")
        .filter(slug=slug, partner_clients=client, partner_clients__can_submit_values=True)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def partner_submissions(client: PartnerClient, indicator: Indicator):
    """The values the client's organization submitted through the exchange for this indicator, oldest first."""
    return IndicatorValue.objects.filter(
        indicator=indicator, organization_id=client.organization_id, entered_by__isnull=True
    ).order_by("period_start", "id")


def _lead_reviewers(indicator: Indicator):
    """The task force members of the item's lead organization; the coordinators when it has none."""
    members = users_with_role(roles.MEMBER, [indicator.item.lead_organization_id])
    return members if members.exists() else users_with_role(roles.COORDINATOR)


def partner_value_submit(*, client: PartnerClient, indicator: Indicator, data) -> IndicatorValue:
    """Store a partner's count for review (pending until the item's lead accepts it) and tell the lead, with no
    text of the submission in the message. Raises ValidationError naming each bad or unknown field; writes
    nothing then."""
    if not isinstance(data, dict):
        raise ValidationError({"detail": [_("Send one JSON object with the fields of the value.")]})
    unknown = sorted(str(name)[:40] for name in data if name not in SUBMISSION_FIELDS)
    errors = {name: [_("Unknown field.")] for name in unknown}
    for name in SUBMISSION_FIELDS:
        given = data.get(name)
        if given is not None and (isinstance(given, bool) or not isinstance(given, (str, int, float))):
            errors[name] = [_("Give this field as a string or a number.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        value = actionplan_services.indicator_value_add(
            actor=None,
            indicator=indicator,
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
            value=data.get("value"),
            source=str(data.get("source") or ""),
            reason=str(data.get("reason") or ""),
            organization=client.organization,
            status=IndicatorValue.Status.PENDING_REVIEW,
        )
        notify(
            recipients=_lead_reviewers(indicator),
            template="partner_value_submitted",
            context={"item": indicator.item, "indicator": indicator, "organization": client.organization},
            dedupe=f"partner_value_submitted:{value.pk}",
        )
    return value
