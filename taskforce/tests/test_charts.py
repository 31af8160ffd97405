"""The portal's one way of drawing a chart (taskforce/charts.py, on leather): every chart an image named by its title
and described by its description, scaled to its column, with no style or script (the CSP), every text at 4.5:1 and
every mark at 3:1 against its background, numbers in the page's language, and the edge cases that would break the
library (one day, equal labels, nothing to draw)."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from taskforce.charts import Bar, Line, bar_chart, count_ticks, line_chart, number, percent

SVG = "{http://www.w3.org/2000/svg}"


def _bars(**kwargs):
    bars = [Bar("Complete", 3), Bar("On track", 1234, "#9a4d00"), Bar("Not started", 0)]
    return bar_chart("c", title="Actions by status", description="3 complete.", bars=bars, **kwargs)


def _lines():
    return line_chart(
        "l",
        title="Progress",
        description="From 10% to 80%.",
        lines=[
            Line("Measured", [(dt.date(2024, 1, 1), 10), (dt.date(2024, 6, 1), Decimal("55.5"))]),
            Line("Target", [(dt.date(2024, 6, 1), 55), (dt.date(2025, 1, 1), 80)], "#9a4d00", dashed=True),
        ],
        value_text=percent,
        top=100,
    )


def _luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("draw", [_bars, _lines], ids=["bars", "lines"])
def test_a_chart_is_an_image_named_and_described_that_scales_to_its_column(draw):
    svg = draw()
    root = ET.fromstring(svg)
    chart_id = root.get("aria-labelledby").split()[0].removesuffix("-title")
    assert root.get("role") == "img" and root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root[0].tag == f"{SVG}title" and root[0].get("id") == f"{chart_id}-title" and root[0].text
    assert root[1].tag == f"{SVG}desc" and root[1].get("id") == f"{chart_id}-desc" and root[1].text
    assert root.get("width") == "100%" and re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    assert "ap-chart" in root.get("class")


@pytest.mark.parametrize("draw", [_bars, _lines], ids=["bars", "lines"])
def test_a_chart_has_no_style_nor_script_for_the_csp(draw):
    svg = draw()
    assert "style" not in svg and "<script" not in svg and " on" not in svg.replace(" one", "")
    assert not re.search(r"\.\d{3,}|E-\d", svg)  # coordinates shortened: no 28-digit decimals, no 0E-25


@pytest.mark.parametrize("draw", [_bars, _lines], ids=["bars", "lines"])
def test_every_text_and_mark_stands_out_from_the_background(draw):
    """WCAG 1.4.3 (text 4.5:1) and 1.4.11 (graphical objects 3:1), read from the drawn SVG itself."""
    root = ET.fromstring(draw())
    background = next(root.iter(f"{SVG}rect")).get("fill")
    for text in root.iter(f"{SVG}text"):
        assert _contrast(text.get("fill"), background) >= 4.5, (text.text, text.get("fill"))
    marks = [r.get("fill") for r in list(root.iter(f"{SVG}rect"))[1:]]
    marks += [c.get("fill") for c in root.iter(f"{SVG}circle")]
    marks += [p.get("stroke") for p in root.iter(f"{SVG}path")]
    assert marks
    for colour in marks:
        assert _contrast(colour, background) >= 3, colour


def test_the_title_and_labels_are_escaped():
    svg = bar_chart("x", title="<script>alert(1)</script>", description='"&', bars=[Bar("<b>bold</b>", 1)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    ET.fromstring(svg)  # well-formed


def test_each_bar_says_its_value_in_words_and_long_labels_are_shortened():
    svg = bar_chart(
        "x", title="t", description="d", bars=[Bar("Complete", 3), Bar("A very long organization name, " * 3, 12)]
    )
    assert ">Complete: 3</text>" in svg
    assert re.search(r">A very long organization name[^<]{0,10}…: 12</text>", svg)


def test_numbers_are_written_in_the_page_s_language():
    with translation.override("fr"):
        svg = _bars()
        assert number(1234) == "1\xa0234" and number(Decimal("2.5")) == "2,50"
        assert ">On track : 1\xa0234</text>" in svg  # French puts a space before the colon
        lines = _lines()
        assert "01/01/2024" in lines and "55,50" not in lines  # dates as in French; ticks are round
    with translation.override("en"):
        assert ">On track: 1,234</text>" in _bars()


def test_counts_have_whole_ticks():
    assert count_ticks(0) == [0, 1]
    assert count_ticks(1) == [0, 1]
    assert count_ticks(7) == [0, 2, 4, 6, 8]
    assert count_ticks(23) == [0, 5, 10, 15, 20, 25]
    assert count_ticks(1234) == [0, 500, 1000, 1500]


def test_edge_cases_draw_or_are_empty_without_an_error():
    assert bar_chart("x", title="t", description="d", bars=[]) == ""
    assert line_chart("x", title="t", description="d", lines=[Line("a", [])]) == ""
    one_day = line_chart("x", title="t", description="d", lines=[Line("a", [(dt.date(2024, 1, 1), 5)])])
    assert one_day.count("<circle") == 1
    two_days = [(dt.date(2024, 1, 1), 5), (dt.date(2024, 1, 2), 7)]
    assert line_chart("x", title="t", description="d", lines=[Line("a", two_days)]).count("<circle") == 2
    twins = bar_chart("x", title="t", description="d", bars=[Bar("Same", 1), Bar("Same", 1)])
    assert twins.count("<rect") == 3  # the background and two bars, not one
    zeros = bar_chart("x", title="t", description="d", bars=[Bar("a", 0)])
    assert ">a: 0</text>" in zeros


def test_every_colour_a_chart_may_use_stands_out_from_white():
    from actionplan.charts import STATUS_COLOURS  # noqa: PLC0415 -- the statuses' own colours
    from taskforce import charts  # noqa: PLC0415 -- the theme's colours

    for colour in (*charts.SERIES_COLOURS, *STATUS_COLOURS.values(), charts.VALUE_COLOUR, charts.TARGET_COLOUR):
        assert _contrast(colour, "#ffffff") >= 3, colour
    for colour in (charts.TEXT_COLOUR, charts.MUTED_TEXT_COLOUR):
        assert _contrast(colour, "#ffffff") >= 4.5, colour
