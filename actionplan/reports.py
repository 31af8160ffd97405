"""A kept progress report rendered from its snapshot, in the reader's language: rows for the web page, CSV, PDF."""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from taskforce.csv import csv_writer
from taskforce.language import language_codes, localized, text_data
from taskforce.pdf import tagged_pdf

from .models import ProgressReport, Status


def _pick(row: dict, key: str) -> str:
    """A text of a kept snapshot in the reader's language: {code: text} since texts are translated fields; in a
    report kept before that, the source text under `key` and each translation under `<key>_<code>`."""
    value = row.get(key, "")
    if not isinstance(value, dict):
        value = {settings.LANGUAGE_CODE: value, **{code: row.get(f"{key}_{code}") for code in language_codes()[1:]}}
    return localized(value).text


def _label(status: str | None) -> str:
    if status is None:
        return _("No data yet")  # the item had no update recorded by the report's date
    return str(Status(status).label) if status in Status.values else status


def report_items(report: ProgressReport) -> list[dict]:
    return [
        {
            "number": r["number"],
            "title": _pick(r, "title"),
            "status": _label(r["status"]),
            "progress": "" if r["progress"] is None else r["progress"],
            "lead": _pick(r, "lead"),
        }
        for r in report.snapshot.get("items", [])
    ]


def report_changes(report: ProgressReport) -> list[dict]:
    return [
        {
            **c,
            "title": _pick(c, "title"),
            "organization": _pick(c, "organization"),
            "old_status": _label(c["old_status"]),
            "new_status": _label(c["new_status"]),
        }
        for c in report.snapshot.get("changes", [])
    ]


def report_csv(report: ProgressReport) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(
        [
            _("Section"),
            _("Number"),
            _("Title"),
            _("Status"),
            _("Progress (%)"),
            _("Lead organization"),
            _("Date"),
            _("Reason"),
        ]
    )
    for row in report_items(report):
        writer.writerow([_("Status"), row["number"], row["title"], row["status"], row["progress"], row["lead"], "", ""])
    for change in report_changes(report):
        writer.writerow(
            [
                _("Change"),
                change["number"],
                change["title"],
                f"{change['old_status']} → {change['new_status']}",
                f"{change['old_progress']} → {change['new_progress']}",
                change["organization"],
                change["date"],
                change["reason"],
            ]
        )
    for table in _all_tables(report):
        writer.writerow([])  # each table is a section of its own, after one empty line
        writer.writerow([_("Table"), table["caption"]])
        for header, rows in [(table["header"], table["rows"])]:
            writer.writerow(header)
            for row in rows:
                writer.writerow([str(v) for v in row])
    return out.getvalue()


def _statistics_blocks(report: ProgressReport) -> list[dict]:
    """Each frozen statistics table as a header and rows of plain values (hidden numbers written "hidden")."""
    statistics = report_statistics(report)
    if statistics is None:
        return []
    blocks = []
    for table in statistics["tables"]:
        header = [table["corner"], *table["columns"]]
        if table["has_row_totals"]:
            header.append(_("Total"))
        rows = [
            [label, *cells, *([total] if table["has_row_totals"] else [])] for label, cells, total in table["lines"]
        ]
        if table["column_totals"] is not None:
            rows.append([_("Total"), *table["column_totals"], *([table["total"]] if table["has_row_totals"] else [])])
        blocks.append({"caption": table["caption"], "note": table["note"], "header": header, "rows": rows})
    return blocks


def _all_tables(report: ProgressReport) -> list[dict]:
    """The tables that follow the plan's status in the CSV and the PDF: the statistics (more come with the
    indicators and the monitoring calendar)."""
    return _indicator_blocks(report) + _statistics_blocks(report)


def report_pdf(report: ProgressReport) -> bytes:
    """The report as a tagged PDF (taskforce.pdf), drawn from the same sections as the web page, in the reader's
    language, with the open data licence it is published under."""
    from opendata import catalogue  # noqa: PLC0415 -- the opendata app's licence, loaded when a report is drawn

    context = {
        "report": report,
        "items": report_items(report),
        "changes": report_changes(report),
        "statistics": report_statistics(report),
        "indicators": report_indicators(report),
        "calendar": report_calendar(report),
        "LANGUAGE_CODE": get_language() or settings.LANGUAGE_CODE,
        "licence": catalogue.licence(),  # named on the paper too, where no Link header follows the file
    }
    return tagged_pdf("actionplan/report_pdf.html", context)


# ----- the safe public statistics, frozen when the report is made ------------------------------------------------


