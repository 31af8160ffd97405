"""The suite CI runs is the whole suite: `make test` passes no paths, so a folder of tests outside pytest.ini's
`testpaths` never runs (issue 19: the open data tests were left out), and a library the tests import but
requirements-dev.txt does not declare is there only while some other package happens to pull it in."""

import ast
import configparser
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIP = {".venv", "node_modules", "staticfiles"}


def files_of_tests():
    for path in sorted(ROOT.rglob("test_*.py")):
        if not set(path.relative_to(ROOT).parts) & SKIP:
            yield path


def configured_testpaths() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    return config["pytest"]["testpaths"].split()


def declared() -> set[str]:
    names = set()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text().splitlines():
            match = re.match(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==", line.strip())
            if match:
                names.add(normalized(match[1]))
    return names


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_folder_of_tests_is_in_the_testpaths():
    paths = configured_testpaths()
    outside = sorted(
        {
            str(path.relative_to(ROOT).parent)
            for path in files_of_tests()
            if path.relative_to(ROOT).parts[0] not in paths
        }
    )
    assert outside == [], f"tests CI never runs (add their app to testpaths in pytest.ini): {outside}"


def test_every_library_the_tests_import_is_declared():
    ours = {path.name for path in ROOT.iterdir() if path.is_dir() or path.suffix == ".py"}
    distributions = packages_distributions()
    wanted = {}
    for path in files_of_tests():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in ours or f"{top}.py" in ours:
                    continue
                for distribution in distributions.get(top, [top]):
                    wanted.setdefault(normalized(distribution), set()).add(str(path.relative_to(ROOT)))
    undeclared = {name: sorted(files) for name, files in wanted.items() if name not in declared()}
    assert undeclared == {}, f"imported by tests, not in requirements-dev.txt: {undeclared}"
