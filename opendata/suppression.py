"""Small-cell suppression of a two-way table of counts with its totals (issue 19, part 2).

The method, in plain words (the statistics page and every dataset's `method` say the same):

1. Primary suppression. Every number below the threshold (`OPEN_DATA_MIN_CELL`, 11 by default, as the Counter
   Trafficking Data Collaborative does) is hidden: the cells, and the row totals, column totals and grand total too.
   Zero is below the threshold, so it is hidden like any other small number ("none" can say as much as "one").
2. Complementary suppression. A hidden number must not be recoverable by subtraction. We treat the table with its
   totals as one grid: every row (and the row of column totals) adds up to its total, and so does every column.
   a. Wherever a row or column of that grid has exactly one hidden number, the smallest number still shown in that
      row or column is hidden too; repeated until no row or column has exactly one.
   b. That is not always enough (two blocks of hidden cells linked by a single hidden cell give that cell away), so
      we then check each hidden number: it must lie on a closed loop of hidden numbers that alternates between
      rows and columns, along which any amount could be added and taken away in turn without changing a single
      total. Hidden zeros cannot be taken from, so only hidden numbers above zero count as the rest of the loop.
      Where no such loop exists, the smallest number shown that closes one is hidden as well. Then a. again, until
      nothing changes.
   Because every hidden number sits on such a loop, the published cells and totals are satisfied by other values
   of the hidden numbers as well as by the true ones (none of them negative): no equation of rows, columns and
   totals pins a hidden number down.

Every hidden number is published the same way ("hidden"), whether it was small or hidden to protect a small one:
saying which ones are small would give a reader bounds that can pin a number down.

A pure function over plain lists, no database and no Django, so it is tested on its own (tests/test_suppression.py)
with randomized tables and two attackers: one solves the equations, the other also uses that no count is negative.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

Grid = list[list[int]]


@dataclass(frozen=True)
class Protected:
    """A table ready to publish: each number, or None where it is hidden.

    `cells[r][c]` the body, `row_totals[r]`, `column_totals[c]`, `total` the grand total. `hidden` is the grid of
    the table with its totals as the last column and the last row, True where a number is withheld.
    """

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    hidden: list[list[bool]]

    @property
    def hidden_count(self) -> int:
        return sum(sum(row) for row in self.hidden)


def with_totals(table: Sequence[Sequence[int]]) -> Grid:
    """The table with each row's total as a last column and the columns' totals (and the grand total) as a last
    row."""
    width = len(table[0]) if table else 0
    grid = [[*row, sum(row)] for row in table]
    grid.append([sum(row[c] for row in grid) for c in range(width + 1)])
    return grid


def _lines(height: int, width: int):
    """Every row and every column of the grid, each as a list of (r, c)."""
    yield from ([(r, c) for c in range(width)] for r in range(height))
    yield from ([(r, c) for r in range(height)] for c in range(width))


def _smallest_shown(grid: Grid, hidden: list[list[bool]], places) -> tuple[int, int] | None:
    """The place with the smallest number still shown among `places` (ties: the first in reading order)."""
    shown = [(grid[r][c], r, c) for r, c in places if not hidden[r][c]]
    return min(shown)[1:] if shown else None


def _hide_lone_ones(grid: Grid, hidden: list[list[bool]]) -> bool:
    """Step 2a once over every line: a line with exactly one hidden number gets its smallest shown one hidden."""
    changed = False
    for line in _lines(len(grid), len(grid[0])):
        if sum(hidden[r][c] for r, c in line) == 1:
            place = _smallest_shown(grid, hidden, line)
            if place is not None:
                hidden[place[0]][place[1]] = True
                changed = True
    return changed


def _component(adjacent: dict, start, without: tuple) -> set:
    """The nodes reachable from `start` along the edges, the edge `without` left out."""
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for other in adjacent.get(node, ()):
            if {node, other} == set(without) or other in seen:
                continue
            seen.add(other)
            todo.append(other)
    return seen


def _places(side: set, other: set) -> list[tuple[int, int]]:
    """The grid places joining a row of one side to a column of the other, or a column of one to a row of the other."""
    return [(a[1], b[1]) if a[0] == "r" else (b[1], a[1]) for a in side for b in other if a[0] != b[0]]


def _close_open_loops(grid: Grid, hidden: list[list[bool]]) -> bool:
    """Step 2b: rows and columns are the nodes of a graph, each hidden number above zero is an edge between its
    row and its column. A hidden number whose row and column are not joined by another path of such edges is not on
    a loop: hide the smallest shown number that joins the two sides. One number per call (the graph changes)."""
    height, width = len(grid), len(grid[0])
    adjacent: dict[tuple, set] = {}
    for r in range(height):
        for c in range(width):
            if hidden[r][c] and grid[r][c] > 0:
                adjacent.setdefault(("r", r), set()).add(("c", c))
                adjacent.setdefault(("c", c), set()).add(("r", r))
    for r in range(height):
        for c in range(width):
            if not hidden[r][c]:
                continue
            side = _component(adjacent, ("r", r), (("r", r), ("c", c)))
            if ("c", c) in side:
                continue
            other = _component(adjacent, ("c", c), (("r", r), ("c", c)))
            nodes = [("r", i) for i in range(height)] + [("c", j) for j in range(width)]
            # A number joining the two sides closes a loop; failing that (every such place holds a hidden zero), one
            # joining either side to anything else grows it, and the next call goes on from there.
            for here, there in ((side, other), (side, set(nodes) - side), (other, set(nodes) - other)):
                place = _smallest_shown(grid, hidden, _places(here, there))
                if place is not None:
                    hidden[place[0]][place[1]] = True
                    return True
    return False


def suppression_pattern(grid: Grid, *, threshold: int) -> list[list[bool]]:
    """Which numbers of `grid` (a table with its totals, `with_totals`) to hide: True where hidden."""
    pattern = _pattern(tuple(tuple(row) for row in grid), threshold)
    return [list(row) for row in pattern]


@functools.lru_cache(maxsize=512)
def _pattern(grid: tuple[tuple[int, ...], ...], threshold: int) -> tuple[tuple[bool, ...], ...]:
    """The pattern of a grid, kept in the process: the same counts (kept for the day) are protected once, not on
    every view of the page. Numbers only; the same counts always give the same pattern."""
    hidden = [[value < threshold for value in row] for row in grid]
    while True:
        while _hide_lone_ones(grid, hidden):
            pass
        if not _close_open_loops(grid, hidden):
            return tuple(tuple(row) for row in hidden)


def protect(table: Sequence[Sequence[int]], *, threshold: int) -> Protected:
    """The table and its totals with small numbers hidden and the complementary ones that protect them."""
    if not table or not table[0]:
        return Protected(cells=[], row_totals=[], column_totals=[], total=None, hidden=[])
    grid = with_totals(table)
    hidden = suppression_pattern(grid, threshold=threshold)
    shown = [[None if hidden[r][c] else value for c, value in enumerate(row)] for r, row in enumerate(grid)]
    return Protected(
        cells=[row[:-1] for row in shown[:-1]],
        row_totals=[row[-1] for row in shown[:-1]],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
        hidden=hidden,
    )


def hide_below(value: int | None, *, threshold: int) -> int | None:
    """A lone figure (no totals beside it): shown only when it reaches the threshold."""
    return value if value is not None and value >= threshold else None
