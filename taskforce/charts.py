"""The portal's one way of drawing a chart: SVG written on the server by the leather library (pure Python, attributes
only: no <style> element, no style attribute, no script, so the strict CSP holds), so that it works without
JavaScript and loads nothing. Each chart is an image with a title and a description (role="img",
aria-labelledby), and the page puts the same numbers in a table beside it: the chart is for the eye, the table is
the data.

Here: leather's theme (colours that meet WCAG contrast against the white chart, the page's font), the frame every
chart shares (`frame`: title, description, viewBox, width 100%), numbers in the page's language (`number`, `percent`),
horizontal bars (`bar_chart`) and lines over time (`line_chart`). Each app builds its charts on these in its own
`charts.py` (actionplan, training, publications, tips)."""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import leather
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

# ----- leather's theme ------------------------------------------------------------------------------------------
# Every text meets 4.5:1 against the white background (WCAG 1.4.3) and every mark 3:1 (WCAG 1.4.11): leather's
# default tick text (#9c9c9c, 2.7:1) and grey background do not. Lines of the grid are not marks (the ticks' text
# and the table say the values), so they may be light.
TEXT_COLOUR = "#222222"  # 15.9:1
MUTED_TEXT_COLOUR = "#444444"  # 9.7:1
VALUE_COLOUR = "#1f5f99"  # 6.6:1
BASE_COLOUR = "#555555"  # 7.5:1
TARGET_COLOUR = "#9a4d00"  # 6.3:1
GRID_COLOUR = "#d8d8d8"
# Series colours, each 3:1 at least against white and apart in lightness.
SERIES_COLOURS = ("#1f5f99", "#9a4d00", "#1f6b3a", "#6c5a00", "#a4231c", "#5b3f8c")
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif"

_THEME = {
    "background_color": "#ffffff",
    "margin": 0.02,  # a float: leather reads it as a share of the width
    "title_color": TEXT_COLOUR,
    "legend_color": TEXT_COLOUR,
    "axis_title_color": TEXT_COLOUR,
    "label_color": MUTED_TEXT_COLOUR,
    "tick_color": GRID_COLOUR,
    "zero_color": BASE_COLOUR,
    "default_series_colors": list(SERIES_COLOURS),
    "default_line_width": 2,
    "default_dot_radius": 4,
}
for _part in ("title", "legend", "axis_title", "tick"):
    _THEME[f"{_part}_font_family"] = FONT
    _THEME[f"{_part}_font_size"] = 13
    _THEME[f"{_part}_font_char_height"] = 13
    _THEME[f"{_part}_font_char_width"] = 7
for _name, _value in _THEME.items():
    setattr(leather.theme, _name, _value)

WIDTH = 640
BAR_ROW_HEIGHT = 30
LABEL_MAX_CHARS = 40  # a longer label is shortened on the chart; the table beside it gives it whole


