"""Settings in one shape: every tunable declared once in taskforce/settings/base.py, read by the apps at call time
(so the `settings` fixture overrides any of them the same way), what an operator may change read from the
environment and listed in the README, and no profile assigning a name twice."""

import ast
import inspect
import re
from pathlib import Path

import pytest
from django.conf import global_settings
from django.conf import settings as django_settings

import taskforce.settings.base as base
from actionplan import conf as actionplan_conf
from publications import conf as publications_conf
from tips import conf as tips_conf
from training import conf as training_conf

ROOT = Path(django_settings.BASE_DIR)
CONF_MODULES = [actionplan_conf, publications_conf, tips_conf, training_conf]
SKIP = {".venv", "node_modules", "migrations", "tests", "testing", "staticfiles", "bench", "drills", "quality"}


def project_sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIP and "settings" not in path.relative_to(ROOT).parts[:2]:
            yield path


def test_no_code_gives_a_setting_a_default_of_its_own():
    """A default lives in base.py only: `getattr(settings, NAME, default)` elsewhere is a second, silent default."""
    found = []
    for path in project_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_every_setting_the_code_reads_is_declared():
    read = set()
    for path in project_sources():
        read |= set(re.findall(r"\bsettings\.([A-Z][A-Z0-9_]+)", path.read_text()))
    undeclared = sorted(n for n in read if not hasattr(base, n) and not hasattr(global_settings, n))
    assert undeclared == []


@pytest.mark.parametrize("module", CONF_MODULES, ids=lambda m: m.__name__)
def test_app_settings_are_declared_in_their_own_section_of_base(module):
    app = module.__name__.split(".")[0]
    assert f"({app}/conf.py)\n# ----" in Path(base.__file__).read_text()
    for name in re.findall(r"settings\.([A-Z][A-Z0-9_]+)", inspect.getsource(module)):
        assert hasattr(base, name), name


@pytest.mark.parametrize("module", CONF_MODULES, ids=lambda m: m.__name__)
def test_conf_modules_read_nothing_at_import(module):
    tree = ast.parse(inspect.getsource(module))
    at_import = [
        node.lineno
        for node in tree.body
        if not isinstance(node, ast.FunctionDef | ast.ImportFrom | ast.Import)
        and "settings" in ast.unparse(node)
        and not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]
    assert at_import == []


def _changed(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value - 1
    if isinstance(value, str):
        return value + "x" if value not in ("monthly", "quarterly", "off") else "off" if value != "off" else "monthly"
    if value is None:
        return ["one-plan"]
    return None


def conf_functions():
    for module in CONF_MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                yield pytest.param(fn, id=f"{module.__name__}.{name}")


@pytest.mark.parametrize("fn", list(conf_functions()))
def test_the_settings_fixture_overrides_every_app_tunable(fn, settings):
    """What a test changes with `settings.X = ...` is what the app sees on its next call."""
    kwargs_list = [{"busy": False}, {"busy": True}] if "busy" in inspect.signature(fn).parameters else [{}]
    for kwargs in kwargs_list:
        before = fn(**kwargs)
        names = re.findall(r"settings\.([A-Z][A-Z0-9_]+)", inspect.getsource(fn))
        for name in names:
            setattr(settings, name, _changed(getattr(settings, name)))
        assert fn(**kwargs) != before, names


def environment_names(module_path: Path) -> set[str]:
    text = module_path.read_text()
    return set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", text)) | set(
        re.findall(r"\benv_secret\(\s*\"([A-Z][A-Z0-9_]+)\"", text)
    )


@pytest.mark.parametrize("profile", ["base", "dev", "production"])
def test_every_environment_variable_is_in_the_readme(profile):
    readme = (ROOT / "README.md").read_text()
    names = environment_names(ROOT / "taskforce" / "settings" / f"{profile}.py")
    assert names
    assert sorted(n for n in names if f"`{n}`" not in readme) == []


@pytest.mark.parametrize("profile", ["base", "dev", "production", "test"])
def test_no_profile_assigns_a_setting_twice(profile):
    """A second assignment further down silently wins over the first, and the first then misleads the reader."""
    tree = ast.parse((ROOT / "taskforce" / "settings" / f"{profile}.py").read_text())
    seen, twice = set(), []
    for node in tree.body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                (twice if target.id in seen else seen.add(target.id) or []).append(target.id)
    assert twice == []


def test_test_profile_repeats_nothing_base_already_says():
    """settings/test.py holds only what differs for tests: a line equal to base's is noise that drifts."""
    tree = ast.parse((ROOT / "taskforce" / "settings" / "test.py").read_text())
    base_tree = ast.parse(Path(base.__file__).read_text())
    base_lines = {ast.unparse(n) for n in base_tree.body if isinstance(n, ast.Assign)}
    same = [ast.unparse(n) for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n) in base_lines]
    assert same == []