def _frozen_table(tables_by_language: dict[str, object], *, totals: bool = True) -> dict:
    """One protected table of `opendata.stats`, built once in each portal language: its labels in every language,
    its numbers (None where hidden) once. Row totals are kept only where the statistics page shows them."""
    first = next(iter(tables_by_language.values()))
    p = first.protected

    def texts(pick) -> dict[str, str]:
        # labels are lazy texts: each is written out in the language its table was built in
        found = {}
        for code, table in tables_by_language.items():
            with translation.override(code):
                found[code] = str(pick(table))
        return found

    return {
        "key": first.key,
        "caption": texts(lambda t: t.caption),
        "note": texts(lambda t: t.note),
        "corner": texts(lambda t: t.corner),
        "columns": [texts(lambda t, j=j: t.columns[j][1]) for j in range(len(first.columns))],
        "rows": [texts(lambda t, i=i: t.rows[i][1]) for i in range(len(first.rows))],
        "cells": [list(row) for row in p.cells],
        "row_totals": list(p.row_totals) if totals and first.row_totals_shown else None,
        "column_totals": list(p.column_totals) if totals else None,
        "total": p.total if totals and first.row_totals_shown else None,
    }


def _frozen_grid(key: str, caption: dict, corner: dict, columns: list[dict], rows: list[dict], cells) -> dict:
    return {
        "key": key,
        "caption": caption,
        "note": {},
        "corner": corner,
        "columns": columns,
        "rows": rows,
        "cells": cells,
        "row_totals": None,
        "column_totals": None,
        "total": None,
    }


def statistics_snapshot(as_of: dt.date) -> dict:
    """The statistics a report publishes, as `/statistics/` showed them on the report's date, protected by the very
    same code: the tips of the last complete month, the assessments, referrals and hotline response times of that
    month's year, the training of the last whole year, and the registry. Kept in the snapshot, so a published
    report never changes when tips arrive or a threshold is changed later."""
    from opendata import conf as opendata_conf  # noqa: PLC0415 -- the opendata app's tables, loaded when a report is made
    from opendata import stats  # noqa: PLC0415 -- the opendata app's tables, loaded when a report is made

    today = as_of + dt.timedelta(days=1)  # the months complete on the report's date
    month = stats.last_complete_month(today)
    year = month.year
    built: dict[str, dict] = {}
    for code in _frozen_languages():
        with translation.override(code):
            tips = stats.tips_tables(year, today=today)
            columns, waits = stats.waits_table(year, today=today)
            built[code] = {
                "tips": [t for t in tips if t.key == f"tips-{month:%Y-%m}"],
                "assessments": stats.assessments_table(year, today=today),
                "referrals": stats.referrals_table(year, today=today, tables=tips),
                "training": stats.training_table(today.year - 1, today=today),
                "registry": stats.registry_table(today=today),
                "wait_columns": columns,
                "waits": waits,
                "method": str(stats.method_text()),
                "corner_province": str(_("Province or territory")),
                "corner_hotline": str(_("Hotline")),
                "referrals_caption": str(_("Referrals from the assessment tool in %(year)s, by province and month"))
                % {"year": year},
                "open_caption": str(_("Median hours to a hotline's first opening of a tip in %(year)s"))
                % {"year": year},
                "reply_caption": str(_("Median hours to a hotline's first reply in %(year)s")) % {"year": year},
                "registry_caption": str(
                    _("Businesses in the registry when this report was made, by industry and status")
                ),
            }
    codes = list(built)

    def each(name: str) -> dict:
        return {code: built[code][name] for code in codes}

    first = built[codes[0]]
    frozen = []
    if first["tips"]:
        frozen.append(_frozen_table({code: built[code]["tips"][0] for code in codes}))
    if first["assessments"] is not None:
        frozen.append(_frozen_table(each("assessments")))
    if first["referrals"] is not None:
        referrals = each("referrals")
        frozen.append(
            _frozen_grid(
                f"referrals-{year}",
                each("referrals_caption"),
                each("corner_province"),
                [
                    {code: str(referrals[code].columns[j][1]) for code in codes}
                    for j in range(len(first["referrals"].columns))
                ],
                [
                    {code: str(referrals[code].lines[i][0]) for code in codes}
                    for i in range(len(first["referrals"].lines))
                ],
                [list(values) for _label, values in first["referrals"].lines],
            )
        )
    if first["training"].rows:
        frozen.append(_frozen_table(each("training")))
    registry = _frozen_table(each("registry"))
    registry["caption"] = each("registry_caption")
    frozen.append(registry)
    if first["waits"]:
        months = [
            {code: str(built[code]["wait_columns"][j][1]) for code in codes} for j in range(len(first["wait_columns"]))
        ]
        hotlines = [{code: str(built[code]["waits"][i].hotline) for code in codes} for i in range(len(first["waits"]))]
        for index, caption in ((0, "open_caption"), (1, "reply_caption")):
            frozen.append(
                _frozen_grid(
                    f"waits-{'open' if index == 0 else 'reply'}-{year}",
                    each(caption),
                    each("corner_hotline"),
                    months,
                    hotlines,
                    [[pair[index] for pair in wait.months] for wait in first["waits"]],
                )
            )
    return {"month": f"{month:%Y-%m}", "min_cell": opendata_conf.min_cell(), "method": each("method"), "tables": frozen}


