"""The suppression method on its own: no published number below the threshold, and an attacker who solves the rows',
columns' and totals' equations recovers none of the hidden numbers, on hand-made and randomized tables."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from opendata.suppression import protect, with_totals

T = 11


def published_grid(protected):
    """What a reader sees: the table with its totals, None where hidden."""
    rows = [[*cells, total] for cells, total in zip(protected.cells, protected.row_totals, strict=True)]
    return [*rows, [*protected.column_totals, protected.total]]


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [row[:] for row in rows]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column] != 0:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def equations(grid):
    """Every row and column of the published grid as (coefficients over the hidden places, right-hand side): the
    cells of a line minus its total are zero, the shown numbers moved to the right."""
    height, width = len(grid), len(grid[0])
    unknown = [(r, c) for r in range(height) for c in range(width) if grid[r][c] is None]
    index = {place: i for i, place in enumerate(unknown)}
    lines = [[((r, c), 1 if c < width - 1 else -1) for c in range(width)] for r in range(height)]
    lines += [[((r, c), 1 if r < height - 1 else -1) for r in range(height)] for c in range(width)]
    found = []
    for line in lines:
        coefficients, rhs = [Fraction(0)] * len(unknown), Fraction(0)
        for place, sign in line:
            if place in index:
                coefficients[index[place]] += sign
            else:
                rhs -= sign * grid[place[0]][place[1]]
        found.append((coefficients, rhs))
    return unknown, found


def recovered_by_equations(grid) -> list:
    """The hidden places whose value the linear equations alone determine (the unit vector of the place lies in the
    span of the equations)."""
    unknown, found = equations(grid)
    if not unknown:
        return []
    matrix = [coefficients for coefficients, _rhs in found]
    rank = _rank(matrix)
    recovered = []
    for i, place in enumerate(unknown):
        unit = [Fraction(int(j == i)) for j in range(len(unknown))]
        if _rank([*matrix, unit]) == rank:
            recovered.append(place)
    return recovered


def recovered_by_empty_lines(grid) -> list:
    """Hidden numbers are never negative: in a line whose total is shown and whose shown cells already add up to it,
    every hidden cell must be zero."""
    height, width = len(grid), len(grid[0])
    found = []
    lines = [[(r, c) for c in range(width)] for r in range(height)] + [
        [(r, c) for r in range(height)] for c in range(width)
    ]
    for line in lines:
        *cells, total = line
        if grid[total[0]][total[1]] is None:
            continue
        hidden = [p for p in cells if grid[p[0]][p[1]] is None]
        if hidden and sum(grid[r][c] for r, c in cells if grid[r][c] is not None) == grid[total[0]][total[1]]:
            found += hidden
    return found


def check(table):
    protected = protect(table, threshold=T)
    grid = published_grid(protected)
    truth = with_totals(table)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            assert value is None or (value >= T and value == truth[r][c]), (r, c, value)
    assert recovered_by_equations(grid) == []
    assert recovered_by_empty_lines(grid) == []
    return protected


def test_a_lone_small_cell_takes_another_of_its_row_and_column_with_it():
    protected = check([[5, 40, 30], [20, 25, 50], [30, 12, 60]])
    assert protected.cells[0][0] is None
    assert protected.hidden_count >= 4  # a rectangle at least: the 5, one more in its row, its column, and the corner


def test_a_small_total_is_hidden_and_so_is_what_gives_it_away():
    protected = check([[3, 4, 2], [30, 40, 50], [20, 60, 70]])
    assert protected.row_totals[0] is None
    assert all(value is None for value in protected.cells[0])


def test_two_blocks_joined_by_one_hidden_cell_do_not_give_it_away():
    """Every row and column with a hidden number has two, yet a cell that is the only link between two blocks of
    hidden numbers is fixed by the equations: the loop check closes it."""
    table = [
        [5, 6, 50, 50, 50],
        [7, 8, 50, 50, 50],
        [50, 50, 4, 3, 50],
        [50, 50, 9, 2, 50],
        [50, 50, 50, 50, 50],
    ]
    check(table)


def test_zeros_are_hidden_and_cannot_be_read_from_an_empty_remainder():
    check([[0, 0, 40], [0, 30, 20], [25, 12, 18]])


def test_nothing_small_nothing_hidden():
    protected = check([[11, 20], [30, 40]])
    assert protected.hidden_count == 0


def test_everything_small_everything_hidden():
    protected = check([[1, 2], [3, 0]])
    assert protected.total is None and protected.hidden_count == 9


counts = st.one_of(st.integers(0, 12), st.integers(0, 80))
tables = st.integers(1, 6).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=6)
)


@settings(max_examples=150, deadline=None)
@given(tables)
def test_random_tables_publish_nothing_small_and_nothing_recoverable(table):
    check(table)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 14).flatmap(
        lambda h: st.lists(st.lists(st.integers(0, 15), min_size=8, max_size=8), min_size=h, max_size=h)
    )
)
def test_sparse_tables_as_wide_as_the_tips_table(table):
    check(table)


# ----- a stronger attacker: the equations and the knowledge that no count is negative ----------------------------


def _pivot(tableau, basis, row, column):
    factor = tableau[row][column]
    tableau[row] = [value / factor for value in tableau[row]]
    for i, other in enumerate(tableau):
        if i != row and other[column] != 0:
            scale = other[column]
            tableau[i] = [a - scale * b for a, b in zip(other, tableau[row], strict=True)]
    basis[row] = column


def _improve(tableau, basis, objective, allowed):
    """The simplex method with Bland's rule (exact, never cycles); False when the objective is unbounded."""
    while True:
        reduced = [
            objective[j] - sum(objective[basis[i]] * tableau[i][j] for i in range(len(tableau))) for j in allowed
        ]
        entering = next((j for j, cost in zip(allowed, reduced, strict=True) if cost > 0), None)
        if entering is None:
            return True
        ratios = [(row[-1] / row[entering], basis[i], i) for i, row in enumerate(tableau) if row[entering] > 0]
        if not ratios:
            return False
        _pivot(tableau, basis, min(ratios)[2], entering)


