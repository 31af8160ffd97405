"""Every response of every URL pattern (with the demo samples), for every persona, carries the security headers
of the foundation; tip pages are never cached and set no cookie before a tip is sent; HEAD answers wherever GET
does; nothing shown to a signed-in person or a token is stored by a cache, and API answers vary by Authorization."""

import re

import pytest
from django.db import transaction

from quality.samples import PERSONAS, all_paths
from quality.walk import full_walk

pytestmark = pytest.mark.django_db


# A SCORM package's files, framed by the portal's own player page (training/views.py): 'self', not 'none'
# (their refusals and redirects keep 'none').
FRAMED_BY_US = re.compile(r"^/[a-z]{2}/training/scorm/\d+/")


def header_problems(response, path: str = "") -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    framed = bool(FRAMED_BY_US.match(path)) and response.status_code == 200
    ancestors = ["'self'"] if framed else ["'none'"]
    if directives.get("frame-ancestors") != ancestors:
        problems.append(f"CSP frame-ancestors is not {' '.join(ancestors)} ({csp!r})")
    if framed and response.get("X-Frame-Options") != "SAMEORIGIN":
        problems.append(f"X-Frame-Options is {response.get('X-Frame-Options')!r}, not SAMEORIGIN")
    scripts = directives.get("script-src", directives.get("default-src"))
    if not scripts:
        problems.append(f"CSP has no script-src/default-src ({csp!r})")
    elif any(s in scripts for s in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:")):
        problems.append(f"CSP lets scripts run unsafely: script-src {' '.join(scripts)}")
    # "same-origin" sends no referrer to any other host either, and lets browsers send a real Origin with form
    # posts (under "no-referrer" Chromium sends `Origin: null`, which Django's CSRF check refuses).
    if response.get("Referrer-Policy") not in ("no-referrer", "same-origin"):
        problems.append(f"Referrer-Policy is {response.get('Referrer-Policy')!r}")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options is {response.get('X-Content-Type-Options')!r}")
    policy = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation"):
        if not re.search(rf"(^|[,\s]){feature}=\(\)", policy):
            problems.append(f"Permissions-Policy does not turn {feature} off ({policy!r})")
    return problems


def shows_tip_content(status: int) -> bool:
    """Tip pages proper: the pages themselves and forms sent back with what the person typed (400, 409, 422).
    Redirects and the shared 403/404/405 error pages hold nothing of a tip."""
    return status < 300 or status in (400, 409, 422)


def tip_page_problems(response, persona: str) -> list[str]:
    problems = []
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}, not no-store")
    if persona == "anonymous" and response.cookies:
        problems.append(f"sets cookies before any tip is sent: {sorted(response.cookies)}")
    return problems


@pytest.fixture(scope="module")
def walks(demo):
    """Every persona's walk over every pattern (quality.walk.full_walk): headers do not depend on the language,
    so signed-in personas walk the English pages and the anonymous visitor every language."""
    return {persona: full_walk(persona) for persona in PERSONAS}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_response_carries_the_security_headers(walks, persona):
    fetched = walks[persona]
    assert len(fetched) > 50, "the walk found too few pages: is the URL configuration loaded?"
    bad = []
    for f in fetched:
        if f.response is None:
            continue  # a server error: reported by test_no_page_answers_a_server_error
        problems = header_problems(f.response, f.path)
        if f.path.split("/")[2:3] == ["tips"] and shows_tip_content(f.status):
            problems += tip_page_problems(f.response, persona)
        if problems:
            bad.append(f"{f.path} ({f.status}): " + "; ".join(problems))
    assert not bad, f"FINDING: responses missing security headers as {persona}:\n" + "\n".join(bad)


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_no_page_answers_a_server_error(walks, persona):
    errors = [f"{f.path} -> {f.status}\n{f.error}" for f in walks[persona] if f.status >= 500]
    assert not errors, f"FINDING: server errors on GET as {persona}:\n" + "\n".join(errors)


