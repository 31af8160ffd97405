"""A hotline's statistics (issue 17): figures from metadata only, per hotline and period, for its coordinator and
the task force coordinator, on a page with charts and tables and as a CSV."""

import csv
import datetime as dt
import io
import itertools
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce.testing.auth import login
from tips import stats
from tips.crypto import EncryptedTextField
from tips.models import Delivery, Tip, TipEscalation, TipMessage, TipReminder

URL = "/en/tips/staff/statistics/"
CSV_URL = "/en/tips/staff/statistics/csv/"
SECRET = "Workers at Ferncliff farm cannot leave"  # tip text that must never show in the figures
_numbers = itertools.count()


def _tip(hotline, *, ago=dt.timedelta(days=2), opened_after=None, replied_after=None, **fields):
    """A tip delivered to `hotline` `ago` before now, opened and replied to after the given waits."""
    delivered = timezone.now() - ago
    n = next(_numbers)
    defaults = {"kind": "labour", "province": "AB", "what_happened": SECRET, "city": SECRET, "place": SECRET}
    tip = Tip.objects.create(
        reference=f"T-S{n:06d}",
        receipt_hash=f"stats-{n}",
        created_at=delivered,
        first_opened_at=delivered + opened_after if opened_after else None,
        first_replied_at=delivered + replied_after if replied_after else None,
        **{**defaults, **fields},
    )
    Delivery.objects.create(
        tip=tip,
        hotline=hotline,
        created_at=delivered,
        delivered_at=delivered,
        opened_at=delivered + opened_after if opened_after else None,
    )
    return tip


def _client(user):
    return login(Client(), user)


def _figures(response) -> dict:
    """The CSV as {(table, item): value}."""
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Table", "Item", "Value"]
    return {(table, item): value for table, item, value in rows[1:]}


# ----- the figures -----------------------------------------------------------------------------------------------


def test_tips_received_are_counted_by_kind_region_source_and_status(national, manitoba, coordinator_national):
    _tip(national, kind="sex", province="ON", source=Tip.Source.ASSESSMENT)
    _tip(national, kind="labour", province="AB", status=Tip.Status.TRIAGED)
    _tip(national, kind="labour", province="AB", status=Tip.Status.CLOSED)
    _tip(manitoba, kind="organs", province="MB")  # another hotline's tip
    _tip(national, kind="organs", ago=dt.timedelta(days=45))  # before the last 30 days

    figures = _figures(_client(coordinator_national).get(CSV_URL))

    assert figures[("Tips received", "")] == "3"
    assert figures[("Tips received by kind", "Forced labour")] == "2"
    assert figures[("Tips received by kind", "Sex trafficking")] == "1"
    assert figures[("Tips received by kind", "Organ or tissue trafficking")] == "0"
    assert figures[("Tips received by region", "Alberta")] == "2"
    assert figures[("Tips received by region", "Ontario")] == "1"
    assert figures[("Tips received by region", "Manitoba")] == "0"
    assert figures[("Tips received by source", "Assessment tool")] == "1"
    assert figures[("Tips received by source", "Web form")] == "2"
    assert figures[("Tips received by status now", "New")] == "1"
    assert figures[("Tips received by status now", "Closed")] == "1"


def test_median_and_90th_percentile_of_the_time_to_open_and_to_reply(national, coordinator_national):
    for minutes in (10, 20, 30, 40, 50):
        _tip(national, opened_after=dt.timedelta(minutes=minutes), replied_after=dt.timedelta(minutes=minutes * 6))
    _tip(national)  # not opened yet: left out of both

    figures = stats.hotline_statistics(hotline=national, period=stats.period_preset("30"))

    assert (figures.opened, figures.replied) == (5, 5)
    assert figures.to_open == {"median": dt.timedelta(minutes=30), "p90": dt.timedelta(minutes=46)}
    assert figures.to_reply == {"median": dt.timedelta(hours=3), "p90": dt.timedelta(minutes=276)}
    page = _client(coordinator_national).get(URL).content.decode()
    assert "30 min" in page and "46 min" in page and "3 h 00 min" in page and "4 h 36 min" in page
    csv_figures = _figures(_client(coordinator_national).get(CSV_URL))
    assert csv_figures[("Time to first opening", "90th percentile (minutes)")] == "46.0"
    assert csv_figures[("Time to first reply", "Median (minutes)")] == "180.0"
    assert csv_figures[("Time to first reply", "Tips counted")] == "5"


