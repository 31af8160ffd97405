"""The completion chart of the managers' report: per course, how many of its assigned rows are completed, in
progress, not started or overdue, as horizontal stacked bars (the portal's one way of drawing charts:
taskforce/charts.py) with the same numbers in a table beside it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from taskforce.charts import STACK_SERIES_COLOURS, Series, number, stacked_bars
from taskforce.language import in_page_language

from . import selectors


def _series() -> list[Series]:
    labels = {
        "completed": _("Completed"),
        "in_progress": _("In progress"),
        "not_started": _("Not started"),
        "overdue": _("Overdue"),
    }
    patterns = {"completed": "", "in_progress": "hatch", "not_started": "dots", "overdue": "cross"}
    return [
        Series(key, labels[key], colour, patterns[key])
        for key, colour in zip(selectors.COMPLETION_PARTS, STACK_SERIES_COLOURS, strict=True)
    ]


def completion_chart(by_course: list[dict], *, organization) -> dict | None:
    """The chart (`svg`), its parts (`series`: the table's columns) and its table's `rows` (course title, the
    parts' counts, the total), from `selectors.report_summary`'s `by_course`; None when there is no row."""
    if not by_course:
        return None
    series = _series()
    rows = sorted(
        (
            {
                "title": in_page_language(row["course_title"]),
                "counts": [row[part.key] for part in series],
                "total": row["total"],
                "values": row,
            }
            for row in by_course
        ),
        key=lambda row: row["title"].casefold(),
    )
    total = sum(row["total"] for row in rows)
    overdue = sum(row["values"]["overdue"] for row in rows)
    title = _("Completion of assigned courses in %(organization)s") % {
        "organization": in_page_language(organization.name)
    }
    description = _(
        "One bar per course, as long as its number of assigned people, in four parts: completed, in progress, not "
        "started and overdue (an overdue assignment is counted as overdue only). %(total)s assignments in all, "
        "%(overdue)s overdue. The table beside the chart gives every number."
    ) % {"total": number(total), "overdue": number(overdue)}
    svg = stacked_bars(
        "training-completion",
        title=title,
        description=description,
        series=series,
        bars=[(row["title"], row["values"]) for row in rows],
    )
    return {"svg": svg, "series": series, "rows": rows, "title": title}
