"""Progress reports carry the safe public statistics, frozen when the report is made: later tips or a changed
threshold leave a published report as it was, a hidden cell stays hidden in the page, CSV and PDF, reports kept
before the statistics still render, EN and FR render, and the page's queries do not grow with the data."""

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actionplan import reports, services
from actionplan.models import ProgressReport
from opendata import stats
from opendata.tests.test_statistics import make_tips

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def structure_types(node, found=None) -> set[str]:
    """The structure types (/S) of a tagged PDF's structure tree: headings, tables, their headers and cells."""
    found = set() if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if not isinstance(node, dict):
        return found
    if "/S" in node:
        found.add(str(node["/S"]))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        structure_types(kid, found)
    return found


def end_of_last_month() -> dt.date:
    return timezone.localdate().replace(day=1) - dt.timedelta(days=1)


def tips_table(report):
    month = end_of_last_month()
    tables = {t["key"]: t for t in report.snapshot["statistics"]["tables"]}
    return tables[f"tips-{month:%Y-%m}"]


def cell(table, row_label: str, column_label: str):
    rows = [r["en"] for r in table["rows"]]
    columns = [c["en"] for c in table["columns"]]
    return table["cells"][rows.index(row_label)][columns.index(column_label)]


def alberta_web(table) -> str:
    return next(r["en"] for r in table["rows"] if r["en"].startswith("Alberta") and "web" in r["en"].lower())


def british_columbia_web(table) -> str:
    return next(r["en"] for r in table["rows"] if r["en"].startswith("British") and "web" in r["en"].lower())


def sex_column(table) -> str:
    return next(c["en"] for c in table["columns"] if "sex" in c["en"].lower())


@pytest.fixture
def data_report(plan, item, coordinator):
    make_tips(30, province="AB", kind="sex", source="web")
    make_tips(3, province="BC", kind="sex", source="web")
    return services.report_generate(plan=plan, as_of=end_of_last_month(), actor=coordinator)


def test_the_statistics_are_frozen_when_the_report_is_made(plan, item, coordinator, settings, client):
    settings.OPEN_DATA_MIN_CELL = 0  # every count shown, so that a change would show
    make_tips(30, province="AB", kind="sex", source="web")
    data_report = services.report_generate(plan=plan, as_of=end_of_last_month(), actor=coordinator)
    table = tips_table(data_report)
    assert cell(table, alberta_web(table), sex_column(table)) == 30
    page_before = client.get(data_report.get_absolute_url()).content.decode()
    make_tips(500, province="AB", kind="sex", source="web")  # tips that arrive after the report
    cache.clear()
    settings.OPEN_DATA_MIN_CELL = 11  # and a threshold changed later
    report = ProgressReport.objects.get(pk=data_report.pk)
    assert cell(tips_table(report), alberta_web(table), sex_column(table)) == 30
    page = client.get(report.get_absolute_url()).content.decode()
    assert page == page_before and ">30<" in page and ">530<" not in page
    csv = client.get(reverse("actionplan:report_csv", args=[report.plan.slug, report.as_of.isoformat()]))
    assert "530" not in csv.content.decode()


def test_a_suppressed_cell_stays_suppressed_in_the_report(data_report, client):
    table = tips_table(data_report)
    assert cell(table, british_columbia_web(table), sex_column(table)) is None
    year = end_of_last_month().year
    published = stats.tips_tables(year, today=end_of_last_month() + dt.timedelta(days=1))[-1]
    assert table["cells"] == [list(row) for row in published.protected.cells]  # the numbers of /statistics/
    shown = reports.report_statistics(data_report)
    line = next(ln for ln in shown["tables"][0]["lines"] if ln[0] == british_columbia_web(table))
    assert all(getattr(value, "hidden", False) or value == 0 for value in line[1])
    csv = client.get(reverse("actionplan:report_csv", args=[data_report.plan.slug, data_report.as_of.isoformat()]))
    csv_line = next(r for r in csv.content.decode().splitlines() if r.startswith(british_columbia_web(table)))
    assert "hidden" in csv_line and ",3," not in f"{csv_line},"
    page = client.get(data_report.get_absolute_url()).content.decode()
    assert "Public statistics" in page and "hidden" in page


def test_the_report_in_english_and_french(data_report, client):
    slug, day = data_report.plan.slug, data_report.as_of.isoformat()
    english = client.get(f"/en/action-plan/reports/{slug}/{day}/").content.decode()
    french = client.get(f"/fr/action-plan/reports/{slug}/{day}/").content.decode()
    assert "Public statistics" in english and "Statistiques publiques" in french
    assert "masqué" in french
    # the tables' own labels (lazy texts of the catalogues) were written out in French when the report was made
    assert "Province ou territoire — provenance" in french and "Province or territory — source" not in french
    assert "Agriculture et transformation alimentaire" in french and "Agriculture and food processing" not in french
    for language in ("en", "fr"):
        pdf = client.get(f"/{language}/action-plan/reports/{slug}/{day}/pdf/")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf.content))
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # a tagged PDF
        assert str(catalog["/Lang"]).startswith(language)
        assert {"/H1", "/Table", "/Caption", "/TH", "/TD"} <= structure_types(catalog["/StructTreeRoot"])
        text = "".join(page.extract_text() for page in reader.pages)
        assert ("Public statistics" if language == "en" else "Statistiques publiques") in text