def number(value) -> str:
    """A value as the page writes it: without decimals when whole, else with two; in the page's language."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def percent(value) -> str:
    """A percentage as the page writes it ("20%", "20 %" in French)."""
    return pgettext("a percentage", "%(number)s%%") % {"number": number(value)}


def short_date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


# ----- the frame --------------------------------------------------------------------------------------------------

_COORDINATES = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height", "d")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:E[-+]?\d+)?", re.IGNORECASE)


def _short(match: re.Match) -> str:
    return f"{round(float(match.group()), 1):g}"


def _shorten_numbers(element: ET.Element) -> None:
    """leather writes Decimal coordinates with 28 digits, some as 0E-25: one decimal is enough for a picture."""
    for node in element.iter():
        for name in _COORDINATES:
            value = node.get(name)
            if value:
                node.set(name, _NUMBER.sub(_short, value))


def frame(chart_id: str, title: str, description: str, chart, *, width: int, height: int) -> SafeString:
    """A leather chart (or Grid of charts) as the page's image: the outer <svg> named by its <title> and described
    by its <desc> (role="img", aria-labelledby), scaled to its column (viewBox, width 100%)."""
    root = ET.Element("svg")
    for name, value in (
        ("xmlns", "http://www.w3.org/2000/svg"),
        ("class", "ap-chart"),
        ("viewBox", f"0 0 {width} {height}"),
        ("width", "100%"),
        ("preserveAspectRatio", "xMidYMid meet"),
        ("role", "img"),
        ("aria-labelledby", f"{chart_id}-title {chart_id}-desc"),
    ):
        root.set(name, value)
    ET.SubElement(root, "title", id=f"{chart_id}-title").text = str(title)
    ET.SubElement(root, "desc", id=f"{chart_id}-desc").text = str(description)
    group = chart.to_svg_group(width, height)
    _shorten_numbers(group)
    root.append(group)
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 -- ElementTree escapes every text and value


# ----- scales -----------------------------------------------------------------------------------------------------


def count_ticks(top) -> list[int]:
    """Whole-number ticks from 0 to at least `top`, five or fewer (1, 2 or 5 times a power of ten apart): a count
    has no half."""
    top = max(int(math.ceil(top)), 1)
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if math.ceil(top / step) <= 5:
                return [step * i for i in range(math.ceil(top / step) + 1)]
        power *= 10


def nice_ticks(low, high) -> list[Decimal]:
    """Five evenly spaced ticks from `low` (0 or below) to a round top at or above `high` (1, 2, 2.5 or 5 times a
    power of ten)."""
    low, high = Decimal(min(low, 0)), Decimal(high)
    if high <= low:
        high = low + 1
    span = high - low
    power = Decimal(10) ** (len(str(int(span))) - 1) if span >= 1 else Decimal("0.1")
    top = next((power * s for s in (1, 2, Decimal("2.5"), 5, 10) if span <= power * s), power * 10)
    return [low + top * i / 4 for i in range(5)]


def _label(text: str) -> str:
    text = str(text)
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _unique(labels: list[str]) -> list[str]:
    """Labels as the chart's categories: two equal ones would be one bar (leather's ordinal scale)."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


# ----- horizontal bars --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: its label (written on the chart with its value), its value and, optionally, its own colour."""

    label: str
    value: int | float | Decimal
    colour: str = ""


def bar_chart(
    chart_id: str,
    *,
    title: str,
    description: str,
    bars: Sequence[Bar],
    value_text: Callable = number,
    top=None,
    ticks: Sequence | None = None,
    colour: str = VALUE_COLOUR,
) -> SafeString:
    """Horizontal bars, one per Bar, the first at the top; each label says its value too ("Complete: 3"), so the
    chart reads without telling lengths apart. Counts get whole-number ticks; give `top` and `ticks` for another
    scale (percentages: top=100). Empty when there is no bar."""
    if not bars:
        return SafeString("")
    if ticks is None:
        ticks = count_ticks(top if top is not None else max(bar.value for bar in bars))
    labels = _unique(
        [
            pgettext("a chart's bar: its label and value", "%(label)s: %(value)s")
            % {"label": _label(bar.label), "value": value_text(bar.value)}
            for bar in bars
        ]
    )
    colours = {label: bar.colour or colour for label, bar in zip(labels, bars, strict=True)}
    chart = leather.Chart()
    chart.add_bars(
        [(bar.value, label) for bar, label in zip(bars, labels, strict=True)],
        fill_color=lambda datum: colours[datum.y],
    )
    chart.set_x_scale(_Numbers(ticks[0], ticks[-1], room=Decimal("0.06")))
    chart.add_x_axis(ticks=list(ticks), tick_formatter=lambda value, _i, _n: value_text(value))
    height = 40 + BAR_ROW_HEIGHT * len(bars)
    return frame(chart_id, title, description, chart, width=WIDTH, height=height)


