"""Production profile: with DEBUG off every error is the styled page of the portal, in the reader's language,
with the hotline, and never a traceback or an exception's text."""

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape as html_escape
from django.utils.translation import gettext

from quality.tests.error_urls import SECRET_MESSAGE
from quality.urlmap import routes
from quality.walk import LANGUAGES

pytestmark = pytest.mark.django_db

TRACEBACK_SIGNS = ("Traceback", 'File "', "django/core/handlers", "Request Method:", SECRET_MESSAGE)


def styled_page_problems(response, language: str) -> list[str]:
    html = response.content.decode(errors="replace")
    problems = [f"shows {sign!r}" for sign in TRACEBACK_SIGNS if sign in html]
    if "1-833-900-1010" not in html:
        problems.append("is not the portal's styled page (no hotline)")
    if f'<html lang="{language}"' not in html:
        problems.append(f"is not in the reader's language (no <html lang={language!r}>)")
    return problems


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "quality.tests.error_urls"
    client = Client(raise_request_exception=False)
    return client


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("path", "status"),
    [("quality/server-error/", 500), ("quality/forbidden/", 403), ("quality/suspicious/", 400), ("no-such-page/", 404)],
)
def test_error_pages_are_styled_and_never_show_a_traceback(production_like, language, path, status):
    response = production_like.get(f"/{language}/{path}")
    assert response.status_code == status
    problems = styled_page_problems(response, language)
    assert not problems, f"FINDING: the {status} page at /{language}/{path} " + "; ".join(problems)


BOGUS = {"int": "99999999999999999999", "slug": "no-such-thing", "str": "no-such-thing", "path": "no/such"}


def bogus_paths(language: str):
    for route in routes():
        if not (route.localized and route.params):
            continue
        pattern = route.pattern.replace("<lang>", language)
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: BOGUS.get(m.group(1) or "str", "no-such-thing"), pattern)
        yield route, "/" + path


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_objects_answer_a_styled_4xx(demo, production_like, language):
    """Every page with parameters, given values that name nothing (and an integer too big for the database):
    a styled 4xx (or a redirect to sign in), never a server error."""
    from quality.tests.conftest import persona_client  # noqa: PLC0415 -- used by this test only

    bad = []
    for persona in ("anonymous", "admin"):
        client = persona_client(persona)
        client.raise_request_exception = False
        for route, path in bogus_paths(language):
            response = client.get(path)
            if response.status_code >= 500:
                bad.append(f"{path} [{persona}]: {response.status_code}")
            elif response.status_code == 405:
                continue  # a GET on a POST-only action: Django's bare 405, never linked to (see the report)
            elif response.status_code >= 400 and response["Content-Type"].startswith("text/html"):
                problems = styled_page_problems(response, language)
                if problems:
                    bad.append(f"{path} [{persona}]: {response.status_code} " + "; ".join(problems))
    assert not bad, "FINDING: pages given unknown values:\n" + "\n".join(bad)


CSRF_FORMS = [
    "/{lang}/accounts/login/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/accounts/logout/",
    "/{lang}/accounts/otp/verify/",
    "/admin/login/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("form", CSRF_FORMS)
def test_a_failed_csrf_check_is_the_styled_403_explaining_what_to_do(production_like, language, form):
    """A form posted without its token (expired page, cookies blocked): the portal's 403 page in the reader's
    language, saying what to do, never Django's stock 'CSRF verification failed' page."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(form.format(lang=language), {"a": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "CSRF verification failed" not in html, f"FINDING: {form} shows Django's stock CSRF page"
    problems = styled_page_problems(response, language)
    assert not problems, f"FINDING: the CSRF failure at {form} " + "; ".join(problems)
    with translation.override(language):
        expired = gettext("The form expired or cookies are blocked: go back, reload the page and try again.")
    assert html_escape(expired) in html


def test_a_failed_csrf_check_on_the_api_answers_json(production_like):
    """A session-authenticated API write without its token: JSON, not a page."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/api/quality/csrf/", {"a": "1"})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


API_ERRORS = [
    ("/api/nope/", {}, 404),
    ("/api/publications/x%C0%80/", {}, 404),
    ("/api/registry/", {"HTTP_HOST": "evil.example"}, 400),
]


@pytest.mark.parametrize(("path", "extra", "status"), API_ERRORS)
def test_every_error_under_the_api_is_json(production_like, settings, path, extra, status):
    """Under /api/ an error answer is JSON {"detail": ...}, never the HTML page (whose language links would
    point into /api/)."""
    settings.ALLOWED_HOSTS = ["testserver"]
    response = production_like.get(path, **extra)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json", f"FINDING: {path} answers {response['Content-Type']}"
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/quality/forbidden/", 403), ("/api/quality/server-error/", 500), ("/api/quality/suspicious/", 400)],
)
def test_api_handlers_answer_json(production_like, path, status):
    response = production_like.get(path)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert SECRET_MESSAGE not in response.content.decode()
