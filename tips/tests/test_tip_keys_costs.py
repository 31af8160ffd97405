"""The Argon2id costs production derives tip keys with (issue 23) are the ones the README gives.

Tests run with libsodium's smallest costs (settings/test.py), so the production defaults are read from the text of
settings/base.py: importing it in a test would bring in the whole production configuration.
"""

import ast
import operator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COSTS = {
    "TIPS_KEY_KDF_OPS": 3,
    "TIPS_KEY_KDF_MEM_KIB": 65536,
    "TIPS_RECEIPT_KDF_OPS": 1,
    "TIPS_RECEIPT_KDF_MEM_KIB": 2048,
}
_OPERATORS = {ast.Mult: operator.mul, ast.Add: operator.add, ast.Pow: operator.pow}


def _number(node: ast.expr) -> int:
    """An integer written as a constant or arithmetic on constants (`64 * 1024`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_number(node.left), _number(node.right))
    raise ValueError(ast.unparse(node))


def base_defaults() -> dict[str, int]:
    """NAME = env.int("NAME", default=...) in settings/base.py, for the names of COSTS."""
    tree = ast.parse((ROOT / "taskforce" / "settings" / "base.py").read_text())
    found = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
        call = node.value
        if name in COSTS and ast.unparse(call.func) == "env.int" and ast.literal_eval(call.args[0]) == name:
            found[name] = next(_number(k.value) for k in call.keywords if k.arg == "default")
    return found


def readme_rows() -> list[list[str]]:
    """The README's table rows, as cells without their backticks."""
    rows = []
    for line in (ROOT / "README.md").read_text().splitlines():
        line = line.strip()  # a table inside a list item is indented  # noqa: PLW2901
        if line.startswith("|") and line.endswith("|"):
            rows.append([cell.strip().strip("`").strip() for cell in line.strip("|").split("|")])
    return rows


def test_production_defaults_are_the_costs_chosen():
    assert base_defaults() == COSTS


@pytest.mark.parametrize(("name", "value"), COSTS.items())
def test_the_readme_gives_each_cost(name, value):
    rows = [row for row in readme_rows() if name in row]
    assert rows, f"the README has no table row naming {name}"
    assert any(str(value) in row for row in rows), f"the README's row for {name} does not say {value}: {rows}"
