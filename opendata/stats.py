"""The safe public statistics (issue 19, part 2): the tables of /statistics/ and their datasets. (Not
`statistics.py`: inside opendata/, as `make messages` runs, that name hides the standard library's module from
Django's SQLite backend.)

Every count comes from structured columns (month, province, kind, source, audience, industry, status), grouped in
the database by the apps' selectors: one query per table whatever the number of rows, and never a tip's text. Only
complete months are counted (up to the first day of this month), so a published month does not change as new tips
arrive. Each table goes through `suppression.protect` before anything sees it: the page, the CSV and JSON
downloads all show the same protected numbers.

A complete period's protected table (a month's tips, assessments and hotline medians; a whole year's training) is
frozen when first published, by the daily task `opendata.tasks.statistics_freeze` or by the first page or download
that needs it, whichever comes first (`published`): stored already protected in `FrozenTable`, and served from there
ever after. The live rows change (closed tips are purged after their retention period, learners change sector,
accounts are deleted); a published number does not, so two dated versions cannot be compared to count what went.

The counts (numbers and codes only) are kept in the cache for `conf.statistics_cache_seconds()` under a key that
changes every day, and so are the frozen tables of a year; with the cache down they are read on each request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from firstcontact import selectors as firstcontact_selectors
from publications import selectors as publications_selectors
from taskforce.language import localized, text_data
from taskforce.vocabulary import ExploitationKind, Province
from tips import selectors as tips_selectors
from training import selectors as training_selectors

from . import conf, services
from . import selectors as opendata_selectors
from .datasets import BOOLEAN, INTEGER, NUMBER, STRING, Dataset, Field, register
from .suppression import Protected, hide_below, protect

NOT_STATED = "not_stated"  # the column of learners who gave no audience


def method_text() -> str:
    """The method in plain words: said on the page and in every dataset's `method`."""
    return (
        _(
            "Counts below %(min)s are never published: each is hidden, and so is every other number (a cell or a total) "
            "that would let it be worked out by subtraction from the totals. Every hidden number lies on a closed loop of "
            "hidden numbers, so the published cells and totals fit other values as well as the true ones. Medians are "
            "published only when they are of at least %(min)s tips. Only complete months are counted, from recorded "
            "categories (month, province, kind, source), never from what anyone wrote. Nothing is added up across "
            "months, and training is published by whole years once they are over, so that no published number grows "
            "as months go by: comparing two versions of a growing total would give the newest month away. No noise is "
            "added."
        )
        % {"min": conf.min_cell()}
        + " "
        + str(FROZEN_TEXT)
    )


FROZEN_TEXT = _(
    "Each month's tables, and each year's training table, are frozen when first published: they are kept as they "
    "were then and never counted again, so a published number does not change when closed tips are deleted at the "
    "end of their retention period, a learner changes sector or an account is removed, and comparing two versions "
    "gives nothing away."
)


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


def _kept(key: str, fetch: Callable):
    """`fetch()`, from the cache when there (never None)."""
    with contextlib.suppress(Exception):  # a cache that is down costs a query, never the page
        kept = cache.get(key)
        if kept is not None:
            return kept
    found = fetch()
    with contextlib.suppress(Exception):
        cache.set(key, found, conf.statistics_cache_seconds())
    return found


def _forget(*keys: str) -> None:
    with contextlib.suppress(Exception):
        cache.delete_many(keys)


def counts(name: str, *, today: dt.date | None = None) -> list[tuple]:
    """The grouped counts of one table (codes and numbers), from the cache when counted earlier today."""
    today = today or timezone.localdate()
    return _kept(f"opendata:statistics:{name}:{today.isoformat()}", lambda: FETCHES[name](_first_of_month(today)))


# ----- the frozen tables ----------------------------------------------------------------------------------------

FIRST_FROZEN_KEY = "opendata:statistics:frozen-first"


def _frozen_key(year: int) -> str:
    return f"opendata:statistics:frozen:{year}"


