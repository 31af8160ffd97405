"""The list of pages comes from the URL configuration: every pattern is known, and every parameterized one has
sample values from the demo data, so that no page escapes the other checks."""

import pytest
from django.urls import resolve

from quality.samples import samples_for
from quality.urlmap import routes

pytestmark = pytest.mark.django_db


def test_the_walk_finds_every_app(demo):
    names = {route.name.split(":")[0] for route in routes() if ":" in route.name}
    for app in ("accounts", "staff", "actionplan", "tips", "training", "publications", "firstcontact", "admin"):
        assert app in names, f"no URL pattern of {app} found by the walk"
    assert any(route.is_api for route in routes()), "no /api/ pattern found by the walk"


def test_every_portal_pattern_has_a_name(demo):
    unnamed = [route.pattern for route in routes() if not route.is_admin and not route.name]
    assert not unnamed, f"URL patterns without a name cannot be reversed or sampled: {unnamed}"


def test_demo_gaps_could_be_filled(demo):
    assert not demo.problems, "FINDING: " + "; ".join(demo.problems)


def test_every_parameterized_pattern_has_a_sample(demo):
    from quality.samples import build_path  # noqa: PLC0415 -- used by this test only

    missing, wrong = [], []
    for route in routes():
        if not route.params:
            continue
        kwargs_list = samples_for(route)
        if not kwargs_list:
            missing.append(str(route) if route.name else route.pattern)
            continue
        for kwargs in kwargs_list:
            path = build_path(route, kwargs)
            match = resolve(path)
            if route.name and match.view_name != route.name:
                wrong.append(f"{route}: {path} resolves to {match.view_name}")
    assert not missing, (
        f"parameterized URL patterns with no sample from the demo data: {missing}. Add a provider to "
        f"quality/samples.py SAMPLES (or demo data to the app's demo.py) so the page is checked. {demo.problems}"
    )
    assert not wrong, f"samples that build another page's URL: {wrong}"
