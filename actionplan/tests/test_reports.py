"""Periodic public progress reports: on demand by a coordinator, on a schedule by beat; web page, CSV and PDF."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan import services
from actionplan.models import ProgressReport, Status

from .factories import dated_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(item):
    entries = [
        ("2024-02-10", Status.CHALLENGES, 20, "February change"),
        ("2024-03-10", Status.COMPLETE, 100, "March change"),
    ]
    dated_history(item, created="2024-01-01", entries=entries)
    return item


def test_a_coordinator_generates_a_report_on_demand_members_cannot(history, coordinator, member_a, login_as, client):
    url = reverse("actionplan:report_generate")
    login_as(member_a)
    assert client.post(url, {"as_of": "2024-02-29"}).status_code == 403
    login_as(coordinator)
    response = client.post(url, {"as_of": "2024-02-29"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "February change" in page and "March change" not in page
    assert "Work underway – with challenges" in page


def test_each_report_lists_what_changed_since_the_previous_one_and_is_kept(history, coordinator, client):
    first = services.report_generate(plan=history.plan, as_of=dt.date(2024, 2, 29), actor=coordinator)
    second = services.report_generate(plan=history.plan, as_of=dt.date(2024, 3, 31), actor=coordinator)
    assert second.since == dt.date(2024, 2, 29)
    assert [c["reason"] for c in second.snapshot["changes"]] == ["March change"]
    assert services.report_generate(plan=history.plan, as_of=dt.date(2024, 2, 29)) == first  # kept as made
    listing = client.get(reverse("actionplan:report_list")).content.decode()
    assert second.get_absolute_url() in listing and first.get_absolute_url() in listing


def test_report_downloads_as_csv_and_pdf(history, coordinator, client):
    report = services.report_generate(plan=history.plan, as_of=dt.date(2024, 3, 31), actor=coordinator)
    args = [report.plan.slug, "2024-03-31"]
    csv_response = client.get(reverse("actionplan:report_csv", args=args))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "March change" in csv_response.content.decode() and "Complete" in csv_response.content.decode()
    pdf = client.get(reverse("actionplan:report_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_unknown_or_malformed_report_dates_are_404(history, client, plan):
    assert client.get(reverse("actionplan:report", args=[plan.slug, "2024-02-30"])).status_code == 404
    assert client.get(reverse("actionplan:report", args=[plan.slug, "2024-02-28"])).status_code == 404


def test_a_future_report_date_is_refused(history, coordinator, login_as, client):
    login_as(coordinator)
    response = client.post(reverse("actionplan:report_generate"), {"as_of": "2999-01-01"})
    assert response.status_code == 400 and "cannot be dated in the future" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_scheduled_run_makes_the_monthly_report_once(history, settings):
    from actionplan.tasks import report_generate_scheduled  # noqa: PLC0415 -- used by this test only

    settings.ACTIONPLAN_REPORT_FREQUENCY = "monthly"
    made = services.report_generate_scheduled(today=dt.date(2024, 4, 15))
    assert [r.as_of for r in made] == [dt.date(2024, 3, 31)]
    assert services.report_generate_scheduled(today=dt.date(2024, 4, 16)) == []
    report_generate_scheduled()  # the beat task: this month's due report, once
    report_generate_scheduled()
    expected = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    assert ProgressReport.objects.filter(as_of=expected).count() == 1


def test_quarterly_and_off(history, settings):
    settings.ACTIONPLAN_REPORT_FREQUENCY = "quarterly"
    assert [r.as_of for r in services.report_generate_scheduled(today=dt.date(2024, 5, 2))] == [dt.date(2024, 3, 31)]
    settings.ACTIONPLAN_REPORT_FREQUENCY = "off"
    assert services.report_generate_scheduled(today=dt.date(2024, 8, 2)) == []


def test_a_generated_report_appears_in_publications(history, coordinator, client):
    """The publications app's contract; runs once that app provides publication_record_progress_report."""
    import publications.services as publications_services  # noqa: PLC0415 -- used by this test only
    from taskforce.testing.plugin import missing  # noqa: PLC0415 -- used by this test only

    if not hasattr(publications_services, "publication_record_progress_report"):
        missing("publications.services.publication_record_progress_report is not written yet")
    report = services.report_generate(plan=history.plan, as_of=dt.date(2024, 3, 31), actor=coordinator)
    listing = client.get(reverse("publications:publication_list")).content.decode()
    assert report.get_absolute_url() in listing


def test_the_french_report_page_and_pdf(history, coordinator, client):
    report = services.report_generate(plan=history.plan, as_of=dt.date(2024, 3, 31), actor=coordinator)
    page = client.get(f"/fr/action-plan/reports/{report.plan.slug}/2024-03-31/").content.decode()
    assert "Terminé" in page and "Ce qui a changé depuis le dernier rapport" in page
    pdf = client.get(f"/fr/action-plan/reports/{report.plan.slug}/2024-03-31/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