def published(name: str, periods: list[str], build: Callable[[str], dict]) -> dict[str, dict]:
    """{period: protected numbers} of table `name` for `periods` (complete ones, all of one year): the frozen copy
    where there is one, else `build(period)` frozen now (concurrent freezes of one period keep the first, and
    every caller gets that one). At most a read for the year, and an insert and a read for what was missing."""
    if not periods:
        return {}
    year = int(periods[0][:4])
    kept = _kept(_frozen_key(year), lambda: opendata_selectors.frozen_tables(year=year))
    found = {period: kept[(name, period)] for period in periods if (name, period) in kept}
    missing = [period for period in periods if period not in found]
    if missing:
        tables = {period: build(period) for period in missing}
        found.update(services.tables_freeze(table=name, tables=tables, min_cell=conf.min_cell()))
        _forget(_frozen_key(year), FIRST_FROZEN_KEY)
    return found


def _frozen(rows, columns, protected: Protected) -> dict:
    """A protected table as it is stored: the codes of its rows and columns, its numbers (None where hidden)."""
    return {
        "rows": [code for code, _label in rows],
        "columns": [code for code, _label in columns],
        "cells": protected.cells,
        "row_totals": protected.row_totals,
        "column_totals": protected.column_totals,
        "total": protected.total,
    }


def _code(value):
    return tuple(value) if isinstance(value, list) else value  # a (province, source) row is a list in JSON


def _thawed(data: dict, rows, columns) -> Protected:
    """A stored table laid out on `rows` and `columns` (codes and labels): a code it does not have (a category
    added since) is hidden."""
    if not data["rows"]:
        return protect([], threshold=conf.min_cell())
    at_row = {_code(code): i for i, code in enumerate(data["rows"])}
    at_column = {_code(code): j for j, code in enumerate(data["columns"])}
    cells = [
        [data["cells"][at_row[r]][at_column[c]] if r in at_row and c in at_column else None for c, _l in columns]
        for r, _label in rows
    ]
    row_totals = [data["row_totals"][at_row[r]] if r in at_row else None for r, _label in rows]
    column_totals = [data["column_totals"][at_column[c]] if c in at_column else None for c, _label in columns]
    hidden = [[value is None for value in [*line, total]] for line, total in zip(cells, row_totals, strict=True)]
    hidden.append([value is None for value in [*column_totals, data["total"]]])
    return Protected(
        cells=cells, row_totals=row_totals, column_totals=column_totals, total=data["total"], hidden=hidden
    )


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


ONE_COLUMN = [("count", "")]


