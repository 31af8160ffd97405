"""Routing: city rules, then province rules, then the national hotline; the public directory."""

import pytest

from tips import selectors, services

from .factories import tip_data

pytestmark = pytest.mark.django_db


def slugs(hotlines):
    return sorted(h.organization.slug for h in hotlines)


def test_province_rule_wins_over_national(hotlines):
    assert slugs(selectors.receivers_for(province="MB", kind="sex")) == ["klinic"]


def test_city_rule_first_then_province_then_national(hotlines):
    assert slugs(selectors.receivers_for(province="ON", kind="labour", city=" hamilton ")) == [
        "cceht",
        "hamilton-police",
    ]
    assert slugs(selectors.receivers_for(province="ON", kind="labour", city="Toronto")) == ["cceht"]
    assert slugs(selectors.receivers_for(province="AB", kind="organs")) == ["cceht"]


def test_inactive_receivers_are_skipped(hotlines):
    hotlines["klinic"].is_active = False
    hotlines["klinic"].save()
    assert slugs(selectors.receivers_for(province="MB", kind="sex")) == ["cceht"]


def test_submit_saves_one_delivery_per_receiver(hotlines):
    receipt = services.tip_submit(form_data=tip_data(province="ON", city="Hamilton"))
    assert sorted(receipt.tip.deliveries.values_list("hotline__organization__slug", flat=True)) == [
        "cceht",
        "hamilton-police",
    ]
    assert len(services.receipt_normalize(receipt.receipt_code)) == 20


def test_directory_filters_by_province_and_need(hotlines):
    assert slugs(selectors.hotlines_public(province="MB")) == ["cceht", "chrysalis", "klinic"]
    assert slugs(selectors.hotlines_public(province="AB", need="organs")) == ["cceht"]
    assert slugs(selectors.hotlines_public(need="labour")) == ["cceht", "chrysalis", "hamilton-police", "klinic"]


@pytest.mark.parametrize(
    "bad",
    [{"what_happened": "  "}, {"province": "XX"}, {"kind": "other"}, {"province": ""}],
)
def test_submit_refuses_incomplete_data_and_saves_nothing(hotlines, bad):
    from tips.models import Tip  # noqa: PLC0415 -- used by this test only

    with pytest.raises(services.TipError):
        services.tip_submit(form_data=tip_data(**bad), source="assessment")
    assert not Tip.objects.exists()


def test_submit_from_the_assessment_tool(hotlines):
    receipt = services.tip_submit(form_data=tip_data(kind="unsure", province="MB"), source="assessment")
    assert receipt.tip.source == "assessment"
    assert slugs(h.hotline for h in receipt.tip.deliveries.all()) == ["klinic"]


def test_seed_is_idempotent(hotlines):
    from tips import reference  # noqa: PLC0415 -- used by this test only
    from tips.models import Hotline, RoutingRule  # noqa: PLC0415 -- used by this test only

    before = (Hotline.objects.count(), RoutingRule.objects.count())
    reference.load()
    assert (Hotline.objects.count(), RoutingRule.objects.count()) == before == (4, 8)
