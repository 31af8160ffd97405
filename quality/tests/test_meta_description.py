"""Every public page says what it is for in one sentence (<meta name="description">), for search results and link
previews, in the page's own language: the anonymous walk over every pattern, in every language."""

import re

import pytest
from django.conf import settings

from quality.walk import full_walk

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def _public_pages():
    return [f for f in full_walk("anonymous") if not f.route.is_admin and f.status == 200 and f.is_html]


def test_every_public_page_has_one_description(demo):
    pages = _public_pages()
    assert len(pages) > 50
    missing = [
        f"{f.path}: {len(found)} descriptions"
        for f in pages
        if len(found := DESCRIPTION.findall(f.response.content.decode())) != 1 or not found[0].strip()
    ]
    assert not missing, "pages without exactly one non-empty meta description:\n" + "\n".join(missing)


def test_the_description_is_in_the_page_language(demo):
    """A page written in another language (French pages, and the safety pages in every language) has its
    description in that language too, never the English page's. (Any other page, read in a language outside the
    portal's, is in English and tagged so: `<div lang="en">`; its description stays English too.)"""
    pages = _public_pages()
    english = {f.path[len("/en") :]: _description(f) for f in pages if f.language == "en"}
    same = [
        f.path
        for f in pages
        if f.language != "en"
        and _written_in(f) == f.language
        and english.get(f.path[len(f.language) + 1 :]) == _description(f)
    ]
    checked = {f.language for f in pages if _written_in(f) == f.language}
    assert checked >= {code for code, _name in settings.LANGUAGES}, checked
    assert not same, f"pages whose description is the English page's: {same[:10]}"


def _description(fetched) -> str:
    return DESCRIPTION.search(fetched.response.content.decode())[1]


def _written_in(fetched) -> str:
    html = fetched.response.content.decode()
    return "en" if '<div lang="en"' in html else re.search(r'<html lang="([^"]+)"', html)[1]