def test_every_sample_reaches_a_real_page_for_someone(walks):
    """A sample that answers 404 to every persona checks nothing: it must point at a real object."""
    reached: dict[str, set[int]] = {}
    for fetched in walks.values():
        for f in fetched:
            if f.route.params and f.language == "en":
                reached.setdefault(f.path, set()).add(f.status)
    dead = sorted(path for path, statuses in reached.items() if statuses <= {404})
    assert not dead, f"samples that are 404 for every persona (fix quality/samples.py): {dead}"


# ----- HEAD, private answers, the API's Vary -------------------------------------------------------------------


def test_head_answers_wherever_get_does(walks):
    """Load balancers and link checkers probe with HEAD: every page that answers GET with 200 answers HEAD alike,
    with no body. Each page once, as the first persona that reaches it."""
    from quality.tests.conftest import persona_client  # noqa: PLC0415 -- used by this test only

    first: dict[str, tuple[str, object]] = {}
    for persona, fetched in walks.items():
        for f in fetched:
            if f.status == 200 and f.path not in first:
                first[f.path] = (persona, f.response)
    bad = []
    with transaction.atomic():  # what the requests change (sessions, access logs) is not kept
        clients = {persona: persona_client(persona) for persona in PERSONAS}
        for path, (persona, got) in sorted(first.items()):
            head = clients[persona].head(path)
            body = b"".join(head.streaming_content) if head.streaming else head.content
            if head.status_code != 200 or body or head.get("Content-Type") != got.get("Content-Type"):
                # A page whose object went since the walk (the admin page of a lockout row that a later sign-in
                # cleared) answers GET differently now too: that is not HEAD's doing.
                if clients[persona].get(path).status_code != 200:
                    continue
                bad.append(f"HEAD {path} [{persona}]: {head.status_code}, {len(body)} bytes of body")
        transaction.set_rollback(True)
    assert len(first) > 50
    assert not bad, "FINDING: HEAD does not answer like GET:\n" + "\n".join(bad)


@pytest.mark.parametrize("persona", [p for p, email in PERSONAS.items() if email])
def test_no_answer_to_a_signed_in_person_is_stored(walks, persona):
    """Shared office computers: nothing a signed-in person was shown stays in a browser's or a proxy's cache."""
    bad = [
        f"{f.path} ({f.status}): Cache-Control {f.response.get('Cache-Control')!r}"
        for f in walks[persona]
        if f.response is not None and "no-store" not in f.response.get("Cache-Control", "")
    ]
    assert not bad, f"FINDING: answers to {persona} that a cache may keep:\n" + "\n".join(bad)


def test_api_answers_vary_by_authorization_and_token_answers_are_not_stored(walks, demo):
    """An API answer depends on the token that asked: caches must key on it (Vary) and keep no token's answer."""
    from rest_framework.test import APIClient  # noqa: PLC0415 -- used by this test only

    from quality.samples import API_TOKEN_PERSONA, user  # noqa: PLC0415 -- used by this test only
    from quality.urlmap import routes  # noqa: PLC0415 -- used by this test only
    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    bad = [
        f"{f.path} [{persona}]: Vary {f.response.get('Vary')!r}"
        for persona, fetched in walks.items()
        for f in fetched
        if f.route.is_api and f.response is not None and "Authorization" not in f.response.get("Vary", "")
    ]
    checked = 0
    with transaction.atomic():
        client = APIClient()
        key = api_token_issue(user=user(PERSONAS[API_TOKEN_PERSONA]))
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        for route in routes():
            if not route.is_api:
                continue
            for path in all_paths(route):
                response = client.get(path)
                checked += 1
                cache, vary = response.get("Cache-Control", ""), response.get("Vary", "")
                if "no-store" not in cache or "Authorization" not in vary:
                    bad.append(f"{path} [token]: {response.status_code}, Cache-Control {cache!r}, Vary {vary!r}")
        transaction.set_rollback(True)
    assert checked > 10
    assert not bad, "FINDING: API answers a cache may mix up or keep:\n" + "\n".join(bad)
