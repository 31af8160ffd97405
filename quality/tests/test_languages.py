"""The safety pages in every language of settings.LANGUAGES (issue 18), with the test client: every string a safety
page looks up in the catalogues while it renders is translated into the page's language (whatever file it comes
from), and every other page says, in the reader's language, that it stays in English or French."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_info, pgettext, trans_real

from quality import htmlcheck
from quality.crawl import in_language, is_safety_page
from quality.untranslated import english_fragments, untranslated_in, visible_text
from quality.walk import html_pages
from tips.tests.factories import form_token, receipt_code, report_post
from training.models import Course

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code not in settings.PORTAL_LANGUAGES]


@contextmanager
def catalogue_misses(language: str):
    """The messages looked up, while inside, in `language`'s catalogue and not found there (they would show in
    English): gettext, pgettext (a context) and ngettext (plurals) all go through these two methods."""
    missed: set[str] = set()
    cls = trans_real.DjangoTranslation
    plain, plural = cls.gettext, cls.ngettext

    def gettext(self, message):
        if self.language() == language and message not in self._catalog:
            missed.add(message.split("\x04")[-1])
        return plain(self, message)

    def ngettext(self, singular, plural_message, n):
        if self.language() == language and (singular, 0) not in self._catalog:
            missed.add(singular)
        return plural(self, singular, plural_message, n)

    cls.gettext, cls.ngettext = gettext, ngettext
    try:
        yield missed
    finally:
        cls.gettext, cls.ngettext = plain, plural


def safety_paths() -> list[str]:
    return sorted({f.path for f in html_pages("anonymous") if f.path.startswith("/en/") and is_safety_page(f.path)})


def test_the_safety_pages_are_the_ones_the_issue_names(demo):
    paths = safety_paths()
    for page in ("/en/", "/en/tips/report/", "/en/tips/follow-up/", "/en/hotlines/", "/en/rights/", "/en/privacy/"):
        assert page in paths
    assert "/en/browse-safely/" in paths and any(p.startswith("/en/training/open/") for p in paths)
    assert "/en/action-plan/" not in paths and "/en/registry/" not in paths
    # The open course's page is a safety page for that course only (its view says so as it renders).
    courses = Course.objects.exclude(current_version=None)
    assert courses.filter(is_open=True).exists() and courses.filter(is_open=False).exists()
    for course in courses:
        assert (f"/en/training/courses/{course.slug}/" in paths) == course.is_open, course.slug


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_of_the_safety_pages_is_translated(demo, client, settings, language):
    settings.TIPS_MIN_FILL_SECONDS = 0
    untranslated = {}
    paths = safety_paths()
    with catalogue_misses(language) as missed:
        for path in paths:
            response = client.get(in_language(path, language))
            assert response.status_code == 200, path
            if missed:
                untranslated[path] = sorted(missed)
                missed.clear()
        response = report_post(client, url=f"/{language}/tips/report/", what_happened="Test tip in any language.")
        assert re.search(r'id="receipt-code">[A-Z0-9-]+<', response.content.decode()), "the receipt"
        if missed:
            untranslated["the receipt"] = sorted(missed)
            missed.clear()
        # A form sent with mistakes: the messages next to the fields, Django's own included.
        token = re.search(
            r'name="form_token" value="([^"]+)"', client.get(f"/{language}/tips/report/").content.decode()
        )
        response = client.post(f"/{language}/tips/report/", {"form_token": token.group(1), "province": "XX"})
        assert response.status_code == 400
        if missed:
            untranslated["the form with mistakes"] = sorted(missed)
            missed.clear()
        client.post(f"/{language}/tips/follow-up/", {"code": "not-a-code"})
        if missed:
            untranslated["the follow-up with a wrong code"] = sorted(missed)
    assert not untranslated, f"English on {language} safety pages: {untranslated}"


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_safety_page_says_its_translation_awaits_review_with_a_way_to_report_a_mistake(client, language):
    html = client.get(f"/{language}/tips/report/").content.decode()
    assert 'data-language-notice="review"' in html
    assert f'href="mailto:{settings.TRANSLATION_REVIEW_EMAIL}?subject=/{language}/tips/report/"' in html
    assert 'data-language-notice="portal_only"' not in html


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_any_other_page_says_in_the_readers_language_that_it_stays_in_english_or_french(client, language):
    html = client.get(f"/{language}/registry/").content.decode()
    assert 'data-language-notice="portal_only"' in html
    with catalogue_misses(language) as missed:
        client.get(f"/{language}/registry/")
    notice = "This page is not translated into your language yet: it is shown in English or French."
    assert notice not in missed and notice not in html


@pytest.mark.parametrize("language", settings.PORTAL_LANGUAGES)
def test_the_portal_languages_show_no_notice(client, language):
    for path in (f"/{language}/registry/", f"/{language}/tips/report/"):
        assert "data-language-notice" not in client.get(path).content.decode()


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_page_left_in_english_is_tagged_english_left_to_right(client, language):
    html = client.get(f"/{language}/registry/").content.decode()
    assert '<div lang="en" dir="ltr">' in html
    assert '<div lang="en" dir="ltr">' not in client.get(f"/{language}/tips/report/").content.decode()


def test_the_reporter_reads_the_state_of_their_tip_in_their_language(client, settings, hotlines_loaded):
    settings.TIPS_MIN_FILL_SECONDS = 0
    response = report_post(client, url="/ar/tips/report/", what_happened="نص تجريبي")
    code = re.search(r'id="receipt-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/ar/tips/follow-up/").content.decode())
    html = client.post("/ar/tips/follow-up/", {"code": code, "form_token": token.group(1)}).content.decode()
    context, message = "tip status, for the reporter", "Received"  # not a literal: no catalogue entry for a test
    with translation.override("ar"):
        received = pgettext(context, message)
    assert f'<strong id="tip-status">{received}</strong>' in html and received != "Received"


LANGUAGES = [code for code, _name in settings.LANGUAGES]
_HTML_TAG = re.compile(r"<html\b[^>]*>")


def receipt_and_thread(client, language: str) -> dict[str, str]:
    """The pages a reporter reaches only by sending a form, in `language`: the receipt of a tip, its follow-up
    thread (the code sent), and the thread again once they wrote to the hotline."""
    receipt = report_post(client, url=f"/{language}/tips/report/")
    assert receipt.status_code == 200
    code = receipt_code(receipt)
    url = f"/{language}/tips/follow-up/"
    thread = client.post(url, {"code": code, "form_token": form_token(client.get(url))})
    assert thread.status_code == 200 and 'id="tip-status"' in thread.content.decode()
    replied = client.post(url, {"code": code, "form_token": form_token(thread), "body": "A second message: 2 people."})
    assert replied.status_code == 200 and replied.context["sent"]
    return {"receipt": receipt, "thread": thread, "thread after a message": replied}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_and_the_thread_say_their_language_and_direction_with_no_english_left(
    client, settings, hotlines_loaded, language
):
    """The crawl never reaches these pages (only a form sent leads there): the same checks, with the test client."""
    settings.TIPS_MIN_FILL_SECONDS = 0
    expected = f'lang="{language}" dir="{"rtl" if get_language_info(language)["bidi"] else "ltr"}"'
    fragments = english_fragments(language)
    wrong = {}
    with catalogue_misses(language) as missed:
        pages = receipt_and_thread(client, language)
    for name, response in pages.items():
        html = response.content.decode()
        if expected not in _HTML_TAG.search(html).group(0):
            wrong[name] = _HTML_TAG.search(html).group(0)
        if language != settings.LANGUAGE_CODE:
            left = untranslated_in(visible_text(html, language), fragments)
            if left:
                wrong[f"{name}: English left"] = left
    if language not in settings.PORTAL_LANGUAGES and missed:
        wrong["looked up and not in the catalogue"] = sorted(missed)
    assert not wrong, f"{language}: {wrong}"


def test_the_receipt_and_the_thread_are_valid_html_in_every_language(client, settings, hotlines_loaded, tmp_path):
    reason = htmlcheck.missing_reason()
    if reason:
        from taskforce.testing.plugin import missing  # noqa: PLC0415 -- used by this test only

        missing(reason)
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.TIPS_RATE_PER_ADDRESS = settings.TIPS_RATE_PER_ADDRESS_SOLVED = 10 * len(LANGUAGES)
    for language in LANGUAGES:
        for name, response in receipt_and_thread(client, language).items():
            (tmp_path / f"{language}-{name.replace(' ', '-')}.html").write_bytes(response.content)
    errors = htmlcheck.check_folder(tmp_path)
    assert len(list(tmp_path.glob("*.html"))) == 3 * len(LANGUAGES)
    assert not errors, "\n".join(f"{name}: {messages[:5]}" for name, messages in sorted(errors.items()))


@pytest.fixture
def hotlines_loaded(db):
    from taskforce import reference as organizations  # noqa: PLC0415 -- used by this test only
    from tips import reference  # noqa: PLC0415 -- used by this test only

    organizations.load()
    reference.load()


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "handler", "learner"])
def test_every_page_renders_in_a_made_up_language_added_in_settings(demo, settings, tmp_path, persona):
    """Adding a language is a line in settings and a catalogue (taskforce/tests/test_language_setting.py): every
    page a persona reaches in English answers the same in it, nothing in the code knowing its code."""
    from quality.tests.conftest import persona_client  # noqa: PLC0415 -- used by this test only
    from taskforce.tests.test_language_setting import MADE_UP, _with_made_up  # noqa: PLC0415 -- its one recipe

    english = sorted({f.path for f in html_pages(persona) if f.path.startswith("/en/")})
    _with_made_up(settings, tmp_path)
    client = persona_client(persona)
    wrong = []
    for path in english:
        response = client.get(in_language(path, MADE_UP))
        if response.status_code != 200 or f'<html lang="{MADE_UP}"' not in response.content.decode():
            wrong.append(f"{path}: {response.status_code}")
    assert len(english) >= 15 and not wrong, f"in {MADE_UP}: {wrong[:20]}"


def test_the_reference_language_of_the_english_check_comes_from_settings(settings):
    """quality.untranslated reads which msgids are text to translate from a complete portal language's catalogues:
    the one settings.PORTAL_LANGUAGES names besides the source, not a code written in the code."""
    from quality.untranslated import catalogue_paths, reference_language  # noqa: PLC0415 -- used by this test only

    settings.PORTAL_LANGUAGES = [settings.LANGUAGE_CODE, "es"]
    assert reference_language() == "es"
    paths = catalogue_paths()
    assert paths and all(path.parts[-3] == "es" for path in paths)