def test_postgresql_computes_the_percentiles_itself(national):
    if connection.vendor != "postgresql":
        pytest.skip("percentile_cont is PostgreSQL's; other databases use the portable fallback tested above")
    for minutes in (10, 20, 30, 40, 50):
        _tip(national, opened_after=dt.timedelta(minutes=minutes))
    with CaptureQueriesContext(connection) as captured:
        figures = stats.hotline_statistics(hotline=national, period=stats.period_preset("30"))
    assert figures.to_open["p90"] == dt.timedelta(minutes=46)
    sql = [q["sql"] for q in captured.captured_queries if "PERCENTILE_CONT" in q["sql"]]
    assert len(sql) == 1 and "opened_at" in sql[0] and "WITHIN GROUP" in sql[0]
    assert not any('"opened_at"' in q["sql"] and "PERCENTILE" not in q["sql"] for q in captured.captured_queries)


def test_escalations_by_step_and_closing_reasons_are_counted(national, manitoba, coordinator_national):
    first = _tip(national)
    second = _tip(national)
    for step in (1, 2, 3):
        TipEscalation.objects.create(delivery=first.deliveries.get(), step=step)
    TipEscalation.objects.create(delivery=second.deliveries.get(), step=1)
    TipEscalation.objects.create(delivery=_tip(manitoba).deliveries.get(), step=1)  # another hotline's
    now = timezone.now()
    for reason in ("police", "police", "duplicate", ""):
        _tip(national, status=Tip.Status.CLOSED, close_reason=reason, close_note=SECRET, closed_at=now)
    _tip(manitoba, status=Tip.Status.CLOSED, close_reason="police", closed_at=now)

    figures = _figures(_client(coordinator_national).get(CSV_URL))

    assert figures[("Escalations by step", "Handlers reminded")] == "2"
    assert figures[("Escalations by step", "Hotline coordinators told")] == "1"
    assert figures[("Escalations by step", "Sent to the national hotline")] == "1"
    assert figures[("Tips closed in the period, by reason", "Referred to police")] == "2"
    assert figures[("Tips closed in the period, by reason", "Duplicate")] == "1"
    assert figures[("Tips closed in the period, by reason", "Not trafficking")] == "0"
    assert figures[("Tips closed in the period, by reason", "Not recorded")] == "1"


# ----- the period ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "counted"), [("7", 1), ("30", 2), ("90", 3), (None, 2)])
def test_presets_count_the_last_days(national, coordinator_national, period, counted):
    for days in (3, 20, 80, 400):
        _tip(national, ago=dt.timedelta(days=days))
    query = {"period": period} if period else {}
    figures = _figures(_client(coordinator_national).get(CSV_URL, query))
    assert figures[("Tips received", "")] == str(counted)


def test_the_form_shows_the_period_counted(national, coordinator_national):
    client = _client(coordinator_national)
    assert '<option value="30" selected>' in client.get(URL).content.decode()
    assert '<option value="7" selected>' in client.get(URL, {"period": "7"}).content.decode()


def test_this_year_starts_on_the_first_of_january(national, coordinator_national):
    period = stats.period_preset("year", today=dt.date(2026, 12, 2))
    assert (period.start, period.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 2))