def _stringify(values: list[dict]) -> list[str]:
    return [localized(v).text for v in values]


def report_statistics(report: ProgressReport) -> dict | None:
    """The frozen statistics in the reader's language, or None for a report kept before they were added: tables of
    (caption, note, corner, columns, lines of (label, cells, total), totals) with `HIDDEN` for a hidden number."""
    kept = report.snapshot.get("statistics")
    if not kept:
        return None
    tables = []
    for table in kept.get("tables", []):
        row_totals = table.get("row_totals")
        lines = [
            (label, [_shown(v) for v in cells], _shown(row_totals[i]) if row_totals is not None else None)
            for i, (label, cells) in enumerate(zip(_stringify(table["rows"]), table["cells"], strict=True))
        ]
        column_totals = table.get("column_totals")
        tables.append(
            {
                "key": table["key"],
                "caption": localized(table["caption"]).text,
                "note": localized(table.get("note") or {}).text,
                "corner": localized(table["corner"]).text,
                "columns": _stringify(table["columns"]),
                "lines": lines,
                "has_row_totals": row_totals is not None,
                "column_totals": [_shown(v) for v in column_totals] if column_totals is not None else None,
                "total": _shown(table.get("total")) if row_totals is not None else None,
            }
        )
    return {
        "month": kept.get("month", ""),
        "min_cell": kept.get("min_cell"),
        "method": localized(kept.get("method") or {}).text,
        "tables": tables,
    }


class _Hidden:
    """A hidden number as a page, CSV and PDF write it."""

    hidden = True

    def __str__(self) -> str:
        return _("hidden")


def _shown(value):
    return _Hidden() if value is None else value


# ----- indicators and the monitoring calendar, frozen when the report is made ---------------------------------------


def _frozen_languages() -> list[str]:
    """The languages a report's labels are frozen in: the portal's own (EN and FR); a reader in another language
    sees the source text, marked as a fallback like any stored text."""
    return list(settings.PORTAL_LANGUAGES)


def _everywhere(label) -> dict[str, str]:
    """A label of the catalogues (a lazy text) frozen in every portal language."""
    found = {}
    for code in _frozen_languages():
        with translation.override(code):
            found[code] = str(label)
    return found


def indicators_snapshot(plan, as_of: dt.date) -> list[dict]:
    """The plan's public indicators with the values accepted and known on the report's date: entered by then, and,
    for a value that waited for review, accepted by then. A value accepted later, or still waiting, is left out."""
    from django.db.models import Prefetch, Q  # noqa: PLC0415 -- used by this function only

    from .models import Indicator, IndicatorValue  # noqa: PLC0415 -- the models of part 1, read when a report is made
    from .selectors import end_of_day  # noqa: PLC0415 -- read when a report is made

    known = end_of_day(as_of)
    values = (
        IndicatorValue.objects.filter(status=IndicatorValue.Status.ACCEPTED, created_at__lte=known)
        .filter(Q(reviewed_at__isnull=True) | Q(reviewed_at__lte=known))
        .order_by("period_end", "id")
    )
    indicators = (
        Indicator.objects.filter(item__plan=plan, is_public=True, created_at__lte=known)
        .select_related("item__parent")
        .prefetch_related(Prefetch("values", queryset=values, to_attr="known_values"))
        .order_by("item__parent__number", "item__number", "order", "id")
    )
    return [
        {
            "number": indicator.item.display_number,
            "item": text_data(indicator.item.title),
            "name": text_data(indicator.name),
            "unit": text_data(indicator.unit_label)
            if indicator.unit == Indicator.Unit.OTHER and text_data(indicator.unit_label)
            else _everywhere(Indicator.Unit(indicator.unit).label),
            "baseline": {"value": str(indicator.baseline_value), "date": indicator.baseline_date.isoformat()},
            "target": {"value": str(indicator.target_value), "date": indicator.target_date.isoformat()},
            "values": [
                {"start": v.period_start.isoformat(), "end": v.period_end.isoformat(), "value": str(v.value)}
                for v in indicator.known_values
            ],
        }
        for indicator in indicators
    ]


