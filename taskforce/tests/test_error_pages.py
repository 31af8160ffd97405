"""The proxy's own error pages are rendered from one template by a staticfiles finder: collectstatic writes them
with everything else, in every language, with the 911 line and the national hotline, loading nothing from
another host."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from taskforce.context_processors import NATIONAL_HOTLINE
from taskforce.errorpages import PAGES, render_page

STATUSES = sorted(PAGES)


@pytest.fixture(scope="module")
def collected(tmp_path_factory, django_db_blocker):
    from django.test import override_settings  # noqa: PLC0415 -- module-scoped settings need the decorator

    root = tmp_path_factory.mktemp("static_root")
    with override_settings(STATIC_ROOT=root), django_db_blocker.unblock():
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.mark.parametrize("status", STATUSES)
def test_collectstatic_writes_each_page_with_the_safety_lines_in_both_languages(collected, status):
    html = (collected / "errors" / f"{status}.html").read_text()
    assert html.count("911") >= 2, "the 911 line in each language"
    assert html.count(NATIONAL_HOTLINE) >= 2 and 'href="tel:18339001010"' in html
    assert '<html lang="en" dir="ltr">' in html and '<section lang="fr" dir="ltr">' in html
    assert '<section lang="ar" dir="rtl">' in html, "every language of the portal, each in its direction"
    assert str(PAGES[status]["title"]) in html
    assert "Aller à la page d'accueil" in html, "the French section is in French"
    assert (collected / "errors" / f"{status}.json").exists(), "the API's twin is collected beside it"


@pytest.mark.parametrize("status", STATUSES)
def test_the_pages_load_nothing_from_another_host_and_run_no_script(collected, status):
    html = (collected / "errors" / f"{status}.html").read_text()
    assert "<script" not in html
    assert "{#" not in html and "{%" not in html and html.lstrip().startswith("<!doctype html>"), "no template text"
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("/", "tel:")), url


def test_the_development_server_finds_them_too():
    found = finders.find("errors/502.html")
    assert found and "The portal is not available right now" in open(found).read()
    assert finders.find("errors/418.html") is None


def test_the_pages_render_before_the_production_manifest_exists(settings, tmp_path):
    """collectstatic renders them while it builds the manifest: they must not ask the manifest for a name."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: PLC0415 -- after the override

    staticfiles_storage._wrapped = None  # the storage is made again from the settings above
    try:
        html = render_page(502)
    finally:
        staticfiles_storage._wrapped = None
    assert 'href="/static/bootstrap/css/bootstrap.min.css"' in html
