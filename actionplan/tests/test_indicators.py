"""Indicators: their values are validated (each bad input names its field, nothing is written), append-only but
for their one review, and only the item's lead organization and coordinators may add and review them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from actionplan import services
from actionplan.models import Indicator, IndicatorValue
from taskforce.audit import AppendOnlyError
from taskforce.exceptions import Conflict

TODAY = timezone.localdate()
LAST_YEAR = TODAY - dt.timedelta(days=365)


def make_indicator(item, actor, **kwargs):
    fields = {
        "slug": "trained-officers",
        "name": {"en": "Officers trained", "fr": "Agents formés"},
        "unit": Indicator.Unit.COUNT,
        "baseline_value": 10,
        "baseline_date": LAST_YEAR,
        "target_value": 200,
        "target_date": TODAY + dt.timedelta(days=365),
        "reason": "Agreed with the college.",
    }
    fields.update(kwargs)
    return services.indicator_add(actor=actor, item=item, **fields)


def add_value(indicator, actor, **kwargs):
    fields = {
        "period_start": LAST_YEAR,
        "period_end": LAST_YEAR + dt.timedelta(days=89),
        "value": "25",
        "source": "Training records of the police college",
        "reason": "First quarter's count.",
    }
    fields.update(kwargs)
    return services.indicator_value_add(actor=actor, indicator=indicator, **fields)


@pytest.fixture
def indicator(item, member_a):
    return make_indicator(item, member_a)


@pytest.fixture
def percent_indicator(item, member_a):
    return make_indicator(item, member_a, slug="share", unit=Indicator.Unit.PERCENT, baseline_value=5, target_value=50)


def test_lead_member_adds_an_accepted_value(indicator, member_a, org_a):
    value = add_value(indicator, member_a)
    assert value.status == IndicatorValue.Status.ACCEPTED
    assert value.value == Decimal("25")
    assert value.entered_by == member_a and value.reviewed_by == member_a
    assert value.organization == org_a


@pytest.mark.parametrize(
    ("indicator_name", "changes", "field"),
    [
        ("indicator", {"value": "-1"}, "value"),
        ("indicator", {"value": "2.5"}, "value"),
        ("indicator", {"value": "many"}, "value"),
        ("indicator", {"value": ""}, "value"),
        ("percent_indicator", {"value": "100.5"}, "value"),
        ("percent_indicator", {"value": "-0.01"}, "value"),
        ("indicator", {"period_end": TODAY + dt.timedelta(days=1)}, "period_end"),
        ("indicator", {"period_start": TODAY + dt.timedelta(days=1)}, "period_start"),
        ("indicator", {"period_start": LAST_YEAR + dt.timedelta(days=100)}, "period_end"),
        ("indicator", {"period_start": "not a date"}, "period_start"),
        ("indicator", {"source": "  "}, "source"),
        ("indicator", {"reason": ""}, "reason"),
    ],
)
def test_each_bad_value_names_its_field_and_writes_nothing(request, member_a, indicator_name, changes, field):
    indicator = request.getfixturevalue(indicator_name)
    with pytest.raises(ValidationError) as caught:
        add_value(indicator, member_a, **changes)
    assert field in caught.value.message_dict
    assert not IndicatorValue.objects.exists()


def test_a_percentage_of_100_and_a_count_of_0_are_fine(percent_indicator, indicator, member_a):
    add_value(percent_indicator, member_a, value="100")
    add_value(indicator, member_a, value="0")
    assert IndicatorValue.objects.count() == 2


def test_a_duplicate_period_is_refused_naming_the_period(indicator, member_a):
    add_value(indicator, member_a)
    with pytest.raises(ValidationError) as caught:
        add_value(indicator, member_a, value="30")
    assert "period_start" in caught.value.message_dict
    assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize(
    ("start_offset", "end_offset"),
    [(30, 119), (-30, 10), (10, 20), (-10, 100), (89, 89)],
    ids=["later-start", "earlier-start", "inside", "around", "last-day"],
)
def test_an_overlapping_period_is_refused_naming_the_period(indicator, member_a, start_offset, end_offset):
    """The first value covers LAST_YEAR + 0..89 days; any period sharing a day with it would count that day twice."""
    add_value(indicator, member_a)
    with pytest.raises(ValidationError) as caught:
        add_value(
            indicator,
            member_a,
            period_start=LAST_YEAR + dt.timedelta(days=start_offset),
            period_end=LAST_YEAR + dt.timedelta(days=end_offset),
        )
    assert "overlaps one that already has a value" in caught.value.message_dict["period_start"][0]
    assert IndicatorValue.objects.count() == 1


def test_the_day_after_a_period_starts_the_next_one(indicator, member_a):
    add_value(indicator, member_a)
    add_value(
        indicator,
        member_a,
        period_start=LAST_YEAR + dt.timedelta(days=90),
        period_end=LAST_YEAR + dt.timedelta(days=179),
    )
    assert IndicatorValue.objects.count() == 2


def test_the_database_refuses_a_duplicate_period_too(indicator, member_a):
    first = add_value(indicator, member_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=first.period_start,
            period_end=first.period_end,
            value=1,
            source="s",
            reason="r",
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"name": ""}, "name"),
        ({"unit": "furlongs"}, "unit"),
        ({"unit": "other"}, "unit_label"),
        ({"baseline_value": "x"}, "baseline_value"),
        ({"unit": "percent", "target_value": 150}, "target_value"),
        ({"baseline_date": TODAY + dt.timedelta(days=3)}, "baseline_date"),
        ({"target_date": LAST_YEAR - dt.timedelta(days=1)}, "target_date"),
    ],
)
def test_each_bad_indicator_names_its_field(item, member_a, changes, field):
    with pytest.raises(ValidationError) as caught:
        make_indicator(item, member_a, **changes)
    assert field in caught.value.message_dict
    assert not Indicator.objects.exists()


# ----- who may do what -----------------------------------------------------------------------------------------


def test_lead_member_may_add_an_indicator_and_another_member_may_not(item, member_a, member_b):
    make_indicator(item, member_a)
    with pytest.raises(PermissionDenied):
        make_indicator(item, member_b, slug="other")


def test_coordinator_may_add_a_value_and_an_outsider_may_not(indicator, coordinator, outsider):
    add_value(indicator, coordinator)
    with pytest.raises(PermissionDenied):
        add_value(indicator, outsider, period_start=TODAY - dt.timedelta(days=10), period_end=TODAY)


def test_a_partner_submits_for_review_but_may_not_accept(indicator, member_partner):
    value = add_value(indicator, member_partner, status=IndicatorValue.Status.PENDING_REVIEW)
    assert value.status == IndicatorValue.Status.PENDING_REVIEW
    with pytest.raises(PermissionDenied):
        add_value(indicator, member_partner, period_start=TODAY - dt.timedelta(days=9), period_end=TODAY)


def test_an_unrelated_member_may_not_submit_for_review(indicator, member_b):
    with pytest.raises(PermissionDenied):
        add_value(indicator, member_b, status=IndicatorValue.Status.PENDING_REVIEW)


def test_lead_reviews_a_submission_once_and_a_partner_may_not(indicator, member_a, member_partner, partner_org):
    value = add_value(indicator, None, status=IndicatorValue.Status.PENDING_REVIEW, organization=partner_org)
    with pytest.raises(PermissionDenied):
        services.indicator_value_review(actor=member_partner, value=value, accept=True, reason="Looks right.")
    with pytest.raises(ValidationError) as caught:
        services.indicator_value_review(actor=member_a, value=value, accept=True, reason="")
    assert "reason" in caught.value.message_dict
    services.indicator_value_review(actor=member_a, value=value, accept=True, reason="Matches our records.")
    assert value.status == IndicatorValue.Status.ACCEPTED and value.reviewed_by == member_a
    with pytest.raises(Conflict):
        services.indicator_value_review(actor=member_a, value=value, accept=False, reason="Changed my mind.")


def test_a_rejected_value_frees_its_period(indicator, member_a, partner_org):
    value = add_value(indicator, None, status=IndicatorValue.Status.PENDING_REVIEW, organization=partner_org)
    services.indicator_value_review(actor=member_a, value=value, accept=False, reason="Wrong period.")
    add_value(indicator, member_a)
    assert IndicatorValue.objects.accepted().count() == 1


def test_a_machine_submission_says_whose_count_it_is(indicator):
    with pytest.raises(ValidationError) as caught:
        add_value(indicator, None, status=IndicatorValue.Status.PENDING_REVIEW)
    assert "organization" in caught.value.message_dict


# ----- append-only ---------------------------------------------------------------------------------------------


def test_values_cannot_be_changed_or_deleted(indicator, member_a):
    value = add_value(indicator, member_a)
    value.value = 99
    with pytest.raises(AppendOnlyError):
        value.save()
    with pytest.raises(AppendOnlyError):
        value.delete()
    with pytest.raises(AppendOnlyError):
        IndicatorValue.objects.update(value=3)


def test_the_database_refuses_a_change_but_allows_the_review(indicator, member_a, partner_org):
    accepted = add_value(indicator, member_a)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE actionplan_indicatorvalue SET value = 7 WHERE id = %s", [accepted.id])
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE actionplan_indicatorvalue SET status = 'rejected' WHERE id = %s", [accepted.id])
    pending = add_value(
        indicator,
        None,
        status=IndicatorValue.Status.PENDING_REVIEW,
        organization=partner_org,
        period_start=TODAY - dt.timedelta(days=5),
        period_end=TODAY,
    )
    services.indicator_value_review(actor=member_a, value=pending, accept=True, reason="Confirmed.")
    assert IndicatorValue.objects.get(id=pending.id).status == IndicatorValue.Status.ACCEPTED
