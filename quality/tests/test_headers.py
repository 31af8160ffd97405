"""Every response of every URL pattern (with the demo samples), for every persona, carries the security headers
of the foundation; tip pages are never cached and set no cookie before a tip is sent."""

import re

import pytest

from quality.samples import PERSONAS
from quality.walk import full_walk

pytestmark = pytest.mark.django_db


def header_problems(response) -> list[str]:
    problems = []
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is not 'none' ({csp!r})")
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
        problems = header_problems(f.response)
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
