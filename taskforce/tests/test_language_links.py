"""The language links of every page (error pages included) lead to the portal itself, never to another host."""

import re

import pytest
from django.utils.http import url_has_allowed_host_and_scheme

pytestmark = pytest.mark.django_db

HOSTILE_PATHS = [
    "//evil.example/",
    "//evil.example/en/",
    "/\\evil.example",
    "/\\/evil.example/",
    "/%2F%2Fevil.example",
    "/en//evil.example/",
    "///evil.example/",
    "/https://evil.example/",
]


def _language_links(response) -> list[str]:
    html = response.content.decode()
    return [href for href in re.findall(r'href="([^"]*)" hreflang="[a-z-]+"', html)]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_language_links_on_a_hostile_path_stay_on_the_portal(client, path):
    from urllib.parse import unquote  # noqa: PLC0415 -- used by this test only

    # The test client would read "//evil.example/" as a host: give the server the raw path, as a browser does.
    response = client.get("/", PATH_INFO=unquote(path), follow=True)
    assert response.status_code == 404
    links = _language_links(response)
    assert links, "the 404 page shows no language link"
    for href in links:
        unescaped = href.replace("&amp;", "&")
        assert url_has_allowed_host_and_scheme(unescaped, allowed_hosts=None), f"{path}: link to {href!r}"
        assert unescaped.startswith("/") and not unescaped.startswith(("//", "/\\")), f"{path}: link to {href!r}"


def test_language_links_keep_the_reader_on_the_same_page(client, settings):
    response = client.get("/en/privacy/?x=1")
    assert _language_links(response) == [f"/{code}/privacy/?x=1" for code, _name in settings.LANGUAGES]


def test_the_chooser_names_each_language_in_its_own_script_with_its_direction(client):
    html = client.get("/en/privacy/").content.decode()
    assert 'hreflang="pa" lang="pa" dir="ltr">ਪੰਜਾਬੀ</a>' in html
    assert 'hreflang="ar" lang="ar" dir="rtl">العربيّة</a>' in html
    assert 'hreflang="zh-hans" lang="zh-hans" dir="ltr">简体中文</a>' in html
    assert 'hreflang="en" lang="en" dir="ltr" aria-current="true">English</a>' in html
