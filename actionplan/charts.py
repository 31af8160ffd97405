"""The action plan's charts, drawn the portal's one way (taskforce/charts.py: server-drawn SVG with a title, a
description and the same numbers in a table beside it).

An indicator's chart: the baseline and the accepted values over time (a line, each value a dot at the end of its
period) and the way to the target (a dashed line from the latest value to the target). The plan's charts: its
actions by status (bars) and its progress in percent over time."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from taskforce.charts import TARGET_COLOUR, VALUE_COLOUR, Bar, Line, bar_chart, line_chart, number, percent
from taskforce.language import in_page_language

from .models import Indicator, Status
from .selectors import StatusCount

# Each status its own colour (3:1 at least against white); the label on the chart says the status in words.
STATUS_COLOURS = {
    Status.COMPLETE: "#1f6b3a",
    Status.ON_TRACK: VALUE_COLOUR,
    Status.CHALLENGES: TARGET_COLOUR,
    Status.NOT_STARTED: "#555555",
    Status.NOT_PURSUED: "#6c5a00",
    "": "#555555",  # no data yet (a past date)
}


def with_unit(value, indicator: Indicator) -> str:
    text = number(value)
    if indicator.unit == Indicator.Unit.PERCENT:
        return percent(value)
    if indicator.unit == Indicator.Unit.DOLLARS:
        return pgettext("an amount of money", "$%(amount)s") % {"amount": text}
    return text


def unit_name(indicator: Indicator) -> str:
    if indicator.unit == Indicator.Unit.OTHER:
        return in_page_language(indicator.unit_label)
    return str(indicator.get_unit_display())


def indicator_chart(indicator: Indicator, values: list, chart_id: str) -> SafeString:
    """The SVG chart of an indicator: baseline, accepted `values` (IndicatorValue, oldest period first), target."""
    baseline = (indicator.baseline_date, indicator.baseline_value)
    target = (indicator.target_date, indicator.target_value)
    measured = [(value.period_end, value.value) for value in values]
    latest = measured[-1] if measured else baseline
    top = Decimal(100) if indicator.unit == Indicator.Unit.PERCENT else None
    lines = [
        Line(_("Baseline and measured values"), [baseline, *measured], VALUE_COLOUR, dots=4),
        Line(_("Towards the target"), [latest, target], TARGET_COLOUR, dots=5, dashed=True),
    ]
    title = _("%(name)s, from the baseline to the target") % {"name": in_page_language(indicator.name)}
    parts = [
        _("Baseline: %(value)s on %(date)s.")
        % {"value": with_unit(baseline[1], indicator), "date": formats.date_format(baseline[0])}
    ]
    if measured:
        parts.append(
            _("%(count)s measured values; the latest, %(value)s, for the period ending %(date)s.")
            % {
                "count": len(measured),
                "value": with_unit(latest[1], indicator),
                "date": formats.date_format(latest[0]),
            }
        )
    else:
        parts.append(_("No measured value yet."))
    parts.append(
        _("Target: %(value)s by %(date)s.")
        % {"value": with_unit(target[1], indicator), "date": formats.date_format(target[0])}
    )
    parts.append(_("The table beside the chart gives every value."))
    return line_chart(
        chart_id,
        title=title,
        description=" ".join(parts),
        lines=lines,
        value_text=lambda value: with_unit(value, indicator),
        top=top,
    )


def plan_progress_chart(points: list, chart_id: str, plan_title: str) -> SafeString:
    """The plan's progress over time (selectors.ProgressPoint, oldest first), in percent."""
    line = Line(_("Average progress"), [(point.day, Decimal(point.progress)) for point in points], VALUE_COLOUR)
    title = _("Progress of %(plan)s over time") % {"plan": plan_title}
    description = _(
        "Average progress of the actions that had reported, from %(first)s (%(first_value)s%%) to %(last)s "
        "(%(last_value)s%%). The table beside the chart gives every date."
    ) % {
        "first": formats.date_format(points[0].day),
        "first_value": points[0].progress,
        "last": formats.date_format(points[-1].day),
        "last_value": points[-1].progress,
    }
    return line_chart(
        chart_id, title=title, description=description, lines=[line], value_text=percent, top=Decimal(100)
    )


def status_chart(counts: list[StatusCount], chart_id: str, plan_title: str) -> SafeString:
    """The plan at a glance: how many of its actions are in each status (selectors.plan_status_counts), one bar per
    status in the plan's order."""
    total = sum(row.count for row in counts)
    title = _("Actions of %(plan)s by status") % {"plan": plan_title}
    description = _("%(total)s actions: %(counts)s. The table beside the chart gives the same numbers.") % {
        "total": number(total),
        "counts": ", ".join(f"{row.label} {number(row.count)}" for row in counts),
    }
    bars = [Bar(row.label, row.count, STATUS_COLOURS[row.status]) for row in counts]
    return bar_chart(chart_id, title=title, description=description, bars=bars)