def test_a_report_kept_before_the_statistics_still_renders(data_report, client):
    snapshot = dict(data_report.snapshot)
    del snapshot["statistics"]
    ProgressReport.objects.filter(pk=data_report.pk).update(snapshot=snapshot)
    slug, day = data_report.plan.slug, data_report.as_of.isoformat()
    page = client.get(data_report.get_absolute_url())
    assert page.status_code == 200 and "Public statistics" not in page.content.decode()
    assert client.get(reverse("actionplan:report_csv", args=[slug, day])).status_code == 200
    assert client.get(reverse("actionplan:report_pdf", args=[slug, day])).status_code == 200


def test_the_report_pages_queries_stay_flat(plan, item, coordinator, client):
    make_tips(15, province="AB")
    first = services.report_generate(plan=plan, as_of=end_of_last_month() - dt.timedelta(days=1), actor=coordinator)
    make_tips(150, province="AB")
    make_tips(150, province="ON", kind="labour")
    cache.clear()
    second = services.report_generate(plan=plan, as_of=end_of_last_month(), actor=coordinator)
    counts = []
    for report in (first, second):
        client.get(report.get_absolute_url())  # warm the session and caches alike
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# ----- indicators and the monitoring calendar ----------------------------------------------------------------------


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def at(n: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(days_ago(n), dt.time(12)))


@pytest.fixture
def monitored(plan, item):
    from actionplan.models import Evaluation, Indicator, IndicatorValue, Milestone, ReportingPeriod  # noqa: PLC0415 -- the models of part 1

    indicator = Indicator.objects.create(
        item=item,
        slug="officers",
        name={"en": "Officers trained", "fr": "Agents formés"},
        baseline_value=10,
        baseline_date=days_ago(400),
        target_value=200,
        target_date=days_ago(-400),
        created_at=at(300),
    )

    def value(period_end_ago: int, amount: str, created: int, status="accepted", reviewed=None):
        return IndicatorValue.objects.create(
            indicator=indicator,
            period_start=days_ago(period_end_ago + 29),
            period_end=days_ago(period_end_ago),
            value=amount,
            source="Police college records",
            reason="Quarterly count",
            status=status,
            created_at=at(created),
            reviewed_at=at(reviewed) if reviewed is not None else None,
        )

    value(200, "25", created=60)  # accepted and known on the report's date
    value(170, "777", created=40, status="pending_review")  # still waiting
    value(140, "888", created=50, reviewed=10)  # a partner's value, accepted only after the report's date
    value(110, "999", created=5)  # entered after the report's date
    Milestone.objects.create(item=item, title={"en": "Late milestone"}, due_date=days_ago(45))
    Milestone.objects.create(item=item, title={"en": "Done late"}, due_date=days_ago(45), done_on=days_ago(10))
    Milestone.objects.create(item=item, title={"en": "Done in time"}, due_date=days_ago(45), done_on=days_ago(50))
    ReportingPeriod.objects.create(
        plan=plan,
        name={"en": "First quarter", "fr": "Premier trimestre"},
        start=days_ago(120),
        end=days_ago(31),
        due_date=days_ago(20),
    )
    Evaluation.objects.create(
        plan=plan, title={"en": "Final evaluation", "fr": "Évaluation finale"}, date=days_ago(-300)
    )
    return indicator


def test_only_values_accepted_and_known_on_the_reports_date_are_published(monitored, plan, coordinator, client):
    from actionplan.models import IndicatorValue  # noqa: PLC0415 -- the models of part 1

    report = services.report_generate(plan=plan, as_of=days_ago(30), actor=coordinator)
    [indicator] = report.snapshot["indicators"]
    assert [v["value"] for v in indicator["values"]] == ["25.00"]
    milestones = {m["title"]["en"]: m for m in report.snapshot["calendar"]["milestones"]}
    assert milestones["Late milestone"]["overdue"] and milestones["Done late"]["overdue"]
    assert milestones["Done late"]["done_on"] is None  # not done yet on the report's date
    assert not milestones["Done in time"]["overdue"] and milestones["Done in time"]["done_on"]
    page_before = client.get(report.get_absolute_url()).content.decode()
    assert "Officers trained" in page_before and "25.00" in page_before and "Overdue" in page_before
    for hidden in ("777", "888", "999"):
        assert hidden not in page_before
    IndicatorValue.objects.create(
        indicator=monitored,
        period_start=days_ago(90),
        period_end=days_ago(60),
        value="555",
        source="Late entry",
        reason="Found later",
        status="accepted",
    )
    assert client.get(report.get_absolute_url()).content.decode() == page_before  # the published report stays
    french = client.get(f"/fr/action-plan/reports/{plan.slug}/{report.as_of.isoformat()}/").content.decode()
    assert "Agents formés" in french and "Premier trimestre" in french and "Évaluation finale" in french
    csv = client.get(f"/en/action-plan/reports/{plan.slug}/{report.as_of.isoformat()}/csv/").content.decode()
    assert "Officers trained" in csv and "First quarter" in csv and "555" not in csv
    pdf = client.get(reverse("actionplan:report_pdf", args=[plan.slug, report.as_of.isoformat()]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
