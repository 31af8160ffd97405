"""Every page, in a real browser, for every persona, in English and French, and the safety pages in every language:
axe-core, valid HTML (Nu HTML Checker), no request to another host, no console error, the right `lang` and `dir`,
no English catalogue string left on a translated page."""

import pytest
from django.conf import settings

from quality import crawl as crawler
from quality import htmlcheck
from quality.samples import PERSONAS
from quality.untranslated import english_fragments
from quality.walk import html_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def visits(demo, live_url, browser):
    catalogue = {code: english_fragments(code) for code, _name in settings.LANGUAGES}
    return crawler.crawl(browser, live_url, catalogue)


def _report(visits, persona, attribute) -> list[str]:
    return [
        f"{v.path} [{v.persona}]: {value}" for v in visits if v.persona == persona for value in getattr(v, attribute)
    ]


@pytest.mark.parametrize("persona", ["member", "handler"])
def test_a_real_browser_can_sign_in(demo, live_url, browser, persona):
    """Sign-in through the real form in Chromium, with the one-time password for the handler."""
    context = browser.new_context(base_url=live_url, locale="en-CA")
    refused = []
    try:
        tab = context.new_page()
        tab.on("response", lambda r: r.request.method == "POST" and r.status == 403 and refused.append(r.url))
        landed = crawler.sign_in_through_the_form(tab, persona)
    finally:
        context.close()
    assert not refused, (
        f"FINDING: the browser's sign-in POST was refused (403) at {refused}: under Referrer-Policy no-referrer "
        "Chromium sends `Origin: null` with every form POST and Django's CSRF check refuses it, so no form of the "
        "portal can be posted from a real browser (suggested fix: Referrer-Policy same-origin in settings and "
        "base.html's <meta name=referrer>)"
    )
    assert "/accounts/" not in landed, f"still on {landed} after signing in as {persona}"


def test_the_crawl_reaches_the_pages(visits):
    by_persona = {p: [v for v in visits if v.persona == p] for p in PERSONAS}
    assert len(by_persona["anonymous"]) >= 20, f"the anonymous crawl saw only {len(by_persona['anonymous'])} pages"
    for persona in PERSONAS:
        if persona != "anonymous":
            reached = {f.route.name for f in html_pages(persona)}
            assert "staff:dashboard" in reached, f"{persona} does not reach the staff dashboard: is the sign-in broken?"
    broken = [f"{v.path} [{v.persona}]: {v.status} {v.error}" for v in visits if v.error or v.status != 200]
    assert not broken, "FINDING: pages that answered the test client but not the browser:\n" + "\n".join(broken)


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize(
    ("kind", "finding"),
    [
        ("axe", "axe-core serious/critical violations"),
        ("foreign", "requests to other hosts"),
        ("console", "console errors"),
    ],
)
def test_no_serious_accessibility_violation_foreign_request_or_console_error(visits, persona, kind, finding):
    found = _report(visits, persona, kind)
    assert not found, f"FINDING: {finding} ({persona}):\n" + "\n".join(found)


def test_the_safety_pages_are_crawled_in_every_language(visits):
    for code, _name in settings.LANGUAGES:
        pages = {v.path.split("/", 2)[2] for v in visits if v.persona == "anonymous" and v.language == code}
        for safety in ("tips/report/", "tips/follow-up/", "hotlines/", "rights/", "privacy/", "browse-safely/"):
            assert safety in pages, f"{safety} was not crawled in {code}"


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_translated_pages_say_their_language_and_direction_and_show_no_english_catalogue_string(visits, persona):
    translated = [v for v in visits if v.persona == persona and v.language != settings.LANGUAGE_CODE]
    wrong = [
        f"{v.path}: <html lang={v.lang_attribute!r} dir={v.dir_attribute!r}>"
        for v in translated
        if (v.lang_attribute, v.dir_attribute) != (v.language, v.expected_dir)
    ]
    assert not wrong, "FINDING: pages not marked with their language and direction:\n" + "\n".join(wrong)
    found = _report(translated, persona, "untranslated")
    assert not found, f"FINDING: English left on translated pages ({persona}):\n" + "\n".join(found)


def test_every_page_is_valid_html(visits, tmp_path_factory):
    reason = htmlcheck.missing_reason()
    if reason:
        from taskforce.testing.plugin import missing  # noqa: PLC0415 -- used by this test only

        missing(reason)
    folder = tmp_path_factory.mktemp("pages")
    files = crawler.save_html(visits, folder)
    errors = htmlcheck.check_folder(folder)
    found = []
    seen_paths = set()
    for name, messages in sorted(errors.items()):
        visit = files.get(name)
        where = f"{visit.path} [{visit.persona}]" if visit else name
        key = (visit.path if visit else name, tuple(m.split(": ", 1)[-1] for m in messages))
        if key in seen_paths:
            continue  # the same errors on the same page for another persona
        seen_paths.add(key)
        found.append(f"{where}:\n    " + "\n    ".join(messages[:8]))
    assert not found, f"FINDING: Nu HTML Checker errors on {len(found)} pages:\n" + "\n".join(found)
