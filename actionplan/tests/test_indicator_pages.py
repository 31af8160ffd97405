"""The indicator pages: each item shows its indicators as a server-drawn SVG chart with a data table beside it; the
plan shows its progress over time; the monitoring calendar; the staff forms (bad input: the form again, naming
the field, nothing saved); who may open them; indicators as of a date."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan import services
from actionplan.models import Evaluation, Indicator, IndicatorValue, ItemEdit, ReportingPeriod, Status
from taskforce.language import i18n_text

from .factories import MilestoneFactory, at_noon, dated_history

TODAY = timezone.localdate()


@pytest.fixture
def indicator(item, member_a):
    return services.indicator_add(
        actor=member_a,
        item=item,
        slug="officers-trained",
        name={"en": "Officers trained", "fr": "Agents formés"},
        unit="count",
        baseline_value=10,
        baseline_date=dt.date(2024, 1, 1),
        target_value=200,
        target_date=TODAY + dt.timedelta(days=365),
        reason="Agreed with the college.",
    )


def add(indicator, actor, start, end, value, **kwargs):
    return services.indicator_value_add(
        actor=actor,
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=value,
        source="College records",
        reason="Quarterly count.",
        **kwargs,
    )


def test_the_item_page_draws_each_indicator_as_an_accessible_svg_with_its_table(client, item, indicator, member_a):
    add(indicator, member_a, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 40)
    add(indicator, member_a, dt.date(2024, 4, 1), dt.date(2024, 6, 30), 75)
    page = client.get(item.get_absolute_url()).content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    assert (
        'role="img"' in svg and f'aria-labelledby="indicator-{indicator.id}-title indicator-{indicator.id}-desc"' in svg
    )
    assert "<title" in svg and "Officers trained, from the baseline to the target" in svg
    assert "Baseline: 10 on Jan. 1, 2024." in svg and "the latest, 75, for the period ending June 30, 2024" in svg
    # The measured line: baseline and 2 values; the dashed way to the target: from the latest value to the target.
    assert svg.count("<circle") == 5 and svg.count("<path") == 2 and 'stroke-dasharray="6 4"' in svg
    assert "style" not in svg and "<script" not in svg
    assert "<script" not in page.split('id="indicators"')[1].split("Milestones")[0]
    table = page.split("Officers trained: baseline, measured values and target")[1].split("</table>")[0]
    for text in ("Baseline", "40", "75", "Target", "200", "College records", 'scope="row"'):
        assert text in table


def test_a_pending_or_rejected_value_is_not_on_the_public_chart(client, item, indicator, member_a, partner_org):
    add(
        indicator,
        None,
        dt.date(2024, 1, 1),
        dt.date(2024, 3, 31),
        333,
        status="pending_review",
        organization=partner_org,
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert "333" not in page and "No measured value yet." in page


def test_a_hidden_indicator_is_for_its_managers_only(client, item, member_a, login_as, indicator):
    Indicator.objects.filter(id=indicator.id).update(is_public=False)
    assert "Officers trained" not in client.get(item.get_absolute_url()).content.decode()
    login_as(member_a)
    assert "Officers trained" in client.get(item.get_absolute_url()).content.decode()


def test_the_french_page_writes_numbers_and_dates_in_french(client, item, indicator, member_a):
    add(indicator, member_a, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 1500)
    page = client.get(item.get_absolute_url().replace("/en/", "/fr/")).content.decode()
    assert "Agents formés" in page and "1\u00a0500" in page and "Valeur de référence" in page


# ----- as of a date --------------------------------------------------------------------------------------------


def test_indicators_as_of_a_date_use_only_the_values_accepted_by_then(
    client, item, indicator, member_a, member_partner, partner_org
):
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 3, 31),
        value=41,
        source="s",
        reason="r",
        status="accepted",
        created_at=at_noon("2024-04-10"),
        reviewed_at=at_noon("2024-04-10"),
    )
    late = add(
        indicator,
        None,
        dt.date(2024, 4, 1),
        dt.date(2024, 6, 30),
        77,
        status="pending_review",
        organization=partner_org,
    )
    services.indicator_value_review(actor=member_a, value=late, accept=True, reason="Checked.")
    Indicator.objects.filter(id=indicator.id).update(created_at=at_noon("2024-01-02"))
    url = item.get_absolute_url()
    may = client.get(url, {"as_of": "2024-05-01"}).content.decode()
    assert ">41<" in may and ">77<" not in may and "only the values accepted by then" in may
    assert ">77<" in client.get(url).content.decode()  # accepted today
    before = client.get(url, {"as_of": "2024-01-01"}).content.decode()
    assert "This action had no indicator yet on that date." in before


@pytest.mark.parametrize("value", ["2999-01-01", "soon"])
def test_a_bad_as_of_date_on_the_item_page_is_a_400_naming_it(client, item, indicator, value):
    response = client.get(item.get_absolute_url(), {"as_of": value})
    assert response.status_code == 400
    assert "Choose today or a past date" in response.content.decode() or "Enter a valid date" in (
        response.content.decode()
    )


def test_the_plan_page_draws_its_progress_over_time(client, item, plan):
    dated_history(
        item,
        created="2024-01-01",
        entries=[("2024-03-01", Status.ON_TRACK, 20, "r1"), ("2024-06-01", Status.ON_TRACK, 60, "r2")],
    )
    page = client.get(reverse("actionplan:index")).content.decode()
    svg = re.search(r'<svg[^>]*aria-labelledby="plan-progress-title plan-progress-desc".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and "Progress of Test plan over time" in svg and "(20%) to" in svg
    table = page.split("The plan's average progress by date")[1].split("</table>")[0]
    assert "March 1, 2024" in table and "60%" in table and "1 of 1" in table
    april = client.get(reverse("actionplan:index"), {"as_of": "2024-04-01"}).content.decode()
    assert "June 1, 2024" not in april.split("Progress over time")[1]


def test_the_plan_page_shows_its_actions_by_status_at_a_glance_with_the_table(client, item, plan):
    from .factories import ActionItemFactory  # noqa: PLC0415 -- a second action for this test only

    dated_history(item, created="2024-01-01", entries=[("2024-03-01", Status.CHALLENGES, 20, "r1")])
    ActionItemFactory(plan=plan, number=2, slug="second", title="Second", status=Status.NOT_STARTED)
    page = client.get(reverse("actionplan:index")).content.decode()
    svg = re.search(r'<svg[^>]*aria-labelledby="plan-status-title plan-status-desc".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and '<title id="plan-status-title">Actions of Test plan by status</title>' in svg
    assert '<desc id="plan-status-desc">2 actions: ' in svg and "style" not in svg and "<script" not in svg
    table = page.split('id="plan-status-counts"')[1].split("</table>")[0]
    shown = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="text-end">(\d+)</td>', table))
    assert shown == {
        "Not started": "1",
        "Work underway – on track": "0",
        "Work underway – with challenges": "1",
        "Complete": "0",
        "Not being pursued": "0",
    }
    for label, count in shown.items():  # each bar says its status and count, as the table
        assert f">{label}: {count}</text>" in svg


def test_the_plan_page_s_charts_write_numbers_and_dates_in_french(client, item, plan):
    dated_history(
        item,
        created="2024-01-01",
        entries=[("2024-03-01", Status.ON_TRACK, 20, "r1"), ("2024-06-01", Status.ON_TRACK, 60, "r2")],
    )
    page = client.get("/fr/action-plan/").content.decode()
    progress = re.search(r'<svg[^>]*aria-labelledby="plan-progress-title plan-progress-desc".*?</svg>', page, re.S)[0]
    assert ">100\xa0%</text>" in progress or ">100 %</text>" in progress  # French puts a space before %
    assert ">01/03/2024</text>" in progress and ">01/06/2024</text>" in progress  # day first
    status = re.search(r'<svg[^>]*aria-labelledby="plan-status-title plan-status-desc".*?</svg>', page, re.S)[0]
    # The label in French (": " until the French catalogue writes its own " : ") with its count.
    assert re.search(r">Travail en cours – dans les temps\s?: 1</text>", status)


# ----- the monitoring calendar ---------------------------------------------------------------------------------


def test_the_monitoring_page_shows_periods_overdue_milestones_and_the_final_evaluation(client, item, plan):
    ReportingPeriod.objects.create(
        plan=plan,
        name=i18n_text(en="Year one"),
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 3, 31),
    )
    Evaluation.objects.create(plan=plan, title=i18n_text(en="Final review"), date=dt.date(2028, 6, 30))
    MilestoneFactory(item=item, title="Late thing", due_date=TODAY - dt.timedelta(days=3))
    MilestoneFactory(item=item, title="Later thing", due_date=TODAY + dt.timedelta(days=3))
    page = client.get(reverse("actionplan:monitoring")).content.decode()
    assert "Year one" in page and "March 31, 2026" in page
    assert "1 milestone is overdue." in page
    late_row = page.split("Late thing")[1].split("</tr>")[0]
    assert "(overdue)" in late_row and "(overdue)" not in page.split("Later thing")[1].split("</tr>")[0]
    assert "Final review" in page and "final evaluation" in page and "Planned for June 30, 2028." in page


def test_the_monitoring_page_works_without_a_plan(client, db):
    assert client.get(reverse("actionplan:monitoring")).status_code == 200


# ----- the staff pages -----------------------------------------------------------------------------------------


def _indicator_form(**changes):
    data = {
        "name_0": "Calls answered",
        "slug": "calls-answered",
        "unit": "percent",
        "baseline_value": "50",
        "baseline_date": "2024-01-01",
        "target_value": "90",
        "target_date": (TODAY + dt.timedelta(days=100)).isoformat(),
        "order": "0",
        "is_public": "on",
        "reason": "The hotline's own measure.",
    }
    data.update(changes)
    return data


def test_the_lead_adds_an_indicator_through_the_form_and_it_is_audited(client, item, member_a, login_as):
    login_as(member_a)
    response = client.post(reverse("actionplan:indicator_add", args=[item.url_key]), _indicator_form())
    assert response.status_code == 302
    indicator = Indicator.objects.get(slug="calls-answered")
    assert indicator.item == item and indicator.unit == "percent"
    edit = ItemEdit.objects.get(item=item)
    assert edit.actor == member_a and edit.new_values["indicator_added"] == "calls-answered"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_value": "150"}, "target_value", "A percentage is from 0 to 100."),
        ({"baseline_date": "2999-01-01"}, "baseline_date", "This date is in the future"),
        ({"reason": ""}, "reason", "Say what changed and why."),
        ({"name_0": ""}, "name", ""),
    ],
)
def test_a_bad_indicator_is_the_form_again_naming_the_field(client, item, member_a, login_as, changes, field, message):
    login_as(member_a)
    response = client.post(reverse("actionplan:indicator_add", args=[item.url_key]), _indicator_form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Indicator.objects.exists() and not ItemEdit.objects.exists()


def _value_form(**changes):
    data = {
        "period_start": "2024-01-01",
        "period_end": "2024-03-31",
        "value": "12",
        "source": "Register",
        "reason": "First count.",
    }
    data.update(changes)
    return data


def test_the_lead_adds_a_value_through_the_form(client, indicator, member_a, login_as):
    login_as(member_a)
    response = client.post(reverse("actionplan:indicator_value_add", args=[indicator.id]), _value_form())
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 12


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": "-3"}, "value", "A count is a whole number, 0 or more."),
        ({"value": "2.5"}, "value", "A count is a whole number, 0 or more."),
        ({"period_end": "2999-12-31"}, "period_end", "This date is in the future"),
        ({"period_start": "2024-05-01"}, "period_end", "The period ends on or after the day it starts."),
        ({"source": ""}, "source", ""),
        ({"value": "abc"}, "value", ""),
    ],
)
def test_a_bad_value_is_the_form_again_naming_the_field(client, indicator, member_a, login_as, changes, field, message):
    login_as(member_a)
    response = client.post(reverse("actionplan:indicator_value_add", args=[indicator.id]), _value_form(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_duplicate_period_through_the_form_names_the_period(client, indicator, member_a, login_as):
    login_as(member_a)
    url = reverse("actionplan:indicator_value_add", args=[indicator.id])
    client.post(url, _value_form())
    response = client.post(url, _value_form(value="13"))
    assert response.status_code == 400
    assert "period_start" in response.context["form"].errors
    assert "already has a value for this period" in response.content.decode()
    assert IndicatorValue.objects.count() == 1


def test_an_overlapping_period_through_the_form_is_a_400_naming_the_period(client, indicator, member_a, login_as):
    login_as(member_a)
    url = reverse("actionplan:indicator_value_add", args=[indicator.id])
    client.post(url, _value_form())
    response = client.post(url, _value_form(period_start="2024-03-01", period_end="2024-05-31", value="13"))
    assert response.status_code == 400
    assert "period_start" in response.context["form"].errors
    assert "overlaps one that already has a value" in response.content.decode()
    assert IndicatorValue.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"), [("member_a", 200), ("coordinator", 200), ("member_partner", 403), ("member_b", 403)]
)
def test_who_may_open_the_indicator_forms(client, request, login_as, item, indicator, who, status):
    login_as(request.getfixturevalue(who))
    assert client.get(reverse("actionplan:indicator_add", args=[item.url_key])).status_code == status
    assert client.get(reverse("actionplan:indicator_value_add", args=[indicator.id])).status_code == status
    response = client.post(reverse("actionplan:indicator_value_add", args=[indicator.id]), _value_form())
    assert response.status_code == (302 if status == 200 else 403)


def test_the_anonymous_public_is_sent_to_sign_in(client, item, indicator):
    response = client.get(reverse("actionplan:indicator_value_add", args=[indicator.id]))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(("who", "status"), [("member_a", 302), ("member_partner", 403), ("outsider", 403)])
def test_who_may_review_a_partners_submission(client, request, login_as, indicator, partner_org, who, status):
    value = add(
        indicator, None, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 5, status="pending_review", organization=partner_org
    )
    login_as(request.getfixturevalue(who))
    url = reverse("actionplan:indicator_value_review", args=[value.id])
    response = client.post(url, {"accept": "1", "reason": "Matches our register."})
    assert response.status_code == status
    value.refresh_from_db()
    assert value.status == ("accepted" if status == 302 else "pending_review")


def test_the_lead_sees_submissions_waiting_for_review_on_the_item_page(
    client, item, indicator, member_a, login_as, partner_org
):
    value = add(
        indicator, None, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 5, status="pending_review", organization=partner_org
    )
    login_as(member_a)
    page = client.get(item.get_absolute_url()).content.decode()
    assert reverse("actionplan:indicator_value_review", args=[value.id]) in page


# ----- the open dataset ----------------------------------------------------------------------------------------


def test_the_indicators_dataset_has_accepted_values_of_public_indicators_only(
    client, item, indicator, member_a, partner_org
):
    import csv  # noqa: PLC0415 -- used by this test only
    import io  # noqa: PLC0415 -- used by this test only
    import json  # noqa: PLC0415 -- used by this test only

    add(indicator, member_a, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 40)
    add(
        indicator,
        None,
        dt.date(2024, 4, 1),
        dt.date(2024, 6, 30),
        55,
        status="pending_review",
        organization=partner_org,
    )
    hidden = services.indicator_add(
        actor=member_a,
        item=item,
        slug="internal-only",
        name="Internal",
        unit="hours",
        baseline_value=1,
        baseline_date=dt.date(2024, 1, 1),
        target_value=2,
        target_date=TODAY + dt.timedelta(days=10),
        reason="Internal follow-up.",
        is_public=False,
    )
    add(hidden, member_a, dt.date(2024, 1, 1), dt.date(2024, 3, 31), 7)
    response = client.get("/en/data/indicators.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["indicator"], r["value"], r["period_end"]) for r in rows] == [("officers-trained", "40", "2024-03-31")]
    assert rows[0]["name_fr"] == "Agents formés" and rows[0]["baseline_value"] == "10"
    data = json.loads(b"".join(client.get("/en/data/indicators.json").streaming_content))
    assert [row["value"] for row in data["rows"]] == [40]  # a number, not a string


def test_the_item_page_as_of_a_date_shows_the_status_progress_and_timeline_known_then(client, item):
    """Not today's values under a past date: the header and the timeline stop at that day, and a day before the
    first update says there was no data yet."""
    dated_history(
        item,
        created="2024-01-01",
        entries=[
            ("2024-03-01", Status.ON_TRACK, 20, "First step reported"),
            ("2024-06-01", Status.CHALLENGES, 60, "Later step reported"),
        ],
    )
    march = client.get(item.get_absolute_url(), {"as_of": "2024-04-01"}).content.decode()
    header = march.split("<dl")[1].split("</dl>")[0]
    assert "20%" in header and "60%" not in header and str(Status.ON_TRACK.label) in header
    assert "as they stood on April 1, 2024" in march
    timeline = march.split('id="timeline"')[1]
    assert "First step reported" in timeline and "Later step reported" not in timeline
    before = client.get(item.get_absolute_url(), {"as_of": "2024-02-01"}).content.decode()
    assert "No data yet" in before.split("<dl")[1].split("</dl>")[0]
    assert "First step reported" not in before.split('id="timeline"')[1]
    today = client.get(item.get_absolute_url()).content.decode()
    assert "60%" in today.split("<dl")[1].split("</dl>")[0] and "Later step reported" in today


# ----- the coordinator keeps the calendar -----------------------------------------------------------------------

PERIOD = {"name_0": "Year two", "start": "2026-01-01", "end": "2026-12-31", "due_date": "2027-03-31"}
EVALUATION = {"title_0": "Mid-term review", "date": "2027-06-30", "summary_0": "", "document_url": ""}


def test_a_coordinator_adds_a_period_and_an_evaluation_and_the_calendar_shows_them(client, login_as, coordinator, item):
    login_as(coordinator)
    calendar = client.get(reverse("actionplan:monitoring")).content.decode()
    assert reverse("actionplan:reporting_period_add") in calendar and reverse("actionplan:evaluation_add") in calendar
    assert client.get(reverse("actionplan:reporting_period_add")).status_code == 200
    response = client.post(reverse("actionplan:reporting_period_add"), PERIOD)
    assert response.status_code == 302 and response["Location"] == reverse("actionplan:monitoring")
    response = client.post(reverse("actionplan:evaluation_add"), EVALUATION)  # "final" left unticked
    assert response.status_code == 302
    page = client.get(reverse("actionplan:monitoring")).content.decode()
    assert "Year two" in page and "March 31, 2027" in page and "Mid-term review" in page
    assert "Planned for June 30, 2027." in page and "(final evaluation)" not in page
    assert Evaluation.objects.get().is_final is False
    french = client.get("/fr/action-plan/staff/monitoring/periods/add/").content.decode()
    assert "Ajouter une période de rapport" in french


@pytest.mark.parametrize("who", ["member_a", "member_b", "outsider"])
def test_nobody_but_a_coordinator_keeps_the_calendar(request, client, login_as, who, item):
    login_as(request.getfixturevalue(who))
    assert client.get(reverse("actionplan:reporting_period_add")).status_code == 403
    assert client.post(reverse("actionplan:reporting_period_add"), PERIOD).status_code == 403
    assert client.post(reverse("actionplan:evaluation_add"), EVALUATION).status_code == 403
    assert not ReportingPeriod.objects.exists() and not Evaluation.objects.exists()
    calendar = client.get(reverse("actionplan:monitoring")).content.decode()
    assert reverse("actionplan:reporting_period_add") not in calendar


def test_a_visitor_is_asked_to_sign_in(client, item):
    response = client.get(reverse("actionplan:reporting_period_add"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2025-12-31"}, "end", "ends on or after the day it starts"),
        ({"due_date": "2026-06-30"}, "due_date", "due on or after its last day"),
        ({"start": "2026-02-30"}, "start", "valid date"),
        ({"name_0": ""}, "name", "This field is required"),
        ({"start": "2025-06-01", "end": "2025-12-31", "due_date": "2026-01-31"}, "start", "overlaps one already"),
    ],
)
def test_a_bad_period_is_the_form_again_naming_the_field(
    client, login_as, coordinator, item, plan, changes, field, message
):
    ReportingPeriod.objects.create(
        plan=plan, name=i18n_text(en="Year one"), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31),
        due_date=dt.date(2026, 3, 31),
    )  # fmt: skip
    login_as(coordinator)
    response = client.post(reverse("actionplan:reporting_period_add"), {**PERIOD, **changes})
    assert response.status_code == 400
    page = response.content.decode()
    # the message in its field's error block (crispy: id="error_1_id_<field>")
    assert message in page.split(f'id="error_1_id_{field}"')[1].split("</span>")[0]
    assert ReportingPeriod.objects.count() == 1


def test_an_overlong_evaluation_summary_is_refused_naming_the_field(client, login_as, coordinator, item):
    login_as(coordinator)
    response = client.post(reverse("actionplan:evaluation_add"), {**EVALUATION, "summary_0": "x" * 5001})
    assert response.status_code == 400 and "Keep the summary to 5000 characters" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_as_of_a_date_milestones_are_judged_on_that_day(client, item):
    MilestoneFactory(item=item, title="Pilot", due_date=dt.date(2024, 6, 30))
    before = client.get(item.get_absolute_url(), {"as_of": "2024-06-01"}).content.decode()
    after = client.get(item.get_absolute_url(), {"as_of": "2024-07-15"}).content.decode()
    assert "(overdue)" not in before.split("Pilot")[1].split("</tr>")[0]
    assert "(overdue)" in after.split("Pilot")[1].split("</tr>")[0]


def test_a_refused_as_of_date_is_said_at_the_top_of_the_page(client, item):
    response = client.get(item.get_absolute_url(), {"as_of": "2024-02-30"})
    page = response.content.decode()
    assert response.status_code == 400
    top = page.split('id="as-of-refused"')[1].split("</div>")[0]
    assert "This page shows the action as it is today." in top
    assert page.index('id="as-of-refused"') < page.index("<dl")


def test_as_of_a_date_a_milestone_done_later_is_still_overdue_then(client, item):
    MilestoneFactory(item=item, title="Quarterly briefing", due_date=dt.date(2024, 6, 30), done_on=dt.date(2024, 7, 10))
    july_5 = client.get(item.get_absolute_url(), {"as_of": "2024-07-05"}).content.decode()
    row = july_5.split("Quarterly briefing")[1].split("</tr>")[0]
    assert "(overdue)" in row and "July 10, 2024" not in row and "Not yet" in row
    today = client.get(item.get_absolute_url()).content.decode()
    row = today.split("Quarterly briefing")[1].split("</tr>")[0]
    assert "(overdue)" not in row and "July 10, 2024" in row


# ----- fixed query counts of the indicator pages and downloads (issue 19: flat from 1x to 10x) ----------------


def _quarters(indicator, actor, count, *, first_year=2010, **kwargs):
    """`count` values, one a quarter from `first_year` (none overlaps another)."""
    values = []
    for n in range(count):
        year, quarter = first_year + n // 4, n % 4
        start = dt.date(year, 1 + 3 * quarter, 1)
        end = (dt.date(year + (quarter == 3), 1 + 3 * ((quarter + 1) % 4), 1)) - dt.timedelta(days=1)
        values.append(add(indicator, actor, start, end, 10 + n, **kwargs))
    return values


def _counted(client, path) -> int:
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- used by this test only

    client.get(path)  # the first visit may warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries.captured_queries)


def test_the_indicator_pages_and_downloads_cost_the_same_with_ten_times_the_values(
    client, item, indicator, member_a, login_as, partner_org
):
    _quarters(indicator, member_a, 2)
    (waiting,) = _quarters(indicator, None, 1, first_year=2000, status="pending_review", organization=partner_org)
    login_as(member_a)
    paths = [
        item.get_absolute_url(),
        "/en/data/indicators.csv",
        "/en/data/indicators.json",
        "/en/action-plan/download.csv",
        reverse("actionplan:indicator_value_review", args=[waiting.id]),
    ]
    once = {path: _counted(client, path) for path in paths}
    _quarters(indicator, member_a, 18, first_year=2012)
    _quarters(indicator, None, 9, first_year=2001, status="pending_review", organization=partner_org)
    assert {path: _counted(client, path) for path in paths} == once
