"""The safe public statistics (issue 19, part 2): the tables of /statistics/ and their datasets. (Not
`statistics.py`: inside opendata/, as `make messages` runs, that name hides the standard library's module from
Django's SQLite backend.)

Every count comes from structured columns (month, province, kind, source, audience, industry, status), grouped in
the database by the apps' selectors: one query per table whatever the number of rows, and never a tip's text. Only
complete months are counted (up to the first day of this month), so a published month does not change as new tips
arrive. Each table goes through `suppression.protect` before anything sees it: the page, the CSV and JSON
downloads all show the same protected numbers.

The counts (numbers and codes only) are kept in the cache for `conf.statistics_cache_seconds()` under a key that
changes every day; with the cache down they are counted on each request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firstcontact import selectors as firstcontact_selectors
from publications import selectors as publications_selectors
from taskforce.language import localized
from taskforce.vocabulary import ExploitationKind, Province
from tips import selectors as tips_selectors
from training import selectors as training_selectors

from . import conf
from .datasets import BOOLEAN, INTEGER, NUMBER, STRING, Dataset, Field, register
from .suppression import Protected, hide_below, protect

NOT_STATED = "not_stated"  # the column of learners who gave no audience


def method_text() -> str:
    """The method in plain words: said on the page and in every dataset's `method`."""
    return _(
        "Counts below %(min)s are never published: each is hidden, and so is every other number (a cell or a total) "
        "that would let it be worked out by subtraction from the totals. Every hidden number lies on a closed loop of "
        "hidden numbers, so the published cells and totals fit other values as well as the true ones. Medians are "
        "published only when they are of at least %(min)s tips. Only complete months are counted, from recorded "
        "categories (month, province, kind, source), never from what anyone wrote. Nothing is added up across "
        "months, and training is published by whole years once they are over, so that no published number grows "
        "as months go by: comparing two versions of a growing total would give the newest month away. No noise is "
        "added."
    ) % {"min": conf.min_cell()}


# ----- the counts, kept for the day --------------------------------------------------------------------------------


def _first_of_month(today: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today.replace(day=1), dt.time.min))


def _month(value) -> str:
    return f"{value:%Y-%m}"


def _hours(wait) -> float | None:
    return None if wait is None else round(wait.total_seconds() / 3600, 1)


def _fetch_tips(before):
    rows = tips_selectors.tip_counts_by_month(before=before)
    return [(_month(r["month"]), r["province"], r["kind"], r["source"], r["n"]) for r in rows]


def _fetch_assessments(before):
    return [
        (_month(r["month"]), r["province"], r["n"])
        for r in firstcontact_selectors.assessment_counts_by_month(before=before)
    ]


def _fetch_waits(before):
    return [
        (
            _month(r["month"]),
            r["hotline__slug"],
            r["hotline__name"],
            r["opened"],
            _hours(r["to_open"]),
            r["replied"],
            _hours(r["to_reply"]),
        )
        for r in tips_selectors.hotline_waits_by_month(before=before)
    ]


def _fetch_training(before):
    rows = training_selectors.completion_counts_by_year(before=before)
    return [(r["year"], r["course__slug"], r["course__title"], r["audience"], r["n"]) for r in rows]


def _fetch_registry(_before):
    return [(r["industry"], r["status"], r["n"]) for r in publications_selectors.registry_counts_by_industry_status()]


FETCHES: dict[str, Callable] = {
    "tips": _fetch_tips,
    "assessments": _fetch_assessments,
    "waits": _fetch_waits,
    "training": _fetch_training,
    "registry": _fetch_registry,
}


def counts(name: str, *, today: dt.date | None = None) -> list[tuple]:
    """The grouped counts of one table (codes and numbers), from the cache when counted earlier today."""
    today = today or timezone.localdate()
    key = f"opendata:statistics:{name}:{today.isoformat()}"
    with contextlib.suppress(Exception):  # a cache that is down costs a query, never the page
        kept = cache.get(key)
        if kept is not None:
            return kept
    found = FETCHES[name](_first_of_month(today))
    with contextlib.suppress(Exception):
        cache.set(key, found, conf.statistics_cache_seconds())
    return found


# ----- the tables ------------------------------------------------------------------------------------------------


