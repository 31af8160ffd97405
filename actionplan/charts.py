"""The action plan's charts, drawn the portal's one way (taskforce/charts.py: server-drawn SVG with a title, a
description and the same numbers in a table beside it).

An indicator's chart: the baseline (a hollow circle), the accepted values over time (a line, each value a dot at
the end of its period) and the target (a dashed line from the latest value to a square). The plan's chart: its
progress in percent over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from taskforce.charts import BASE_COLOUR, GRID_COLOUR, TARGET_COLOUR, TEXT_COLOUR, VALUE_COLOUR, number, svg
from taskforce.language import in_page_language

from .models import Indicator

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40


def with_unit(value, indicator: Indicator) -> str:
    text = number(value)
    if indicator.unit == Indicator.Unit.PERCENT:
        return percent(value)
    if indicator.unit == Indicator.Unit.DOLLARS:
        return pgettext("an amount of money", "$%(amount)s") % {"amount": text}
    return text


def percent(value) -> str:
    return pgettext("a percentage", "%(number)s%%") % {"number": number(value)}


def unit_name(indicator: Indicator) -> str:
    if indicator.unit == Indicator.Unit.OTHER:
        return in_page_language(indicator.unit_label)
    return str(indicator.get_unit_display())


@dataclass
class Point:
    day: dt.date
    value: Decimal


def _nice_max(value: Decimal) -> Decimal:
    """A round top for the vertical axis at or above `value` (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(value))) - 1) if value >= 1 else Decimal("0.1")
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= power * step:
            return power * step
    return power * 10


def _scale(points: list[Point], *, top: Decimal | None = None):
    days = [p.day for p in points]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    span = (last - first).days
    low = min(Decimal(0), *(p.value for p in points))
    high = top if top is not None else _nice_max(max(p.value for p in points))
    if high <= low:
        high = low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day - first).days / span, 1)

    def y(value) -> float:
        return round(TOP + plot_h * float((high - Decimal(value)) / (high - low)), 1)

    return x, y, first, last, low, high


def _axes(x, y, first: dt.date, last: dt.date, low: Decimal, high: Decimal, label) -> SafeString:
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
        ((LEFT, WIDTH - RIGHT, y(t), y(t), GRID_COLOUR, LEFT - 6, y(t) + 4, TEXT_COLOUR, label(t)) for t in ticks),
    )
    middle = first + (last - first) / 2
    dates = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" font-size="12" fill="{}">{}</text>',
        (
            (x(day), HEIGHT - BOTTOM + 18, anchor, TEXT_COLOUR, formats.date_format(day, "SHORT_DATE_FORMAT"))
            for day, anchor in ((first, "start"), (middle, "middle"), (last, "end"))
        ),
    )
    frame = format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>',
        LEFT,
        WIDTH - RIGHT,
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
        TEXT_COLOUR,
    )
    return grid + dates + frame


def _svg(chart_id: str, title: str, description: str, body: SafeString) -> SafeString:
    return svg(chart_id, title, description, body, width=WIDTH, height=HEIGHT)


def _line(points: list[Point], x, y, colour: str, *, dashed: bool = False) -> SafeString:
    if len(points) < 2:
        return SafeString("")
    coordinates = " ".join(f"{x(p.day)},{y(p.value)}" for p in points)
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"' + dash + "/>", coordinates, colour
    )


def indicator_chart(indicator: Indicator, values: list, chart_id: str) -> SafeString:
    """The SVG chart of an indicator: baseline, accepted `values` (IndicatorValue, oldest period first), target."""
    baseline = Point(indicator.baseline_date, indicator.baseline_value)
    target = Point(indicator.target_date, indicator.target_value)
    measured = [Point(value.period_end, value.value) for value in values]
    everything = [baseline, *measured, target]
    top = Decimal(100) if indicator.unit == Indicator.Unit.PERCENT else None
    x, y, first, last, low, high = _scale(everything, top=top)
    body = _axes(x, y, first, last, low, high, lambda v: with_unit(v, indicator))
    latest = measured[-1] if measured else baseline
    body += _line([baseline, *measured], x, y, VALUE_COLOUR)
    body += _line([latest, target], x, y, TARGET_COLOUR, dashed=True)
    body += format_html(
        '<circle cx="{}" cy="{}" r="5" fill="#fff" stroke="{}" stroke-width="2"/>',
        x(baseline.day),
        y(baseline.value),
        BASE_COLOUR,
    )
    body += format_html_join(
        "", '<circle cx="{}" cy="{}" r="4" fill="{}"/>', ((x(p.day), y(p.value), VALUE_COLOUR) for p in measured)
    )
    body += format_html(
        '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>', x(target.day) - 5, y(target.value) - 5, TARGET_COLOUR
    )
    title = _("%(name)s, from the baseline to the target") % {"name": in_page_language(indicator.name)}
    parts = [
        _("Baseline: %(value)s on %(date)s.")
        % {"value": with_unit(baseline.value, indicator), "date": formats.date_format(baseline.day)}
    ]
    if measured:
        parts.append(
            _("%(count)s measured values; the latest, %(value)s, for the period ending %(date)s.")
            % {
                "count": len(measured),
                "value": with_unit(latest.value, indicator),
                "date": formats.date_format(latest.day),
            }
        )
    else:
        parts.append(_("No measured value yet."))
    parts.append(
        _("Target: %(value)s by %(date)s.")
        % {"value": with_unit(target.value, indicator), "date": formats.date_format(target.day)}
    )
    parts.append(_("The table beside the chart gives every value."))
    return _svg(chart_id, title, " ".join(parts), body)


def plan_progress_chart(points: list, chart_id: str, plan_title: str) -> SafeString:
    """The plan's progress over time (selectors.ProgressPoint, oldest first), in percent."""
    series = [Point(p.day, Decimal(p.progress)) for p in points]
    x, y, first, last, low, high = _scale(series, top=Decimal(100))
    body = _axes(x, y, first, last, low, high, percent)
    body += _line(series, x, y, VALUE_COLOUR)
    body += format_html_join(
        "", '<circle cx="{}" cy="{}" r="3" fill="{}"/>', ((x(p.day), y(p.value), VALUE_COLOUR) for p in series)
    )
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
    return _svg(chart_id, title, description, body)
