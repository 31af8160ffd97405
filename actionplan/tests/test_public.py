"""The public side: the list, the item page and its timeline, the plan as of a past date, fixed query counts."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from actionplan import services
from actionplan.models import Status
from taskforce.language import text_data

from .factories import ActionItemFactory, MilestoneFactory, at_noon, dated_history

pytestmark = pytest.mark.django_db


def test_list_shows_every_item_with_status_progress_lead_and_the_date_of_the_latest_update(
    client, item, org_a, member_a, post_update
):
    ActionItemFactory(
        plan=item.plan, number=2, slug="second", title="Second action", status=Status.COMPLETE, progress=100
    )
    post_update(item, member_a, progress=45)
    page = client.get(reverse("actionplan:index")).content.decode()
    assert text_data(item.title)["en"] in page and "Second action" in page
    assert "Complete" in page and 'value="45"' in page and org_a.name in page
    assert f"Reflects progress up to {date_format(timezone.localdate(), 'DATE_FORMAT')}." in page


def test_list_in_french_uses_french_titles_and_status_wording(client, item):
    page = client.get("/fr/action-plan/").content.decode()
    assert text_data(item.title)["fr"] in page and "Travail en cours – dans les temps" in page


def test_item_page_by_number_or_short_name_with_timeline_and_reasons(client, item, member_a, post_update):
    post_update(item, member_a, status=Status.CHALLENGES, reason="A partner withdrew.")
    for key in ("1", "first"):
        page = client.get(reverse("actionplan:item", args=[key])).content.decode()
        assert "A partner withdrew." in page
        assert "Work underway – on track → Work underway – with challenges" in page


def test_unknown_items_are_404(client, item):
    assert client.get(reverse("actionplan:item", args=["99"])).status_code == 404
    assert client.get(reverse("actionplan:item", args=["no-such-item"])).status_code == 404
    assert client.get(reverse("actionplan:item", args=["99999999"])).status_code == 404


def test_the_public_page_names_the_organization_but_not_the_person(client, item, member_a, post_update):
    post_update(item, member_a, progress=30)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Alberta Justice (test)" in page and member_a.full_name not in page


def _status_counts(page: str) -> dict[str, str]:
    """The plan-at-a-glance table: each status's label and how many actions are in it."""
    table = page.split('id="plan-status-counts"')[1].split("</table>")[0]
    return dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td></tr>', table))


def test_the_plan_as_of_a_past_date_is_rebuilt_from_history(client, item, member_a, plan):
    dated_history(
        item,
        created="2024-01-01",
        entries=[("2024-03-01", Status.CHALLENGES, 20, "r1"), ("2024-06-01", Status.COMPLETE, 100, "r2")],
    )
    late = ActionItemFactory(plan=plan, number=2, slug="late", title="Added later")
    type(item).objects.filter(id=late.id).update(created_at=at_noon("2024-05-01"))

    def row(day):
        page = client.get(reverse("actionplan:index"), {"as_of": day}).content.decode()
        return page

    feb, april, july = row("2024-02-01"), row("2024-04-01"), row("2024-07-01")
    # Before its first dated update the item had no data: the page says so, and shows neither today's values nor
    # what a later entry says the item was (that was not known on that date).
    assert "No data yet: no update had been recorded by this date." in feb and "No update has been recorded yet" in feb
    items = feb.split('id="plan-items"')[1].split("</table>")[0]  # the glance above names every status, at 0
    assert "Work underway" not in items and 'value="10"' not in feb and "Complete" not in items
    assert _status_counts(feb)["No data yet"] == "1" and _status_counts(feb)["Complete"] == "0"
    assert _status_counts(april)["Work underway – with challenges"] == "1" and "No data yet" not in _status_counts(
        april
    )
    assert _status_counts(july)["Complete"] == "1" and _status_counts(july)["No data yet"] == "1"
    assert "with challenges" in april and 'value="20"' in april and "Added later" not in april
    assert "Reflects progress up to March 1, 2024" in april
    assert "Complete" in july and 'value="100"' in july and "Added later" in july
    assert july.count("No data yet: no update had been recorded by this date.") == 1  # the item added later


def _download(client, lang="en", **params):
    response = client.get(f"/{lang}/action-plan/download.csv", params)
    assert response.status_code == 200, response.content[:500]
    return response, list(csv.reader(io.StringIO(response.content.decode())))