class Hidden:
    """What a page shows for a hidden number: `{{ value }}` writes "hidden", `value.hidden` is true. A table's
    hidden numbers share one, its word translated once (a table can hide hundreds)."""

    hidden = True

    def __init__(self, text: str | None = None):
        self.text = text

    def __str__(self) -> str:
        return self.text if self.text is not None else str(_("hidden"))


HIDDEN = Hidden()


def shown(value: int | None, hidden: Hidden = HIDDEN):
    return hidden if value is None else value


@dataclass
class Table:
    """One protected table as the page shows it: `lines` are (label, cells, total), `totals` the last line."""

    key: str
    caption: str
    note: str
    corner: str
    columns: list[tuple[str, str]]
    rows: list[tuple[str, str]]
    protected: Protected
    # False for a table protected column by column (months): its rows' totals would add up over months, and a
    # total that grows as months are added gives the newest month away when two versions are compared.
    row_totals_shown: bool = True
    label: str = ""  # what a folded table says it holds ("January 2026")

    @property
    def lines(self) -> list[tuple[str, list, int | None]]:
        p, hidden = self.protected, Hidden(str(_("hidden")))
        return [
            (label, [shown(value, hidden) for value in p.cells[i]], shown(p.row_totals[i], hidden))
            for i, (_code, label) in enumerate(self.rows)
        ]

    @property
    def totals(self) -> tuple[list, object]:
        hidden = Hidden(str(_("hidden")))
        return [shown(v, hidden) for v in self.protected.column_totals], shown(self.protected.total, hidden)


def _protected(rows, columns, found: dict) -> Protected:
    grid = [[found.get((row, column), 0) for column, _l in columns] for row, _r in rows]
    return protect(grid, threshold=conf.min_cell())


def _protected_by_column(rows, columns, found: dict) -> Protected:
    """Each column protected on its own, with its total (a one-column table): nothing adds up across columns."""
    cells: list[list[int | None]] = [[None] * len(columns) for _row in rows]
    totals: list[int | None] = []
    for j, (column, _l) in enumerate(columns):
        one = protect([[found.get((row, column), 0)] for row, _r in rows], threshold=conf.min_cell())
        for i, value in enumerate(one.cells):
            cells[i][j] = value[0]
        totals.append(one.column_totals[0])
    hidden = [[value is None for value in row] for row in cells] + [[value is None for value in totals]]
    return Protected(cells=cells, row_totals=[None] * len(rows), column_totals=totals, total=None, hidden=hidden)


def last_complete_month(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today.replace(day=1) - dt.timedelta(days=1)


def months_of(year: int, *, today: dt.date | None = None) -> list[str]:
    """The complete months of `year` ("2026-03"), up to last month."""
    last = last_complete_month(today)
    if year > last.year:
        return []
    return [f"{year}-{m:02d}" for m in range(1, (last.month if year == last.year else 12) + 1)]


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number)]} {year}"


def years(*, today: dt.date | None = None) -> list[int]:
    """The years the page offers: from the first with any count to the year of the last complete month."""
    last = last_complete_month(today).year
    first = min(
        [int(row[0][:4]) for name in ("tips", "assessments") for row in counts(name, today=today)]
        + [row[0] for row in counts("training", today=today)]
        + [last]
    )
    return list(range(last, first - 1, -1))


def _tip_rows() -> list[tuple[tuple[str, str], str]]:
    return [
        ((province, source), f"{province_label} — {source_label}")
        for province, province_label in Province.choices
        for source, source_label in tips_selectors.tip_source_choices()
    ]


def tips_tables(year: int, *, today: dt.date | None = None) -> list[Table]:
    """Tips received, one table a month: each province and source (a row) by kind (a column). A row's total is the
    province's tips from one source, so the referrals (tips sent by the assessment tool) are these very totals,
    protected once: two tables hiding the same number differently would give it away."""
    found: dict[str, dict] = {}
    for month, province, kind, source, n in counts("tips", today=today):
        found.setdefault(month, {})[((province, source), kind)] = n
    rows = _tip_rows()
    return [
        Table(
            key=f"tips-{month}",
            caption=_("Tips received in %(month)s, by province or territory, source and kind")
            % {"month": month_label(month)},
            note="",
            corner=_("Province or territory — source"),
            columns=list(ExploitationKind.choices),
            rows=rows,
            protected=_protected(rows, ExploitationKind.choices, found.get(month, {})),
            label=month_label(month),
        )
        for month in months_of(year, today=today)
    ]