def calendar_snapshot(plan, as_of: dt.date) -> dict:
    """The monitoring calendar as it stood on the report's date: reporting periods, milestones (done by then, or
    overdue then) and evaluations (held by then, or planned)."""
    from .models import Evaluation, Milestone, ReportingPeriod  # noqa: PLC0415 -- the models of part 1, read when a report is made

    milestones = Milestone.objects.filter(item__plan=plan).select_related("item__parent").order_by("due_date", "id")
    return {
        "periods": [
            {
                "name": text_data(p.name),
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "due": p.due_date.isoformat(),
            }
            for p in ReportingPeriod.objects.filter(plan=plan).order_by("start", "id")
        ],
        "milestones": [
            {
                "number": m.item.display_number,
                "title": text_data(m.title),
                "due": m.due_date.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on and m.done_on <= as_of else None,
                "overdue": m.due_date < as_of and not (m.done_on and m.done_on <= as_of),
            }
            for m in milestones
        ],
        "evaluations": [
            {
                "title": text_data(e.title),
                "date": e.date.isoformat(),
                "final": e.is_final,
                "held": e.is_done(as_of),
                "summary": text_data(e.summary) if e.is_done(as_of) else {},
                "url": e.document_url if e.is_done(as_of) else "",
            }
            for e in Evaluation.objects.filter(plan=plan).order_by("date", "id")
        ],
    }


def report_indicators(report: ProgressReport) -> list[dict] | None:
    """The frozen indicators in the reader's language; None for a report kept before they were added."""
    kept = report.snapshot.get("indicators")
    if kept is None:
        return None
    return [
        {
            **indicator,
            "item": localized(indicator["item"]).text,
            "name": localized(indicator["name"]).text,
            "unit": localized(indicator["unit"]).text,
            "latest": indicator["values"][-1] if indicator["values"] else None,
        }
        for indicator in kept
    ]


def report_calendar(report: ProgressReport) -> dict | None:
    """The frozen monitoring calendar in the reader's language; None for a report kept before it was added."""
    kept = report.snapshot.get("calendar")
    if kept is None:
        return None
    return {
        "periods": [{**p, "name": localized(p["name"]).text} for p in kept.get("periods", [])],
        "milestones": [{**m, "title": localized(m["title"]).text} for m in kept.get("milestones", [])],
        "evaluations": [
            {**e, "title": localized(e["title"]).text, "summary": localized(e["summary"]).text}
            for e in kept.get("evaluations", [])
        ],
    }


def _indicator_blocks(report: ProgressReport) -> list[dict]:
    indicators = report_indicators(report)
    blocks = []
    if indicators:
        blocks.append(
            {
                "caption": _("Indicators: baseline, target and the values accepted by the report's date"),
                "note": "",
                "header": [_("No."), _("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Period"), _("Value")],
                "rows": [
                    [
                        i["number"],
                        i["name"],
                        i["unit"],
                        f"{i['baseline']['value']} ({i['baseline']['date']})",
                        f"{i['target']['value']} ({i['target']['date']})",
                        f"{v['start']} – {v['end']}" if v else _("No value yet"),
                        v["value"] if v else "",
                    ]
                    for i in indicators
                    for v in (i["values"] or [None])
                ],
            }
        )
    calendar = report_calendar(report)
    if calendar and calendar["periods"]:
        blocks.append(
            {
                "caption": _("Reporting periods"),
                "note": "",
                "header": [_("Period"), _("Start"), _("End"), _("Report due")],
                "rows": [[p["name"], p["start"], p["end"], p["due"]] for p in calendar["periods"]],
            }
        )
    if calendar and calendar["milestones"]:
        blocks.append(
            {
                "caption": _("Milestones"),
                "note": "",
                "header": [_("No."), _("Milestone"), _("Due"), _("Done on"), _("Overdue")],
                "rows": [
                    [m["number"], m["title"], m["due"], m["done_on"] or "", _("Overdue") if m["overdue"] else ""]
                    for m in calendar["milestones"]
                ],
            }
        )
    if calendar and calendar["evaluations"]:
        blocks.append(
            {
                "caption": _("Evaluations"),
                "note": "",
                "header": [_("Evaluation"), _("Date"), _("Final"), _("Summary")],
                "rows": [
                    [
                        e["title"],
                        e["date"],
                        _("Yes") if e["final"] else _("No"),
                        e["summary"] if e["held"] else _("Planned"),
                    ]
                    for e in calendar["evaluations"]
                ],
            }
        )
    return blocks
