"""A partner submits its own dated counts for the indicators its client is allowed: validated (a 400 naming the
field, nothing saved), attributed to its organization, waiting for the item's lead (told without the text), and
read back with their review state. Anything else is refused."""

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from actionplan import services
from actionplan.models import Indicator, IndicatorValue
from actionplan.tests.factories import ActionItemFactory, PlanFactory
from taskforce import partners, roles
from taskforce.models import Notification, PartnerExchange

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=120)
END = START + dt.timedelta(days=29)


@pytest.fixture
def item(org_a):
    return ActionItemFactory(plan=PlanFactory(), number=1, slug="first", lead_organization=org_a)


def make_indicator(item, actor, slug="trained-officers", unit=Indicator.Unit.COUNT):
    return services.indicator_add(
        actor=actor,
        item=item,
        slug=slug,
        name={"en": "Officers trained", "fr": "Agents formés"},
        unit=unit,
        baseline_value=10,
        baseline_date=TODAY - dt.timedelta(days=365),
        target_value=90 if unit == Indicator.Unit.PERCENT else 200,
        target_date=TODAY + dt.timedelta(days=365),
        reason="Measured for the partner exchange tests.",
    )


@pytest.fixture
def indicator(item, coordinator):
    return make_indicator(item, coordinator)


@pytest.fixture
def percent(item, coordinator):
    return make_indicator(item, coordinator, slug="share", unit=Indicator.Unit.PERCENT)