@dataclass
class Referrals:
    """Referrals by province (rows) and month (columns), without totals: the tips tables' row totals for the
    assessment tool, None where hidden there."""

    year: int
    columns: list[tuple[str, str]]
    lines: list[tuple[str, list[int | None]]]

    @property
    def shown_lines(self) -> list[tuple[str, list]]:
        return [(label, [shown(value) for value in values]) for label, values in self.lines]


def referrals_table(year: int, *, today: dt.date | None = None, tables: list[Table] | None = None) -> Referrals | None:
    """From the year's tips tables (`tables`, when the caller has them already)."""
    tables = tips_tables(year, today=today) if tables is None else tables
    if not tables:
        return None
    rows = [code for code, _label in _tip_rows()]
    lines = []
    for province, label in Province.choices:
        i = rows.index((province, tips_selectors.TIP_SOURCE_ASSESSMENT))
        lines.append((label, [table.protected.row_totals[i] for table in tables]))  # None where hidden
    columns = [(table.key.removeprefix("tips-"), str(MONTHS[int(table.key[-2:])])) for table in tables]
    return Referrals(year=year, columns=columns, lines=lines)


def _monthly_by_province(name: str, year: int, caption, today) -> Table | None:
    months = months_of(year, today=today)
    if not months:
        return None
    found = {(province, month): n for month, province, n in counts(name, today=today)}
    columns = [(month, str(MONTHS[int(month[5:])])) for month in months]
    return Table(
        key=f"{name}-{year}",
        caption=caption % {"year": year},
        note="",
        corner=_("Province or territory"),
        columns=columns,
        rows=list(Province.choices),
        protected=_protected_by_column(Province.choices, columns, found),
        row_totals_shown=False,
    )


def assessments_table(year: int, *, today: dt.date | None = None) -> Table | None:
    return _monthly_by_province(
        "assessments", year, _("Assessments saved by service providers in %(year)s, by province and month"), today
    )


def training_table(year: int, *, today: dt.date | None = None) -> Table:
    """Completions of a whole year, published once the year is over (an empty table before): a table that grew
    month by month would give away each month's few completions when two versions are compared."""
    found, courses = {}, {}
    published = year < (today or timezone.localdate()).year
    for found_year, slug, title, audience, n in counts("training", today=today):
        if published and found_year <= year:
            courses[slug] = localized(title).text
        if published and found_year == year:
            found[(slug, audience or NOT_STATED)] = n
    columns = [*training_selectors.audience_choices(), (NOT_STATED, pgettext_lazy("audience", "Not stated"))]
    rows = sorted(courses.items(), key=lambda item: str(item[1]))
    return Table(
        key=f"training-{year}",
        caption=_("Training courses completed in %(year)s, by course and sector") % {"year": year},
        note="",
        corner=_("Course"),
        columns=columns,
        rows=rows,
        protected=_protected(rows, columns, found),
    )


def registry_table(*, today: dt.date | None = None) -> Table:
    industries, statuses = publications_selectors.registry_statistics_choices()
    found = {(industry, status): n for industry, status, n in counts("registry", today=today)}
    return Table(
        key="registry",
        caption=_("Businesses in the registry today, by industry and status"),
        note=_("Published and delisted entries; drafts and entries in review are not counted."),
        corner=_("Industry"),
        columns=statuses,
        rows=industries,
        protected=_protected(industries, statuses, found),
    )


@dataclass
class Wait:
    slug: str
    hotline: str
    months: list[tuple[float | None, float | None]]  # (hours to first opening, to first reply) a month; None hidden