def test_the_public_download_is_the_page_in_the_readers_language_as_of_its_date(client, item, member_a, plan):
    """Readable headers and statuses in the page's language, the page's date honoured, the licence named; not the
    coordinators' import format (slug, version, reason columns)."""
    dated_history(item, created="2024-01-01", entries=[("2024-03-01", Status.CHALLENGES, 20, "r1")])
    ActionItemFactory(plan=plan, number=2, slug="late", title="Added later")
    response, rows = _download(client, as_of="2024-04-01")
    assert rows[0] == [
        "Number",
        "Action",
        "Status",
        "Progress (%)",
        "Lead organization",
        "Start date",
        "Target date",
        "As of",
    ]
    assert [row[:4] for row in rows[1:]] == [
        ["1", text_data(item.title)["en"], "Work underway – with challenges", "20"]
    ]
    assert rows[1][7] == "2024-04-01" and "version" not in rows[0] and "slug" not in rows[0]
    assert "as-of-2024-04-01" in response["Content-Disposition"] and 'rel="license"' in response["Link"]
    _response, before = _download(client, as_of="2024-02-01")
    assert before[1][2:4] == ["No data yet", ""]
    _response, french = _download(client, lang="fr")
    assert french[0][:3] == ["Numéro", "Action", "État"] and {row[0] for row in french[1:]} == {"1", "2"}
    page = client.get("/en/action-plan/", {"as_of": "2024-04-01"}).content.decode()
    assert "/en/action-plan/download.csv?as_of=2024-04-01" in page


def test_the_public_download_refuses_a_date_to_come_with_the_page_and_its_message(client, item):
    response = client.get("/en/action-plan/download.csv", {"as_of": "2999-01-01"})
    assert response.status_code == 400 and "Choose today or a past date" in response.content.decode()


@pytest.mark.parametrize("value", ["yesterday", "2024-13-45", "2999-01-01"])
def test_a_bad_as_of_date_is_a_400_with_a_message(client, item, value):
    response = client.get(reverse("actionplan:index"), {"as_of": value})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode() or "Choose today or a past date" in (
        response.content.decode()
    )


def test_the_list_works_without_any_plan(client, db):
    assert client.get(reverse("actionplan:index")).status_code == 200


# ----- fixed query counts --------------------------------------------------------------------------------------


def _grow(item, member, partner, factor: int):
    """More items (with partners, a sub-action, a milestone and history), and more history, milestones and
    evidence on the item whose page is measured."""
    plan, org = item.plan, item.lead_organization
    start = plan.items.count()
    for n in range(factor):
        parent = ActionItemFactory(
            plan=plan, number=100 + start + n, slug=f"grown-{start}-{n}", lead_organization=org, partners=[partner]
        )
        ActionItemFactory(plan=plan, parent=parent, number=1, slug=f"grown-sub-{start}-{n}", lead_organization=org)
        MilestoneFactory(item=parent)
        MilestoneFactory(item=item)
        _grow_indicator(item, member, f"grown-{start}-{n}")
        for target in (parent, item):
            for status in (Status.CHALLENGES, Status.ON_TRACK):
                target.refresh_from_db()
                services.item_post_update(
                    item=target,
                    actor=member,
                    expected_version=target.version,
                    status=status,
                    reason="step",
                    evidence_url="https://example.org/e",
                )


def _grow_indicator(item, member, slug: str):
    """One more indicator on the measured item, with three values."""
    today = timezone.localdate()
    indicator = services.indicator_add(
        actor=member,
        item=item,
        slug=slug,
        name="Grown indicator",
        unit="count",
        baseline_value=0,
        baseline_date=today - dt.timedelta(days=400),
        target_value=100,
        target_date=today + dt.timedelta(days=400),
        reason="measure it",
    )
    for days in (300, 200, 100):
        start = today - dt.timedelta(days=days)
        services.indicator_value_add(
            actor=member,
            indicator=indicator,
            period_start=start,
            period_end=start + dt.timedelta(days=30),
            value=days // 10,
            source="records",
            reason="counted",
        )


def _queries(client, url, params) -> int:
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415 -- used by this test only

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "as_of"),
    [
        ("/en/action-plan/", False),
        ("/en/action-plan/", True),
        ("/en/action-plan/1/", False),
        ("/api/action-items/", False),
        ("/en/action-plan/reports/", False),
        ("/en/action-plan/monitoring/", False),
        ("/en/action-plan/1/?as_of=", True),
    ],
)
def test_public_pages_run_the_same_number_of_queries_at_1x_and_10x(
    client, item, partner_org, member_a, coordinator, django_assert_num_queries, url, as_of
):
    url = url.removesuffix("?as_of=")
    params = {"as_of": timezone.localdate().isoformat()} if as_of else {}
    _grow(item, member_a, partner_org, 1)
    services.report_generate(plan=item.plan, as_of=timezone.localdate() - dt.timedelta(days=1), actor=coordinator)
    at_1x = _queries(client, url, params)
    _grow(item, member_a, partner_org, 10)
    for days in range(2, 12):
        services.report_generate(
            plan=item.plan, as_of=timezone.localdate() - dt.timedelta(days=days), actor=coordinator
        )
    with django_assert_num_queries(at_1x):
        response = client.get(url, params)
    assert response.status_code == 200
    # An item's page also reads its indicators and their values (two queries, however many); as of a date, the
    # item's and its sub-actions' last history entries by then (one more).
    bound = (11 if as_of else 10) if url == "/en/action-plan/1/" else 8
    assert at_1x <= bound, f"{url} runs {at_1x} queries"
