"""Request every concrete path of the URL configuration with the Django test client, as one persona."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from .samples import PERSONAS, all_paths
from .urlmap import Route, routes

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@dataclass
class Fetched:
    persona: str
    route: Route
    path: str
    language: str
    response: object | None  # None when the view raised
    error: str = ""

    @property
    def status(self) -> int:
        return 500 if self.response is None else self.response.status_code

    @property
    def is_html(self) -> bool:
        return self.response is not None and self.response.get("Content-Type", "").startswith("text/html")


def targets(persona: str, *, languages=None, include_admin: bool | None = None) -> Iterator[tuple[Route, str, str]]:
    """(route, path, language) for every pattern and sample. The admin site is walked by the admin persona and
    the anonymous visitor only (any other persona gets the admin's own sign-in page)."""
    languages = languages or LANGUAGES
    if include_admin is None:
        include_admin = persona in ("admin", "anonymous")
    for route in routes():
        if route.is_admin and not include_admin:
            continue
        for language in languages if route.localized else ["en"]:
            for path in all_paths(route, language):
                yield route, path, language


def fetch(client, persona: str, route: Route, path: str, language: str) -> Fetched:
    try:
        response = client.get(path)
    except Exception as exc:  # the test client re-raises what the view raised: that is a server error
        summary = "".join(traceback.format_exception(exc, limit=-4)).strip()
        return Fetched(persona, route, path, language, None, summary)
    return Fetched(persona, route, path, language, response)


def walk(client, persona: str, **kwargs) -> list[Fetched]:
    assert persona in PERSONAS
    return [fetch(client, persona, route, path, language) for route, path, language in targets(persona, **kwargs)]


_CACHE: dict[str, list[Fetched]] = {}


def full_walk(persona: str) -> list[Fetched]:
    """The persona's walk over every pattern, done once per test session on the seeded demo data: the anonymous
    visitor in every language, signed-in personas in English; the admin site for the admin and the anonymous
    visitor. The header, crawl and sweep checks all read it. Cleared when the demo data is (re)made."""
    if persona not in _CACHE:
        from django.db import transaction  # noqa: PLC0415 -- loaded when used, after Django is set up

        from quality.tests.conftest import persona_client  # noqa: PLC0415 -- loaded when used, after Django is set up

        with transaction.atomic():  # what the GETs change (sessions, logs) is not kept
            languages = None if persona == "anonymous" else ["en"]
            _CACHE[persona] = walk(persona_client(persona), persona, languages=languages)
            transaction.set_rollback(True)
    return _CACHE[persona]


def clear_cache() -> None:
    _CACHE.clear()


def html_pages(persona: str) -> list[Fetched]:
    """The English portal pages (not the admin site) that answer the persona 200 with HTML."""
    return [
        f for f in full_walk(persona) if f.language == "en" and not f.route.is_admin and f.status == 200 and f.is_html
    ]
