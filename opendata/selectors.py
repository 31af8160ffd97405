"""Reads of the opendata app's own rows."""

from __future__ import annotations

from django.db.models import Min

from .models import FrozenTable


def frozen_tables(*, year: int) -> dict[tuple[str, str], dict]:
    """{(table, period): protected numbers} of every table frozen for `year` (its months and the year itself), in
    one query."""
    rows = FrozenTable.objects.filter(period__startswith=f"{year:04d}").values_list("table", "period", "data")
    return {(table, period): data for table, period, data in rows}


def frozen_first_year() -> int | None:
    """The year of the oldest frozen table: its months stay offered when their tips are long purged."""
    first = FrozenTable.objects.aggregate(first=Min("period"))["first"]
    return int(first[:4]) if first else None


def frozen_count() -> int:
    return FrozenTable.objects.count()
