"""Names that show the architecture (CONTRIBUTING, "Where things live" and "URLs"): one name for each idea."""

import re
from pathlib import Path

import pytest

from quality.urlmap import routes

ROOT = Path(__file__).resolve().parents[2]
APPS = ["taskforce", "actionplan", "tips", "training", "publications", "firstcontact"]


@pytest.mark.parametrize("app", APPS)
def test_view_modules_are_views_and_staff_views(app):
    modules = {path.name for path in (ROOT / app).glob("*.py") if "views" in path.name}
    assert modules <= {"views.py", "staff_views.py"}, f"{app}: staff views belong in staff_views.py"


@pytest.mark.parametrize("app", [app for app in APPS if (ROOT / app / "staff_views.py").exists()])
def test_staff_views_render_templates_of_the_staff_folder(app):
    templates = re.findall(r'"([a-z_]+/[a-z_/]+\.html)"', (ROOT / app / "staff_views.py").read_text())
    folder = "staff/" if app == "taskforce" else f"{app}/staff/"
    outside = [name for name in templates if not name.startswith(folder)]
    assert templates and not outside, f"{app}: staff templates live in {folder}: {outside}"


@pytest.mark.parametrize("app", APPS)
def test_public_views_do_not_render_staff_templates(app):
    path = ROOT / app / "views.py"
    if path.exists():
        assert "/staff/" not in path.read_text()


def test_api_url_names_are_api_app_thing():
    names = [route.name for route in routes() if route.is_api]
    wrong = [
        name
        for name in names
        if name not in ("api-schema", "api-docs") and not re.fullmatch(rf"api-({'|'.join(APPS)})-[a-z-]+", name)
    ]
    assert names and not wrong, f"API URL names are api-<app>-<thing>: {wrong}"