def partner_api(coordinator, org, indicators=(), **scopes):
    scopes = {"can_read_statistics": False, "can_submit_values": True, **scopes}
    client = partners.partner_client_create(
        actor=coordinator, organization=org, name="feed", indicators=indicators, **scopes
    )
    _row, key = partners.partner_key_issue(actor=coordinator, client=client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Partner {key}")
    api.partner_client = client
    api.partner_key = _row
    return api


@pytest.fixture
def hotline_org(db):
    from taskforce.testing.factories import OrganizationFactory  # noqa: PLC0415 -- used by this module only

    return OrganizationFactory(name="Hotline (test)", slug="hotline", kind="hotline")


@pytest.fixture
def api(coordinator, hotline_org, indicator, percent):
    return partner_api(coordinator, hotline_org, indicators=[indicator, percent])


def url(slug="trained-officers"):
    return f"/api/partners/indicators/{slug}/values/"


def body(**changes):
    data = {
        "period_start": START.isoformat(),
        "period_end": END.isoformat(),
        "value": 25,
        "source": "Calls logged by the hotline",
        "reason": "Our count for the month.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_submission_waits_for_the_lead_and_is_attributed(api, hotline_org, indicator, member_a, member_b):
    answer = api.post(url(), body(), format="json")
    assert answer.status_code == 201, answer.content
    value = IndicatorValue.objects.get()
    assert answer.json()["id"] == value.pk and answer.json()["status"] == "pending_review"
    assert value.status == IndicatorValue.Status.PENDING_REVIEW
    assert value.organization == hotline_org and value.entered_by is None
    assert not IndicatorValue.objects.accepted().exists()  # it does not count yet
    told = Notification.objects.filter(template="partner_value_submitted")
    assert [n.recipient for n in told] == [member_a.email]  # the lead's member, not org_b's
    assert "Calls logged" not in str(told[0].__dict__) and "Our count" not in str(told[0].__dict__)
    logged = PartnerExchange.objects.get()
    assert (logged.method, logged.status_code) == ("POST", 201)
    assert logged.record_ids == {"indicator": [indicator.pk], "value": [value.pk]}


def test_the_client_reads_back_its_submissions_and_their_review(api, indicator, member_a):
    api.post(url(), body(), format="json")
    value = IndicatorValue.objects.get()
    services.indicator_value_review(actor=member_a, value=value, accept=False, reason="Counted twice.")
    answer = api.get(url())
    assert answer.status_code == 200
    [row] = answer.json()["values"]
    assert (row["status"], row["review_reason"]) == ("rejected", "Counted twice.")
    assert "reviewed_by" not in row
    assert api.post(url(), body(value=24), format="json").status_code == 201  # a rejected value frees the period
    assert [v["status"] for v in api.get(url()).json()["values"]] == ["rejected", "pending_review"]


def test_the_client_sees_only_its_organizations_submissions(api, indicator, coordinator, org_b, member_a):
    other = partner_api(coordinator, org_b, indicators=[indicator])
    other_period = {
        "period_start": (START - dt.timedelta(days=60)).isoformat(),
        "period_end": (START - dt.timedelta(days=31)).isoformat(),
    }
    assert other.post(url(), body(**other_period), format="json").status_code == 201
    services.indicator_value_add(
        actor=member_a,
        indicator=indicator,
        period_start=START - dt.timedelta(days=30),
        period_end=START - dt.timedelta(days=1),
        value=3,
        source="Lead's records",
        reason="Entered by the lead.",
    )
    assert api.get(url()).json()["values"] == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": -1}, "value"),
        ({"value": 2.5}, "value"),
        ({"value": "many"}, "value"),
        ({"value": True}, "value"),
        ({"value": [1]}, "value"),
        ({"value": "1e20"}, "value"),
        ({"period_end": (TODAY + dt.timedelta(days=1)).isoformat()}, "period_end"),
        ({"period_start": "02/03/2026"}, "period_start"),
        ({"period_start": None}, "period_start"),
        ({"source": " "}, "source"),
        ({"reason": None}, "reason"),
        ({"extra": "x"}, "extra"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(api, changes, field):
    answer = api.post(url(), body(**changes), format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()
    assert not IndicatorValue.objects.exists()
    assert not Notification.objects.exists()
    assert PartnerExchange.objects.get().status_code == 400


def test_a_percentage_out_of_range_is_a_400(api):
    answer = api.post(url("share"), body(value=101), format="json")
    assert answer.status_code == 400 and "value" in answer.json()


def test_a_duplicate_period_is_a_400(api):
    assert api.post(url(), body(), format="json").status_code == 201
    answer = api.post(url(), body(value=30), format="json")
    assert answer.status_code == 400 and "period_start" in answer.json()
    assert IndicatorValue.objects.count() == 1


def test_an_overlapping_period_is_a_400_naming_the_period(api):
    assert api.post(url(), body(), format="json").status_code == 201
    overlapping = body(
        period_start=(START + dt.timedelta(days=1)).isoformat(), period_end=(END + dt.timedelta(days=1)).isoformat()
    )
    answer = api.post(url(), overlapping, format="json")
    assert answer.status_code == 400 and "overlaps" in answer.json()["period_start"][0]
    assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize("raw", ['{"value": 1', "[1, 2]", '"text"', "NaN", '{"value": NaN}'])
def test_malformed_json_is_a_400(api, raw):
    answer = api.post(url(), raw, content_type="application/json")
    assert answer.status_code == 400
    assert not IndicatorValue.objects.exists()


def test_a_form_body_is_refused(api):
    answer = api.post(url(), body())
    assert answer.status_code == 415
    assert not IndicatorValue.objects.exists()


def test_an_indicator_the_client_is_not_scoped_to_is_a_404(api, item, coordinator):
    make_indicator(item, coordinator, slug="other")
    assert api.post(url("other"), body(), format="json").status_code == 404
    assert api.get(url("other")).status_code == 404
    assert api.get(url("no-such")).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_another_organizations_client_without_the_scope_is_refused(coordinator, org_b, indicator, api):
    reader = partner_api(coordinator, org_b, can_read_statistics=True, can_submit_values=False)
    assert reader.post(url(), body(), format="json").status_code == 403
    assert reader.get(url()).status_code == 403
    stranger = partner_api(coordinator, org_b)  # may submit, but not for this indicator
    assert stranger.post(url(), body(), format="json").status_code == 404
    assert not IndicatorValue.objects.exists()


def test_a_revoked_key_is_a_401(api, coordinator):
    partners.partner_key_revoke(actor=coordinator, key=api.partner_key)
    assert api.post(url(), body(), format="json").status_code == 401
    assert api.get(url()).status_code == 401
    assert not IndicatorValue.objects.exists()


def test_a_staff_token_or_session_is_not_a_partner_key(client, login_as, make_user, org_a, coordinator, indicator):
    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    member = make_user(roles.MEMBER, orgs=[org_a])
    token = api_token_issue(user=member)
    for keyword in ("Token", "Partner", "Bearer"):
        staff_api = APIClient()
        staff_api.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
        assert staff_api.post(url(), body(), format="json").status_code == 401
    login_as(coordinator)
    answer = client.post(url(), json.dumps(body()), content_type="application/json")
    assert answer.status_code in (401, 403)
    assert not IndicatorValue.objects.exists()


def test_the_list_takes_a_flat_number_of_queries(api):
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- used by this test only

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(url()).status_code == 200
        return len(ctx.captured_queries)

    api.post(url(), body(), format="json")
    once = count()
    for n in range(1, 10):
        start = START - dt.timedelta(days=31 * n)
        made = api.post(
            url(),
            body(period_start=start.isoformat(), period_end=(start + dt.timedelta(days=5)).isoformat()),
            format="json",
        )
        assert made.status_code == 201
    assert len(api.get(url()).json()["values"]) == 10
    assert count() == once
