"""The portal's one way of drawing a chart: SVG written on the server, so that it works without JavaScript and loads
nothing. Each chart is an image with a title and a description (role="img", aria-labelledby), and the page puts
the same numbers in a table beside it: the chart is for the eye, the table is the data.

Here: the frame every chart shares (`svg`), its colours, numbers in the page's language (`number`), and the
horizontal stacked bars (`stacked_bars`, the training report's completion). The action plan's line charts are in
actionplan/charts.py and use the same frame."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Every colour meets 3:1 against the white page (WCAG 1.4.11) and text 4.5:1.
VALUE_COLOUR, BASE_COLOUR, TARGET_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#1f5f99", "#555555", "#9a4d00", "#d8d8d8", "#222"


def number(value) -> str:
    """A value as the page writes it: without decimals when whole, else with two; in the page's language."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def svg(chart_id: str, title: str, description: str, body: SafeString, *, width: int, height: int) -> SafeString:
    """The chart's frame: an image named by its title and described by its description, scaled to its box."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="ap-chart" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


# ----- horizontal stacked bars ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One part of every bar: its name (the legend and the table's column), its fill and a pattern over it, so that
    the parts differ by more than colour. `pattern` is "", "hatch" (diagonal lines), "dots" or "cross"."""

    key: str
    label: str
    colour: str
    pattern: str = ""


# Four fills that each meet 3:1 against white and differ in lightness; a pattern in white over two of them.
STACK_SERIES_COLOURS = ("#1f6b3a", "#1f5f99", "#6c5a00", "#a4231c")
BAR_HEIGHT, BAR_GAP, LABEL_HEIGHT, STACK_WIDTH, STACK_LEFT, STACK_RIGHT = 22, 14, 18, 640, 8, 8
LEGEND_HEIGHT = 28


def _patterns(chart_id: str, series: list[Series]) -> SafeString:
    shapes = {
        "hatch": '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#fff" stroke-width="2"/>',
        "dots": '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
        "cross": '<path d="M0,4 H8 M4,0 V8" stroke="#fff" stroke-width="1.5"/>',
    }
    return format_html_join(
        "",
        '<pattern id="{}-{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="{}"/>{}</pattern>',
        (
            (chart_id, part.key, part.colour, SafeString(shapes[part.pattern]))
            for part in series
            if part.pattern in shapes
        ),
    )


def _fill(chart_id: str, part: Series) -> str:
    return f"url(#{chart_id}-{part.key})" if part.pattern else part.colour


def _legend(chart_id: str, series: list[Series]) -> SafeString:
    step = (STACK_WIDTH - STACK_LEFT - STACK_RIGHT) // max(len(series), 1)
    return format_html_join(
        "",
        '<rect x="{}" y="6" width="14" height="14" fill="{}" stroke="{}"/>'
        '<text x="{}" y="18" font-size="13" fill="{}">{}</text>',
        (
            (
                STACK_LEFT + i * step,
                _fill(chart_id, part),
                TEXT_COLOUR,
                STACK_LEFT + i * step + 20,
                TEXT_COLOUR,
                part.label,
            )
            for i, part in enumerate(series)
        ),
    )


def _bar(chart_id: str, series: list[Series], label: str, counts: dict, top: int, scale: int) -> SafeString:
    """One bar under its label: its parts side by side, each a rectangle as wide as its share of `scale`, with a
    thin white line between parts; the bar's figures written after the label (the chart says them in words too)."""
    plot = STACK_WIDTH - STACK_LEFT - STACK_RIGHT
    total = sum(counts.get(part.key, 0) for part in series)
    figures = " · ".join(f"{part.label} {number(counts.get(part.key, 0))}" for part in series)
    out = format_html(
        '<text x="{}" y="{}" font-size="13" fill="{}"><tspan font-weight="bold">{}</tspan> ({})</text>',
        STACK_LEFT,
        top + LABEL_HEIGHT - 5,
        TEXT_COLOUR,
        label,
        figures,
    )
    x = float(STACK_LEFT)
    y = top + LABEL_HEIGHT
    for part in series:
        count = counts.get(part.key, 0)
        if not count:
            continue
        width = plot * count / scale
        out += format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#fff" stroke-width="1"/>',
            round(x, 1),
            y,
            round(width, 1),
            BAR_HEIGHT,
            _fill(chart_id, part),
        )
        x += width
    if not total:  # an empty bar still shows where it would be
        out += format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}"/>',
            STACK_LEFT,
            y,
            plot,
            BAR_HEIGHT,
            BASE_COLOUR,
        )
    return out


def stacked_bars(
    chart_id: str, *, title: str, description: str, series: list[Series], bars: list[tuple[str, dict]]
) -> SafeString:
    """Horizontal stacked bars, one per (label, {series key: count}), each as long as the page is wide when it is
    the longest; a legend at the top. The label and the figures are written above each bar, so that a reader
    who cannot tell the fills apart reads them all the same."""
    scale = max((sum(counts.get(p.key, 0) for p in series) for _label, counts in bars), default=0) or 1
    row = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
    height = LEGEND_HEIGHT + row * len(bars) + 4
    body = format_html("<defs>{}</defs>", _patterns(chart_id, series)) + _legend(chart_id, series)
    for i, (label, counts) in enumerate(bars):
        body += _bar(chart_id, series, label, counts, LEGEND_HEIGHT + i * row + 4, scale)
    return svg(chart_id, title, description, body, width=STACK_WIDTH, height=height)