def test_custom_dates_include_both_days(national, coordinator_national):
    today = timezone.localdate()
    for days in (3, 10, 20):
        _tip(national, ago=dt.timedelta(days=days))
    start, end = today - dt.timedelta(days=12), today - dt.timedelta(days=2)
    response = _client(coordinator_national).get(URL, {"period": "custom", "start": start, "end": end})
    assert response.status_code == 200
    assert response.context["figures"].received == 2
    assert f"from {start:%Y-%m-%d} to {end:%Y-%m-%d}" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "start": "2026-13-45", "end": "2026-01-10"}, "Enter a valid date."),
        ({"period": "custom", "start": "2026-02-01", "end": "2026-01-10"}, "must be on or before the to date"),
        ({"period": "custom", "start": "0001-01-01", "end": "2001-01-01"}, "Dates must be between 2000-01-01"),
        ({"period": "custom", "start": "2020-01-01", "end": "9999-12-31"}, "Dates must be between 2000-01-01"),
        ({"period": "custom", "start": "2020-01-01"}, "Give both a from date and a to date"),
        ({"period": "forever"}, "Select a valid choice."),
    ],
)
def test_bad_dates_get_a_clear_message_not_a_server_error(national, coordinator_national, query, message):
    client = _client(coordinator_national)
    page = client.get(URL, query)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert "figures" not in page.context
    download = client.get(CSV_URL, query)
    assert download.status_code == 400
    assert message in download.content.decode()


# ----- who may see them ------------------------------------------------------------------------------------------


def test_a_hotline_coordinator_sees_their_hotline_and_not_another(national, manitoba, coordinator_national):
    client = _client(coordinator_national)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["hotline"] == national
    assert [value for value, _label in page.context["form"].fields["hotline"].choices] == [national.slug]
    assert client.get(URL, {"hotline": national.slug}).status_code == 200
    assert client.get(CSV_URL, {"hotline": national.slug}).status_code == 200
    assert client.get(URL, {"hotline": manitoba.slug}).status_code == 404
    assert client.get(CSV_URL, {"hotline": manitoba.slug}).status_code == 404


def test_the_task_force_coordinator_sees_every_hotline(national, manitoba, coordinator):
    _tip(manitoba, province="MB")
    client = _client(coordinator)
    assert client.get(URL, {"hotline": national.slug}).context["figures"].received == 0
    assert client.get(URL, {"hotline": manitoba.slug}).context["figures"].received == 1
    assert _figures(client.get(CSV_URL, {"hotline": manitoba.slug}))[("Tips received", "")] == "1"


def test_a_tip_handler_and_a_member_are_refused(national, handler_national, member_national):
    for user in (handler_national, member_national):
        client = _client(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"hotline": national.slug}).status_code == 403
        assert client.get(CSV_URL, {"hotline": national.slug}).status_code == 403


def test_anonymous_is_sent_to_sign_in(national):
    for url in (URL, CSV_URL):
        response = Client().get(url, {"hotline": national.slug})
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_staff_menu_links_the_page_for_coordinators_only(coordinator_national, coordinator, handler_national):
    assert URL in _client(coordinator_national).get("/en/staff/").content.decode()
    assert URL in _client(coordinator).get("/en/staff/").content.decode()
    assert URL not in _client(handler_national).get("/en/staff/").content.decode()


# ----- never the text; as many queries at 10x -------------------------------------------------------------------