# ----- lines over time --------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One series over time: (date, value) points, oldest first. `dots` marks each point (its radius; 0: none),
    `line` joins them, `dashed` for what is planned rather than measured."""

    name: str
    points: list[tuple[dt.date, Decimal]]
    colour: str = VALUE_COLOUR
    line: bool = True
    dots: int = 3
    dashed: bool = False


def line_chart(
    chart_id: str,
    *,
    title: str,
    description: str,
    lines: Sequence[Line],
    value_text: Callable = number,
    top=None,
    height: int = 280,
) -> SafeString:
    """Values over time, one or more lines (a legend names them when there are several); the vertical axis from 0
    (or the lowest value below it) to `top` or a round value above the highest, its ticks written by
    `value_text`; the dates in the page's language."""
    lines = [line for line in lines if line.points]
    if not lines:
        return SafeString("")
    days = [day for line in lines for day, _v in line.points]
    values = [Decimal(v) for line in lines for _d, v in line.points]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    ticks = nice_ticks(min(values), max(top, max(values)) if top is not None else max(values))  # nothing cut off
    chart = leather.Chart()
    for line in lines:
        points = [(day, Decimal(value)) for day, value in line.points]
        chart.add_series(leather.Series(points, name=line.name), _LineAndDots(line))
    chart.set_x_scale(_Dates(first, last))
    chart.set_y_scale(_Numbers(ticks[0], ticks[-1]))
    chart.add_x_axis(ticks=_date_ticks(first, last), tick_formatter=lambda day, _i, _n: short_date(day))
    chart.add_y_axis(ticks=ticks, tick_formatter=lambda value, _i, _n: value_text(value))
    return frame(chart_id, title, description, chart, width=WIDTH, height=height)


class _Numbers(leather.Scale):
    """Values from `low` to `high` exactly (leather's linear scale rounds its ends again), with `room` (a share of
    the span) after `high` for the text of the last tick, centred on it."""

    def __init__(self, low, high, *, room=Decimal(0)):
        self._low, self._high = Decimal(low), Decimal(high)
        self._end = self._high + (self._high - self._low) * room

    def contains(self, value) -> bool:
        return self._low <= value <= self._high

    def project(self, value, range_min, range_max):
        share = (Decimal(value) - self._low) / (self._end - self._low)
        return Decimal(range_min) + (Decimal(range_max) - Decimal(range_min)) * share

    def ticks(self):
        return []  # the axis is given its ticks


class _Dates(leather.Scale):
    """Dates from `first` to `last` across the width, with room at both ends for their text (centred on their
    ticks). leather's own time scale rounds its ends to whole years or months (a plan of six months drawn across
    three years) and fails on a span of a few days (it counts it in hours, which a date does not have)."""

    EDGE = "0.08"

    def __init__(self, first: dt.date, last: dt.date):
        span = Decimal((last - first).days)
        self._first, self._last = first, last
        self._low, self._high = -span * Decimal(self.EDGE), span * (1 + Decimal(self.EDGE))  # in days from `first`

    def contains(self, value) -> bool:
        return self._first <= value <= self._last

    def project(self, value, range_min, range_max):
        share = (Decimal((value - self._first).days) - self._low) / (self._high - self._low)
        return Decimal(range_min) + (Decimal(range_max) - Decimal(range_min)) * share

    def ticks(self):
        return []  # the axis is given its ticks (_date_ticks)


class _LineAndDots(leather.Line):
    """leather's line with a dot on each point, one entry in the legend (a line and its dots as two series would be
    named twice); a single point is a dot."""

    def __init__(self, line: Line):
        super().__init__(line.colour, None, "6 4" if line.dashed else None)
        self._line = line

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        group = super().to_svg(width, height, x_scale, y_scale, series, palette)
        if not self._line.line:
            for path in list(group):
                group.remove(path)
        if self._line.dots:
            dots = leather.Dots(self._line.colour, self._line.dots)
            group.extend(dots.to_svg(width, height, x_scale, y_scale, series, palette))
        return group


def _date_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first, middle and last day: three dates in the page's format fit the width in every language."""
    return sorted({first, first + (last - first) / 2, last})
