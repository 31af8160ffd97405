"""The completion charts of the managers' report, drawn the portal's one way (taskforce/charts.py): per course, and
per organization when the manager has several, the share of the assigned rows that are completed, as horizontal
bars; the table beside each gives the full breakdown (completed, in progress, not started, overdue, total)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from taskforce.charts import Bar, bar_chart, number, percent
from taskforce.language import in_page_language

from . import selectors

PERCENT_TICKS = [0, 25, 50, 75, 100]


def parts() -> list[dict]:
    """The table's columns: each row of the report counts in exactly one (selectors.COMPLETION_PARTS)."""
    labels = {
        "completed": _("Completed"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "overdue": _("Overdue"),
    }
    return [{"key": key, "label": labels[key]} for key in selectors.COMPLETION_PARTS]


def share_completed(counts: dict) -> Decimal:
    """The completed part of `counts` in percent, whole (0 when nothing is assigned)."""
    total = counts["total"]
    return Decimal(round(100 * counts["completed"] / total)) if total else Decimal(0)


def _table_row(title: str, counts: dict, columns: list[dict]) -> dict:
    return {
        "title": title,
        "counts": [counts[part["key"]] for part in columns],
        "total": counts["total"],
        "share": percent(share_completed(counts)),
        "values": counts,
    }


def _chart(chart_id: str, title: str, description: str, rows: list[dict]) -> str:
    bars = [Bar(row["title"], share_completed(row["values"])) for row in rows]
    return bar_chart(chart_id, title=title, description=description, bars=bars, value_text=percent, ticks=PERCENT_TICKS)


def completion_chart(by_course: list[dict], *, organization) -> dict | None:
    """The chart (`svg`), its table's columns (`series`) and `rows` (course title, the parts' counts, the total,
    the share completed), from `selectors.report_summary`'s `by_course`; None when there is no row."""
    if not by_course:
        return None
    columns = parts()
    rows = sorted(
        (_table_row(in_page_language(row["course_title"]), row, columns) for row in by_course),
        key=lambda row: row["title"].casefold(),
    )
    total = sum(row["total"] for row in rows)
    overdue = sum(row["values"]["overdue"] for row in rows)
    title = _("Completion of assigned courses in %(organization)s") % {
        "organization": in_page_language(organization.name)
    }
    description = _(
        "One bar per course: the share of its assignments that are completed, in percent. %(total)s assignments in "
        "all, %(overdue)s overdue. The table beside the chart gives every number: completed, in progress, not "
        "started and overdue (an overdue assignment is counted as overdue only)."
    ) % {"total": number(total), "overdue": number(overdue)}
    svg = _chart("training-completion", title, description, rows)
    return {"svg": svg, "series": columns, "rows": rows, "title": title}


def organizations_chart(summaries: list[tuple]) -> dict | None:
    """The completion of each of the manager's organizations, from (organization, `report_summary`) pairs: the
    same chart and table as per course, one bar per organization; None for a manager of one organization."""
    if len(summaries) < 2:
        return None
    columns = parts()
    rows = []
    for organization, summary in summaries:
        counts = {key: 0 for key in selectors.COMPLETION_PARTS}
        for row in summary["by_course"]:
            for key in counts:
                counts[key] += row[key]
        counts["total"] = summary["total"]
        rows.append(_table_row(in_page_language(organization.name), counts, columns))
    title = _("Completion of assigned courses by organization")
    description = _(
        "One bar per organization you manage: the share of its assignments that are completed, in percent. The table "
        "beside the chart gives every number."
    )
    svg = _chart("training-completion-organizations", title, description, rows)
    return {"svg": svg, "series": columns, "rows": rows, "title": title}
