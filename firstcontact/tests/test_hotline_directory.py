"""One hotline directory: the Hotlines page and the know-your-rights pages show the same cards from the same
filter (province and need), so a person finds the same help wherever they look."""

import re

import pytest
from django.urls import reverse


def _directory_names(html: str) -> list[str]:
    section = html.split('id="hotline-directory"', 1)[1]
    return re.findall(r'<h[23] class="h5" id="hotline-[^"]+">([^<]+)</h[23]>', section)


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{}, {"province": "MB"}, {"province": "AB"}, {"province": "MB", "need": "labour"}])
def test_rights_pages_and_the_hotlines_page_list_the_same_hotlines(client, content, hotlines, query):
    rights = client.get(reverse("firstcontact:rights"), query).content.decode()
    directory = client.get(reverse("tips:hotlines"), query).content.decode()
    assert _directory_names(rights) == _directory_names(directory)
    assert _directory_names(rights), "the national hotline is always listed"
    if query.get("province") == "MB":
        assert "Manitoba Human Trafficking Hotline" in _directory_names(rights)
    if query.get("province") == "AB":
        assert "Manitoba Human Trafficking Hotline" not in _directory_names(rights)


@pytest.mark.django_db
def test_a_value_that_is_not_a_province_is_ignored_not_an_error(client, content, hotlines):
    response = client.get(reverse("firstcontact:rights"), {"province": "<script>", "need": "\x00"})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "Manitoba Human Trafficking Hotline" in _directory_names(response.content.decode())