def feasible_range(rows, rhs, place):
    """The least and the greatest value of unknown `place` over every solution of rows·x = rhs with x >= 0 (None
    for no upper bound): a linear program, solved exactly with fractions in two phases."""
    rows = [[-a for a in row] if b < 0 else row[:] for row, b in zip(rows, rhs, strict=True)]
    rhs = [abs(b) for b in rhs]
    m, n = len(rows), len(rows[0])
    tableau = [[*row, *(Fraction(int(i == j)) for j in range(m)), rhs[i]] for i, row in enumerate(rows)]
    basis = [n + i for i in range(m)]
    _improve(tableau, basis, [Fraction(0)] * n + [Fraction(-1)] * m, list(range(n + m)))
    for i in reversed(range(m)):  # drive the artificial variables out, or drop their (redundant) rows
        if basis[i] >= n:
            column = next((j for j in range(n) if tableau[i][j] != 0), None)
            if column is None:
                del tableau[i], basis[i]
            else:
                _pivot(tableau, basis, i, column)

    def best(sign):
        table, chosen = [row[:] for row in tableau], basis[:]
        objective = [Fraction(sign * int(j == place)) for j in range(n + m)]
        if not _improve(table, chosen, objective, list(range(n))):
            return None
        return sum(table[i][-1] for i, j in enumerate(chosen) if j == place)

    return best(-1), best(1)  # x where -x is greatest (its least value), x where x is greatest


def recovered_with_bounds(grid) -> list:
    unknown, found = equations(grid)
    if not unknown:
        return []
    rows = [coefficients for coefficients, _rhs in found]
    rhs = [b for _coefficients, b in found]
    pinned = []
    for i, place in enumerate(unknown):
        low, high = feasible_range(rows, rhs, i)
        if high is not None and low == high:
            pinned.append((place, low))
    return pinned


def test_the_linear_program_attacker_finds_what_naive_suppression_leaves():
    """The attacker works: with only the small cells hidden, it pins them down."""
    grid = with_totals([[5, 40], [20, 25]])
    grid[0][0] = None
    assert recovered_with_bounds(grid) == [((0, 0), 5)]
    zeros = with_totals([[0, 0, 40], [25, 30, 20]])
    zeros[0][0] = zeros[0][1] = None  # two hidden zeros in a row whose shown cells make its total
    assert {place for place, _value in recovered_with_bounds(zeros)} == {(0, 0), (0, 1)}


small_tables = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(st.integers(0, 25), min_size=width, max_size=width), min_size=1, max_size=4)
)


@settings(max_examples=80, deadline=None)
@given(small_tables)
def test_no_hidden_number_is_pinned_down_even_knowing_none_is_negative(table):
    grid = published_grid(protect(table, threshold=T))
    assert recovered_with_bounds(grid) == []
