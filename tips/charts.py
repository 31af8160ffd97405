"""The tip statistics' charts, drawn the portal's one way (taskforce/charts.py): one horizontal bar per row of a
counted table (kind, region, source, status, escalation step, closing reason), with the table beside it. Counts
only: never anything of a tip's text."""

from __future__ import annotations

from django.utils.safestring import SafeString

from taskforce.charts import Bar, bar_chart, number


def counts_chart(key: str, title: str, rows: list) -> SafeString:
    """The chart of one of `Figures.tables()`: its (code, label, count) rows as bars, named by the table's title and
    described by every label and count."""
    description = ", ".join(f"{label} {number(count)}" for _code, label, count in rows)
    return bar_chart(
        f"chart-{key}",
        title=title,
        description=description,
        bars=[Bar(str(label), count) for _code, label, count in rows],
    )