def waits_table(year: int, *, today: dt.date | None = None) -> tuple[list[tuple[str, str]], list[Wait]]:
    """Median hours to a hotline's first opening and first reply, a month: shown only for at least the threshold of
    tips. The number of tips itself is not published (a provincial hotline's count would be its province's)."""
    months = months_of(year, today=today)
    least = conf.min_cell()
    found: dict[str, dict] = {}
    names: dict[str, str] = {}
    for month, slug, name, opened, to_open, replied, to_reply in counts("waits", today=today):
        names[slug] = localized(name).text
        if month in months:
            found.setdefault(slug, {})[month] = (
                to_open if hide_below(opened, threshold=least) else None,
                to_reply if hide_below(replied, threshold=least) else None,
            )
    waits = [
        Wait(slug=slug, hotline=names[slug], months=[found[slug].get(month, (None, None)) for month in months])
        for slug in sorted(found, key=lambda s: str(names[s]))
    ]
    return [(month, str(MONTHS[int(month[5:])])) for month in months], waits


def page_context(year: int, *, today: dt.date | None = None) -> dict:
    columns, waits = waits_table(year, today=today)
    tips = tips_tables(year, today=today)
    return {
        "tips_tables": tips,
        "assessments": assessments_table(year, today=today),
        "referrals": referrals_table(year, today=today, tables=tips),
        "training": training_table(year, today=today),
        "training_waiting": year >= (today or timezone.localdate()).year,
        "registry": registry_table(today=today),
        "wait_months": columns,
        "waits": waits,
        "min_cell": conf.min_cell(),
        "method": method_text(),
    }


# ----- the datasets ----------------------------------------------------------------------------------------------


def _cells(table: Table):
    """(row code, column code, number or None where hidden) for every cell and total of the table; a total has None
    for the dimension it adds up over."""
    p = table.protected
    if not table.rows:
        return
    for i, (row, _label) in enumerate(table.rows):
        for j, (column, _l) in enumerate(table.columns):
            yield row, column, p.cells[i][j]
        if table.row_totals_shown:
            yield row, None, p.row_totals[i]
    for j, (column, _l) in enumerate(table.columns):
        yield None, column, p.column_totals[j]
    if table.row_totals_shown:
        yield None, None, p.total


def _counted(value: int | None) -> dict:
    return {"count": value, "suppressed": value is None}


def tips_rows():
    for year in sorted(years()):
        for table in tips_tables(year):
            period = table.key.removeprefix("tips-")
            for row, kind, value in _cells(table):
                province, source = row or ("", "")
                yield {"period": period, "province": province, "kind": kind or "", "source": source, **_counted(value)}


def assessments_rows():
    for year in sorted(years()):
        table = assessments_table(year)
        for province, month, value in _cells(table) if table else ():
            yield {"period": month, "province": province or "", **_counted(value)}


def referrals_rows():
    provinces = [code for code, _label in Province.choices]
    for year in sorted(years()):
        table = referrals_table(year)
        for province, (_label, values) in zip(provinces, table.lines if table else (), strict=False):
            for (month, _l), value in zip(table.columns, values, strict=True):
                yield {"period": month, "province": province, **_counted(value)}


def training_rows():
    for year in sorted(years()):
        for course, audience, value in _cells(training_table(year)):
            yield {"year": year, "course": course or "", "audience": audience or "", **_counted(value)}


def registry_rows():
    for industry, status, value in _cells(registry_table()):
        yield {"industry": industry or "", "status": status or "", **_counted(value)}


def waits_rows():
    for year in sorted(years()):
        months, waits = waits_table(year)
        for wait in waits:
            for (month, _label), (to_open, to_reply) in zip(months, wait.months, strict=True):
                yield {
                    "period": month,
                    "hotline": wait.slug,
                    "hotline_name": wait.hotline,
                    "median_hours_to_open": to_open,
                    "median_hours_to_reply": to_reply,
                    "suppressed": to_open is None or to_reply is None,
                }


def _suppressed_field() -> Field:
    return Field("suppressed", BOOLEAN, _("True where the number is hidden (see the method); the count is then empty."))


def _count_field() -> Field:
    return Field("count", INTEGER, _("How many; empty where hidden. A row with an empty category is a total."))