def _encrypted_columns() -> list[str]:
    return [
        f'"{field.column}"'
        for model in (Tip, TipMessage, TipReminder)
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def test_no_query_reads_an_encrypted_column(national, coordinator_national):
    tip = _tip(national, opened_after=dt.timedelta(minutes=5), replied_after=dt.timedelta(hours=1))
    _tip(national, status=Tip.Status.CLOSED, close_reason="police", close_note=SECRET, closed_at=timezone.now())
    TipEscalation.objects.create(delivery=tip.deliveries.get(), step=1)
    client = _client(coordinator_national)
    columns = _encrypted_columns()
    assert '"what_happened"' in columns and '"close_note"' in columns
    for url in (URL, CSV_URL):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        statistics_sql = [q["sql"] for q in captured.captured_queries if "tips_" in q["sql"]]
        assert statistics_sql, "the figures were read"
        for sql in statistics_sql:
            assert not [column for column in columns if column in sql], sql


def _make_tips(hotline, count):
    for i in range(count):
        tip = _tip(
            hotline,
            kind=("sex", "labour", "organs")[i % 3],
            province=("AB", "ON", "MB")[i % 3],
            status=Tip.Status.CLOSED if i % 2 else Tip.Status.NEW,
            close_reason="police" if i % 2 else "",
            closed_at=timezone.now() if i % 2 else None,
            opened_after=dt.timedelta(minutes=i + 1),
            replied_after=dt.timedelta(hours=i + 1) if i % 3 else None,
        )
        TipEscalation.objects.create(delivery=tip.deliveries.get(), step=1 + i % 3)


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_query_counts_are_flat_from_1x_to_10x_tips(national, coordinator_national, url):
    client = _client(coordinator_national)
    _make_tips(national, 3)
    client.get(url)  # the first request fills the per-process caches
    with CaptureQueriesContext(connection) as at_1x:
        assert client.get(url).status_code == 200
    _make_tips(national, 27)
    with CaptureQueriesContext(connection) as at_10x:
        response = client.get(url)
    assert response.status_code == 200
    assert len(at_10x) == len(at_1x)
    if url == URL:
        assert response.context["figures"].received == 30


# ----- the page --------------------------------------------------------------------------------------------------


def test_each_chart_is_an_svg_image_with_a_name_and_its_table_beside_it(national, coordinator_national):
    _tip(national, kind="sex")
    page = _client(coordinator_national).get(URL).content.decode()
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    for key, title in (
        ("kind", "Tips received by kind"),
        ("region", "Tips received by region"),
        ("status", "Tips received by status now"),
        ("closing", "Tips closed in the period, by reason"),
    ):
        svg = re.search(rf'<svg [^>]*aria-labelledby="chart-{key}-title chart-{key}-desc".*?</svg>', page, re.S)[0]
        assert 'role="img"' in svg and f'<title id="chart-{key}-title">{title}</title>' in svg
        assert f'<desc id="chart-{key}-desc">' in svg and "style" not in svg and "<script" not in svg
        assert f'<caption class="visually-hidden">{title}</caption>' in page
    kinds = re.search(r'<desc id="chart-kind-desc">([^<]*)</desc>', page)[1]
    assert kinds.startswith("Sex trafficking 1, Forced labour 0")
    assert ">Sex trafficking: 1</text>" in page and ">Forced labour: 0</text>" in page  # each bar says its count
    assert "They never use the text of a tip." in page


def test_csv_cells_cannot_run_as_formulas(national, coordinator):
    national.name = "=HYPERLINK(evil)"
    national.save()
    figures = _figures(_client(coordinator).get(CSV_URL, {"hotline": national.slug}))
    assert figures[("Hotline", "")] == "'=HYPERLINK(evil)"


def test_the_page_is_in_french(national, coordinator_national):
    _tip(national)
    page = _client(coordinator_national).get("/fr/tips/staff/statistics/").content.decode()
    assert "Statistiques de la ligne" in page
    assert "Jamais le texte" in page or "jamais le texte" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_page_passes_the_accessibility_checks_without_javascript_errors(page, hotlines, coordinator, lang):
    from taskforce.testing.browser import visit  # noqa: PLC0415 -- browser tests only
    from taskforce.testing.factories import PASSWORD  # noqa: PLC0415 -- browser tests only

    _tip(hotlines["cceht"], kind="sex", opened_after=dt.timedelta(minutes=12))
    _tip(hotlines["cceht"], status=Tip.Status.CLOSED, close_reason="police", closed_at=timezone.now())
    visit(page, f"/{lang}/accounts/login/")
    page.fill("#id_username", coordinator.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    visit(page, f"/{lang}/tips/staff/statistics/?hotline={hotlines['cceht'].slug}")
    assert page.locator('svg[role="img"]').count() == 6
    assert (
        page.locator("svg title")
        .first.text_content()
        .startswith("Tips received by kind" if lang == "en" else "Signalements reçus par type")
    )
