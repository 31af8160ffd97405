"""The design system (issue 21): its tokens come from the npm package and reach every page from our own host; the
government named at the top is configurable; each home tile says what a person can do there."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings

from taskforce.context_processors import NAV
from taskforce.testing.browser import visit

pytestmark = pytest.mark.django_db


def test_the_tokens_come_from_the_package_and_are_served_as_our_own_static_file(client):
    path = finders.find("design-tokens/tokens.css")
    assert path and "node_modules/@abgov/design-tokens" in path  # the package's file, not a copy in the repository
    text = open(path, encoding="utf-8").read()
    assert "--goa-color-interactive-default" in text
    assert "url(" not in text  # it loads nothing (no font or image from another host)
    html = client.get("/en/").content.decode()
    assert '<link rel="stylesheet" href="/static/design-tokens/tokens.css">' in html
    assert html.index("design-tokens/tokens.css") < html.index("css/portal.css")  # portal.css maps the tokens


def test_the_government_is_named_at_the_top_with_its_crest_by_default(client):
    html = client.get("/en/").content.decode()
    assert re.search(r'<img class="site-crest" src="/static/img/crest.svg" alt=""', html)
    assert '<span class="site-government">Government of Alberta</span>' in html
    french = client.get("/fr/").content.decode()
    assert '<span class="site-government">Gouvernement de l’Alberta</span>' in french


def test_a_page_with_its_own_province_field_keeps_the_header(client):
    """The hotline directory filters by a `province`: the header's government is named apart from it."""
    html = client.get("/en/hotlines/", {"province": "AB"}).content.decode()
    assert 'src="/static/img/crest.svg"' in html
    assert '<span class="site-government">Government of Alberta</span>' in html


@override_settings(PROVINCE_NAME={"en": "Government of Manitoba", "fr": ""}, PROVINCE_CREST="img/favicon.svg")
def test_another_province_sets_its_name_and_crest_without_a_release(client):
    html = client.get("/en/").content.decode()
    assert '<span class="site-government">Government of Manitoba</span>' in html
    assert 'src="/static/img/favicon.svg"' in html and "img/crest.svg" not in html
    assert "Alberta" not in html.split("</header>")[0]
    # No French name given: the French page shows the English one, tagged as English for screen readers.
    french = client.get("/fr/").content.decode()
    assert '<span class="site-government" lang="en">Government of Manitoba</span>' in french


def test_each_home_tile_says_in_one_line_what_a_person_can_do_there(client):
    english = client.get("/en/").content.decode()
    french = client.get("/fr/").content.decode()
    tiles = re.findall(r'<p class="card-text mb-0">([^<]+)</p>', english)
    assert len(tiles) == len(NAV) and all(len(line) > 20 for line in tiles)
    french_tiles = re.findall(r'<p class="card-text mb-0">([^<]+)</p>', french)
    assert len(french_tiles) == len(NAV)
    assert not set(tiles) & set(french_tiles)  # every line is in French on the French page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pages_wear_the_design_systems_colours(page, lang):
    """What a person sees: links and buttons in the design system's interactive blue, the safety bar in its
    emergency red, and the quick exit readable on it (tokens.css loaded, and mapped by portal.css)."""
    visit(page, f"/{lang}/tips/report/")
    style = page.evaluate(
        """() => {
          const css = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
          return {
            link: css('main a[href]', 'color'),
            bar: css('.safety-bar', 'backgroundColor'),
            exitText: css('#quick-exit', 'color'),
            exitBack: css('#quick-exit', 'backgroundColor'),
            button: css('main button[type=submit]', 'backgroundColor'),
            font: css('body', 'fontFamily'),
          };
        }"""
    )
    assert style["link"] == "rgb(0, 109, 204)"
    assert style["bar"] == "rgb(169, 26, 16)"
    assert style["exitText"] != style["exitBack"]
    assert style["button"] == "rgb(0, 109, 204)"
    assert style["font"].startswith("acumin-variable")