PROVINCE = Field(
    "province", STRING, _("Province or territory (two-letter code); empty in a total over all."), vocabulary="Province"
)
PERIOD = Field("period", STRING, _("The month (YYYY-MM)."))
METHOD = _(
    "Small-cell suppression with complementary suppression: no count below the threshold (11 unless the portal "
    "sets another) is published, nor any number from which one could be worked out from the "
    "totals; every hidden number lies on a closed loop of hidden numbers. Complete months only, no totals across "
    "months, training by whole years once over; no noise added."
)


def register_datasets() -> None:
    register(
        Dataset(
            slug="statistics-tips-by-month",
            title=_("Tips received, by month, province, kind and source"),
            description=_("Tips received through the portal each complete month, counted from recorded categories."),
            fields=(
                Field("period", STRING, _("The month (YYYY-MM).")),
                PROVINCE,
                Field("kind", STRING, _("Kind of exploitation; empty in a total."), vocabulary="ExploitationKind"),
                Field("source", STRING, _("Where the tip came from (web form or assessment tool); empty in a total.")),
                _count_field(),
                _suppressed_field(),
            ),
            rows=tips_rows,
            theme="statistics",
            method=METHOD,
            keywords=("tips", "statistics"),
        )
    )
    register(
        Dataset(
            slug="statistics-assessments-by-month",
            title=_("Assessments saved, by month and province"),
            description=_("Assessments saved by service providers with the first-contact tool, each complete month."),
            fields=(PERIOD, PROVINCE, _count_field(), _suppressed_field()),
            rows=assessments_rows,
            theme="statistics",
            method=METHOD,
            keywords=("assessments", "statistics"),
        )
    )
    register(
        Dataset(
            slug="statistics-referrals-by-month",
            title=_("Referrals from assessments, by month and province"),
            description=_(
                "Referrals a service provider made from an assessment, counted as the tips the assessment tool sent: "
                "the same numbers as the tips dataset's totals for that source (no totals of their own)."
            ),
            fields=(
                Field("period", STRING, _("The month (YYYY-MM).")),
                Field("province", STRING, _("Province or territory (two-letter code)."), vocabulary="Province"),
                _count_field(),
                _suppressed_field(),
            ),
            rows=referrals_rows,
            theme="statistics",
            method=METHOD,
            keywords=("referrals", "statistics"),
        )
    )
    register(
        Dataset(
            slug="statistics-hotline-response-times",
            title=_("Hotline response times, by month"),
            description=_("Median hours from a tip's delivery to the hotline's first opening and to the first reply."),
            fields=(
                Field("period", STRING, _("The month (YYYY-MM).")),
                Field("hotline", STRING, _("The hotline's short name (a stable code).")),
                Field("hotline_name", STRING, _("The hotline's name.")),
                Field("median_hours_to_open", NUMBER, _("Median hours to the first opening; empty where hidden.")),
                Field("median_hours_to_reply", NUMBER, _("Median hours to the first reply; empty where hidden.")),
                _suppressed_field(),
            ),
            rows=waits_rows,
            theme="statistics",
            method=_(
                "A median is published only when it is of at least as many tips as the threshold (11 unless the portal sets another)."
            ),
            keywords=("hotlines", "statistics"),
        )
    )
    register(
        Dataset(
            slug="statistics-training-completions",
            title=_("Training completions, by year, course and sector"),
            description=_("Courses completed on the portal, by the sector (audience) the learner gave."),
            fields=(
                Field("year", INTEGER, _("The year of completion.")),
                Field("course", STRING, _("The course's short name; empty in a total.")),
                Field(
                    "audience", STRING, _("The learner's sector (not_stated where none was given); empty in a total.")
                ),
                _count_field(),
                _suppressed_field(),
            ),
            rows=training_rows,
            theme="statistics",
            method=METHOD,
            keywords=("training", "statistics"),
        )
    )
    register(
        Dataset(
            slug="statistics-registry-by-industry-status",
            title=_("Registry entries, by industry and status"),
            description=_("Published and delisted registry entries (fictional ones left out), counted today."),
            fields=(
                Field("industry", STRING, _("The industry; empty in a total."), vocabulary="Industry"),
                Field("status", STRING, _("The entry's status; empty in a total.")),
                _count_field(),
                _suppressed_field(),
            ),
            rows=registry_rows,
            theme="statistics",
            method=METHOD,
            keywords=("registry", "statistics"),
        )
    )


register_datasets()