def _side_by_side(columns: list[Protected], height: int) -> Protected:
    """One-column tables (each protected on its own, with its total) as the columns of one table: nothing adds up
    across columns."""
    cells = [[one.cells[i][0] for one in columns] for i in range(height)]
    totals = [one.column_totals[0] for one in columns]
    hidden = [[value is None for value in row] for row in cells] + [[value is None for value in totals]]
    return Protected(cells=cells, row_totals=[None] * height, column_totals=totals, total=None, hidden=hidden)


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
    frozen = _kept(FIRST_FROZEN_KEY, lambda: opendata_selectors.frozen_first_year() or 0)  # 0: nothing frozen yet
    first = min(
        [int(row[0][:4]) for name in ("tips", "assessments") for row in counts(name, today=today)]
        + [row[0] for row in counts("training", today=today)]
        + [last, frozen or last]
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
    rows, columns = _tip_rows(), list(ExploitationKind.choices)

    @functools.cache
    def live() -> dict[str, dict]:  # counted only when a month is not frozen yet
        found: dict[str, dict] = {}
        for month, province, kind, source, n in counts("tips", today=today):
            found.setdefault(month, {})[((province, source), kind)] = n
        return found

    months = months_of(year, today=today)
    frozen = published(
        "tips", months, lambda month: _frozen(rows, columns, _protected(rows, columns, live().get(month, {})))
    )
    return [
        Table(
            key=f"tips-{month}",
            caption=_("Tips received in %(month)s, by province or territory, source and kind")
            % {"month": month_label(month)},
            note="",
            corner=_("Province or territory — source"),
            columns=columns,
            rows=rows,
            protected=_thawed(frozen[month], rows, columns),
            label=month_label(month),
        )
        for month in months
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
    rows = list(Province.choices)

    @functools.cache
    def live() -> dict[tuple[str, str], int]:  # counted only when a month is not frozen yet
        return {(province, month): n for month, province, n in counts(name, today=today)}

    def build(month: str) -> dict:
        one = protect([[live().get((province, month), 0)] for province, _l in rows], threshold=conf.min_cell())
        return _frozen(rows, ONE_COLUMN, one)

    frozen = published(name, months, build)
    columns = [(month, str(MONTHS[int(month[5:])])) for month in months]
    return Table(
        key=f"{name}-{year}",
        caption=caption % {"year": year},
        note="",
        corner=_("Province or territory"),
        columns=columns,
        rows=rows,
        protected=_side_by_side([_thawed(frozen[month], rows, ONE_COLUMN) for month in months], len(rows)),
        row_totals_shown=False,
    )


def assessments_table(year: int, *, today: dt.date | None = None) -> Table | None:
    return _monthly_by_province(
        "assessments", year, _("Assessments saved by service providers in %(year)s, by province and month"), today
    )


def training_table(year: int, *, today: dt.date | None = None) -> Table:
    """Completions of a whole year, published once the year is over (an empty table before): a table that grew
    month by month would give away each month's few completions when two versions are compared."""
    columns = [*training_selectors.audience_choices(), (NOT_STATED, pgettext_lazy("audience", "Not stated"))]

    def build(_period: str) -> dict:
        found, titles = {}, {}
        for found_year, slug, title, audience, n in counts("training", today=today):
            if found_year <= year:
                titles[slug] = text_data(title)
            if found_year == year:
                found[(slug, audience or NOT_STATED)] = n
        courses = [(slug, "") for slug in sorted(titles)]
        return {**_frozen(courses, columns, _protected(courses, columns, found)), "titles": titles}

    rows, protected = [], _protected([], columns, {})
    if year < (today or timezone.localdate()).year:
        data = published("training", [f"{year:04d}"], build)[f"{year:04d}"]
        titles = {slug: localized(title).text for slug, title in data["titles"].items()}
        rows = sorted(titles.items(), key=lambda item: str(item[1]))
        protected = _thawed(data, rows, columns)
    return Table(
        key=f"training-{year}",
        caption=_("Training courses completed in %(year)s, by course and sector") % {"year": year},
        note="",
        corner=_("Course"),
        columns=columns,
        rows=rows,
        protected=protected,
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

    @functools.cache
    def live() -> dict[str, dict]:  # the medians of each month, hidden below the threshold; never the counts
        least, found = conf.min_cell(), {}
        for month, slug, name, opened, to_open, replied, to_reply in counts("waits", today=today):
            found.setdefault(month, {})[slug] = {
                "name": name,
                "to_open": to_open if hide_below(opened, threshold=least) else None,
                "to_reply": to_reply if hide_below(replied, threshold=least) else None,
            }
        return found

    frozen = published("waits", months, lambda month: {"hotlines": live().get(month, {})})
    found: dict[str, dict] = {}
    names: dict[str, str] = {}
    for month in months:  # a hotline's newest name
        for slug, wait in frozen[month]["hotlines"].items():
            names[slug] = localized(wait["name"]).text
            found.setdefault(slug, {})[month] = (wait["to_open"], wait["to_reply"])
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


def statistics_freeze(*, today: dt.date | None = None) -> int:
    """Freeze every complete period not frozen yet, as the page would when first asked (opendata.tasks, daily);
    returns how many tables were frozen (0 on a second run)."""
    before = opendata_selectors.frozen_count()
    for year in years(today=today):
        tips_tables(year, today=today)
        assessments_table(year, today=today)
        waits_table(year, today=today)
        training_table(year, today=today)
    return opendata_selectors.frozen_count() - before


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
FROZEN_METHOD = _(
    "Each month (each year for training) is frozen when first published: its published numbers never change, even "
    "when the records they were counted from are deleted."
)
PERIODS_METHOD = format_lazy("{} {}", METHOD, FROZEN_METHOD)


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
            method=PERIODS_METHOD,
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
            method=PERIODS_METHOD,
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
            method=PERIODS_METHOD,
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
            method=format_lazy(
                "{} {}",
                _(
                    "A median is published only when it is of at least as many tips as the threshold (11 unless the portal sets another)."
                ),
                FROZEN_METHOD,
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
            method=PERIODS_METHOD,
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
