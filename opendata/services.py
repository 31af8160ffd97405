"""Writes of the opendata app's own rows."""

from __future__ import annotations

from .models import FrozenTable


def tables_freeze(*, table: str, tables: dict[str, dict], min_cell: int) -> dict[str, dict]:
    """Freeze `tables` ({period: protected numbers}) of one kind, and return what is stored for those periods: the
    rows written here, or, for a period another process froze first, that one's (two web servers publishing the
    same month at once both serve the first). Two queries however many periods: an insert that leaves a period
    already there alone (ON CONFLICT DO NOTHING on the unique constraint, never an IntegrityError), then a read.
    No transaction of its own: the insert is one statement, and a page that publishes statistics stays two queries
    (not four with a savepoint's) a kind of table."""
    FrozenTable.objects.bulk_create(
        [FrozenTable(table=table, period=period, data=data, min_cell=min_cell) for period, data in tables.items()],
        ignore_conflicts=True,
    )
    stored = FrozenTable.objects.filter(table=table, period__in=list(tables)).values_list("period", "data")
    return dict(stored)
