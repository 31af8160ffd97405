"""The browser crawl: every page a persona can reach, in English and French, and the safety pages in every
language of settings.LANGUAGES, in a real Chromium.

Which pages: the URL configuration's patterns with the demo samples (`quality.walk`), asked first with the test
client (fast) to learn which answer 200 with HTML for the persona. The anonymous visitor visits every public
page; a signed-in persona visits every page it reaches that the anonymous visitor does not see, or sees
differently (another `<main>`), and the admin persona also every page of the admin site (index, lists, add,
change, history and delete forms).

What each visit records: the server's HTML (for the Nu HTML Checker, run once over all pages afterwards), the
axe-core serious/critical violations, requests to other hosts, console errors, and on pages in another language
than English its `lang` and `dir` and the English catalogue strings left in the visible text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language_info

from taskforce.language import is_safety_view
from taskforce.testing.auth import confirmed_device, current_token
from taskforce.testing.browser import WCAG_TAGS, PageRecorder

from .samples import PASSWORD, PERSONAS, user
from .untranslated import untranslated_in
from .walk import full_walk, html_pages

log = logging.getLogger(__name__)
_axe = Axe()
# Pages drawn by a script after they load: what to wait for before checking them.
_DRAWN_BY_SCRIPT = {"/api/docs/": ".swagger-ui .opblock"}
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|<input[^>]*name="form_token"[^>]*>')
_MAIN = re.compile(rb"<main\b.*?</main>", re.S)
# Text of the page as a person sees it, leaving out passages marked as another language (lang="en" etc.: a
# language's own name in the chooser, a text shown in English with its "not translated yet" mark).
_VISIBLE_TEXT = """(language) => {
  for (const el of document.body.querySelectorAll('[lang]')) {
    if (el.getAttribute('lang') !== language) el.remove();
  }
  return document.body.innerText;
}"""


@dataclass
class Visit:
    persona: str
    language: str
    path: str
    status: int = 0
    html: bytes = b""
    axe: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    lang_attribute: str = ""
    dir_attribute: str = ""
    error: str = ""

    @property
    def expected_dir(self) -> str:
        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


def _main(html: bytes) -> bytes:
    found = _MAIN.search(html)
    return _CSRF.sub(b"", found.group(0) if found else html)


def pages_to_visit(persona: str, seen: set[tuple[str, int]]) -> list[str]:
    """English paths of the HTML pages `persona` reaches whose `<main>` no persona crawled before showed (the
    anonymous visitor goes first, so a signed-in persona visits its staff pages and the pages it sees
    differently)."""
    pages = []
    for f in html_pages(persona):
        key = (f.path, hash(_main(f.response.content)))
        if key not in seen:
            seen.add(key)
            pages.append(f.path)
    if persona == "admin":
        pages += [f.path for f in full_walk(persona) if f.route.is_admin and f.status == 200 and f.is_html]
    return pages


def in_language(path: str, language: str) -> str:
    return re.sub(r"^/en/", f"/{language}/", path)


def is_safety_page(path: str) -> bool:
    """A page translated into every language: its view is marked `taskforce.language.safety_page`, or marked
    `safety_page_for_some` and renders this object as one (the open course's page sets `request.safety_page` as it
    renders: only asking the page tells)."""
    language = path.split("/")[1]
    try:
        with translation.override(language if language in dict(settings.LANGUAGES) else None):
            match = resolve(path.split("?")[0])
    except Resolver404:
        return False
    if getattr(match.func, "safety_page", False):
        return True
    return bool(getattr(match.func, "safety_page_for_some", False) and _rendered_as_safety_page(path))


def _rendered_as_safety_page(path: str) -> bool:
    """Whether the page, rendered for an anonymous visitor, says it is a safety page (the same flag that decides
    its language notice, taskforce.language.is_safety_view)."""
    from django.test import Client  # noqa: PLC0415 -- loaded when used, after Django is set up

    response = Client().get(path)
    return response.status_code == 200 and is_safety_view(response.wsgi_request)


def languages_of(path: str) -> list[str]:
    if not path.startswith("/en/"):
        return ["en"]
    if is_safety_page(path):
        return [code for code, _name in settings.LANGUAGES]
    return list(settings.PORTAL_LANGUAGES)


def sign_in_through_the_form(tab, persona: str) -> str:
    """Sign in as a person does, with the one-time-password step when the role needs it; returns where the
    browser ended up."""
    email = PERSONAS[persona]
    with translation.override("en"):
        verify_path = reverse("accounts:otp_verify")
        tab.goto(reverse("accounts:login"))
    tab.fill("input[name=username]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.locator("main form [type=submit]").first.click()
    tab.wait_for_load_state()
    if tab.url.split("?")[0].endswith(verify_path):
        tab.fill("input[name=token]", current_token(confirmed_device(user(email))))
        tab.locator("main form [type=submit]").first.click()
        tab.wait_for_load_state()
    return tab.url


def share_session(context, persona: str, base_url: str) -> None:
    """Give the browser the session of a test client signed in as the persona (one-time password completed),
    so that the crawl does not depend on posting the sign-in form (checked on its own)."""
    from django.conf import settings  # noqa: PLC0415 -- loaded when used, after Django is set up

    from quality.tests.conftest import persona_client  # noqa: PLC0415 -- loaded when used, after Django is set up

    if not PERSONAS[persona]:
        return
    client = persona_client(persona)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def axe_violations(tab) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the current page, with a time limit (a page's evaluate has none)."""
    tab.evaluate(_axe.axe_script)
    return tab.evaluate(
        """(options) => Promise.race([
            axe.run(document, options).then(r => r.violations),
            new Promise((_, reject) => setTimeout(() => reject(new Error("axe-core did not finish in 30 s")), 30000)),
        ])""",
        {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )


def visit(tab, recorder: PageRecorder, persona: str, language: str, path: str, catalogue) -> Visit:
    record = Visit(persona, language, path)
    log.info("visit %s %s", persona, path)
    recorder.foreign.clear()
    recorder.console_errors.clear()
    console = recorder.console_errors  # all of them, if the page fails before axe-core runs
    try:
        response = tab.goto(path)
        record.status = response.status if response else 0
        record.html = response.body() if response else b""
        drawn_by = _DRAWN_BY_SCRIPT.get(path)
        if drawn_by:
            tab.wait_for_selector(drawn_by)
        # The page's own console errors, taken before axe-core runs: axe adds <style> elements of its own
        # while it reads some stylesheets (Django's admin's), and our CSP rightly refuses them.
        console = list(recorder.console_errors)
        for violation in axe_violations(tab):
            if violation.get("impact") in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                record.axe.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        record.lang_attribute = tab.locator("html").get_attribute("lang") or ""
        record.dir_attribute = tab.locator("html").get_attribute("dir") or ""
        if language != settings.LANGUAGE_CODE:
            record.untranslated = untranslated_in(tab.evaluate(_VISIBLE_TEXT, language), catalogue[language])
    except Exception as exc:  # a page that cannot even be checked is reported with the others
        record.error = f"{type(exc).__name__}: {exc}"
    record.foreign = list(recorder.foreign)
    record.console = [e for e in console if "net::ERR_FAILED" not in e and "ERR_BLOCKED" not in e]
    return record


def crawl(browser, base_url: str, catalogue: dict[str, set[str]]) -> list[Visit]:
    """`catalogue`: for each language, the English fragments that must not show on its pages."""
    visits: list[Visit] = []
    seen: set[tuple[str, int]] = set()
    for persona in PERSONAS:  # anonymous first: the others are compared with it
        pages = pages_to_visit(persona, seen)
        context = browser.new_context(base_url=base_url, locale="en-CA")
        recorder = PageRecorder(context, base_url)
        context.set_default_timeout(30_000)
        tab = context.new_page()
        recorder.attach(tab)
        try:
            share_session(context, persona, base_url)
            for path in pages:
                for language in languages_of(path):
                    visits.append(visit(tab, recorder, persona, language, in_language(path, language), catalogue))
        finally:
            context.close()
    return visits


def save_html(visits: list[Visit], folder: Path) -> dict[str, Visit]:
    """Write each visited page's HTML to its own file for the Nu HTML Checker; returns file name -> visit."""
    files = {}
    for index, v in enumerate(visits):
        if not v.html:
            continue
        name = f"{index:04d}-{v.persona}-{re.sub(r'[^A-Za-z0-9]+', '-', v.path).strip('-') or 'root'}.html"
        (folder / name).write_bytes(v.html)
        files[name] = v
    return files
