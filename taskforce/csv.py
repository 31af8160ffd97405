"""The one CSV writer of the portal: every export (action plan, progress reports, training, registry) uses it.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, so
text typed by anyone (a title, a member's reason, a learner's name) could make a staff computer fetch a link or
run a command when the file is opened. Such text is written with a leading apostrophe, which spreadsheets show
as text (OWASP "CSV injection"). Numbers and dates are written as they are.
"""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):  # bool is an int: written as True/False, never a formula
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


class _Echo:
    """A file that hands back what is written to it, so that rows can be streamed one by one."""

    def write(self, value: str) -> str:
        return value


class SafeWriter:
    """csv.writer that passes every cell through safe_cell(). `writerow` returns the written line."""

    def __init__(self, target=None):
        self._writer = csv.writer(target if target is not None else _Echo())

    def writerow(self, row) -> str:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(target=None) -> SafeWriter:
    """A writer into `target` (a file, an HttpResponse), or, without one, returning each line for streaming."""
    return SafeWriter(target)
