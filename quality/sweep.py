"""The bad input sweep: every form found on every page each persona reaches, and every API endpoint, fed empty,
huge, malformed, wrong-type, HTML/script, SQL-looking and unusual Unicode values.

Every answer must be a clear 4xx or a normal page (never a 500); a refused submission must leave every table as it
was; text that was stored must be shown escaped wherever it appears afterwards.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, transaction

from taskforce.testing.auth import login

from .forms import MB, TEXT_PAYLOADS, XSS_PAYLOAD, XSS_RAW_MARKERS, Form, parse_forms, variants
from .samples import API_TOKEN_PERSONA, PASSWORD, PERSONAS, all_paths, user
from .urlmap import routes
from .walk import html_pages

# Tables that rightly record refused attempts (failed sign-ins, sessions); every other table must be unchanged.
RECORDS_OF_ATTEMPTS = {"axes", "sessions"}
ERROR_SIGNS = ("is-invalid", "invalid-feedback", "errorlist", 'class="alert alert-danger" role="status"')


@dataclass
class Findings:
    server_errors: list[str] = field(default_factory=list)
    half_saved: list[str] = field(default_factory=list)
    unescaped: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    submissions: int = 0
    kept: int = 0
    api_requests: int = 0


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.app_label not in RECORDS_OF_ATTEMPTS and m._meta.managed and not m._meta.proxy
    }


def _summary(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc, limit=-3)).strip().replace("\n", "\n      ")


def _client(persona: str):
    from django.test import Client  # noqa: PLC0415 -- loaded when used, after Django is set up

    client = Client()
    if PERSONAS[persona]:
        login(client, user(PERSONAS[persona]), PASSWORD)
    return client


def _raw_markers(response) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = response.content.decode(errors="replace")
    return [m for m in XSS_RAW_MARKERS if m in html]


def discover_forms(personas=PERSONAS) -> tuple[list[tuple[str, Form]], dict[str, list[str]]]:
    """(persona, form) for every distinct form, seen first by that persona; and each persona's HTML pages."""
    seen, found, pages = set(), [], {}
    for persona in personas:
        pages[persona] = []
        for f in html_pages(persona):
            pages[persona].append(f.path)
            for form in parse_forms(f.response.content.decode(errors="replace"), f.path):
                if form.key not in seen and not form.action.startswith("/admin/"):
                    seen.add(form.key)
                    found.append((persona, form))
    return found, pages


def _send(client, form: Form, data: dict, files: dict):
    if form.method == "get":
        return client.get(form.action, data)
    return client.post(form.action, {**data, **files})


def _refused(client, response) -> bool:
    """Refused: a 4xx, the form shown again with errors, or a redirect to a page that shows an error message."""
    if response.status_code >= 400:
        return True
    if response.status_code == 200:
        html = response.content.decode(errors="replace")
        return any(sign in html for sign in ERROR_SIGNS)
    if 300 <= response.status_code < 400 and response.get("Location", "").startswith("/"):
        after = client.get(response["Location"])
        html = after.content.decode(errors="replace")
        return after.status_code >= 400 or 'class="alert alert-danger" role="status"' in html
    return False


def _judge(findings: Findings, client, where: str, response, before: dict) -> bool:
    """Record what is wrong with this answer; True when the submission was accepted."""
    if response.status_code >= 500:
        findings.server_errors.append(f"{where}: answered {response.status_code}")
        return False
    after = row_counts()  # before following a redirect: showing a page may rightly log the visit
    if _refused(client, response):
        changed = {k: (v, before.get(k)) for k, v in after.items() if v != before.get(k)}
        if changed:
            findings.half_saved.append(f"{where}: refused ({response.status_code}) but rows changed {changed}")
        return False
    return True


def submit_form(findings: Findings, persona: str, form: Form) -> None:
    client = _client(persona)
    before = row_counts()
    for label, data, files in variants(form):
        findings.submissions += 1
        cache.clear()  # rate limits would answer 429 before the form is even read
        keep = label == "html-script"  # stored script text stays, to be looked for on every page afterwards
        where = f"{form} [{persona}] with {label} values"
        savepoint = transaction.savepoint()
        try:
            response = _send(client, form, data, files)
        except Exception as exc:
            transaction.savepoint_rollback(savepoint)
            findings.server_errors.append(f"{where}: {type(exc).__name__}\n      {_summary(exc)}")
            client = _client(persona)
            continue
        try:
            keep = _judge(findings, client, where, response, before) and keep
        except DatabaseError as exc:  # the request left the database transaction broken
            transaction.savepoint_rollback(savepoint)
            findings.server_errors.append(f"{where}: the database was left in error: {exc}")
            client = _client(persona)
            continue
        for marker in _raw_markers(response):
            findings.unescaped.append(f"{where}: the answer shows {marker!r} unescaped")
        if keep:
            findings.kept += 1
            transaction.savepoint_commit(savepoint)
            before = row_counts()
        else:
            transaction.savepoint_rollback(savepoint)
        client = _client(persona)  # a form may have signed the persona out


def look_for_stored_script(findings: Findings, pages: dict[str, list[str]]) -> None:
    if not findings.kept:
        return  # no script text was stored: nothing to look for
    for persona, paths in pages.items():
        client = _client(persona)
        for path in paths:
            try:
                response = client.get(path)
            except Exception as exc:
                findings.server_errors.append(f"GET {path} [{persona}] after the sweep: {_summary(exc)}")
                continue
            for marker in _raw_markers(response):
                findings.unescaped.append(f"GET {path} [{persona}] shows stored {marker!r} unescaped")


# ----- the API --------------------------------------------------------------------------------------------------

API_BODIES = {
    "empty": b"",
    "malformed-json": b'{"title": "unterminated',
    "json-list": b"[1, 2, 3]",
    "json-number": b"12",
    "huge-json": json.dumps({"text": "x" * (MB + 100)}).encode(),
    "deeply-nested": b"[" * 5000 + b"]" * 5000,
}


def _api_field_bodies(fields: dict) -> dict[str, bytes]:
    bodies = {}
    for label, payload in TEXT_PAYLOADS.items():
        bodies[f"fields-{label}"] = json.dumps({name: payload for name in fields}).encode()
    bodies["fields-wrong-type"] = json.dumps({name: [{"x": None}] for name in fields}).encode()
    return bodies


def _api_clients():
    from rest_framework.test import APIClient  # noqa: PLC0415 -- loaded when used, after Django is set up

    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- loaded when used, after Django is set up

    anonymous = APIClient()
    staff = APIClient()
    staff.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user(PERSONAS[API_TOKEN_PERSONA]))}")
    return {"anonymous": anonymous, "staff token": staff}


def sweep_api(findings: Findings) -> None:
    queries = {name: payload for name, payload in TEXT_PAYLOADS.items() if name != "huge"}
    for route in routes():
        if not route.is_api or route.name in ("api-schema", "api-docs"):
            continue
        for path in all_paths(route):
            for who, client in _api_clients().items():
                _api_path(findings, client, f"{path} [{who}]", path, queries)


def _api_call(findings: Findings, client, where: str, method: str, path: str, body: bytes | None = None, **query):
    findings.api_requests += 1
    savepoint = transaction.savepoint()
    before = row_counts() if method != "get" else None
    try:
        if method == "get":
            response = client.get(path, query)
        else:
            response = getattr(client, method)(path, body, content_type="application/json")
    except Exception as exc:
        transaction.savepoint_rollback(savepoint)
        findings.server_errors.append(f"{where}: {type(exc).__name__}\n      {_summary(exc)}")
        return None
    if response.status_code >= 500:
        findings.server_errors.append(f"{where}: answered {response.status_code}")
    elif before is not None and response.status_code >= 400:
        changed = {k: (v, before.get(k)) for k, v in row_counts().items() if v != before.get(k)}
        if changed:
            findings.half_saved.append(f"{where}: refused ({response.status_code}) but rows changed {changed}")
    transaction.savepoint_rollback(savepoint)
    return response


def _api_path(findings: Findings, client, who: str, path: str, queries: dict) -> None:
    for label, payload in queries.items():
        params = dict.fromkeys(("search", "q", "page", "page_size", "ordering", "province", "language"), payload)
        _api_call(findings, client, f"GET {who} with {label} query values", "get", path, **params)
    options = _api_call(findings, client, f"OPTIONS {who}", "options", path)
    allowed = {m.strip().lower() for m in (options.get("Allow", "") if options is not None else "").split(",")}
    try:
        actions = options.json().get("actions", {}) if options is not None and options.status_code == 200 else {}
    except ValueError:
        actions = {}
    for method in ("post", "put", "patch", "delete") if allowed else ():
        if method not in allowed:
            continue
        fields = actions.get(method.upper(), actions.get("POST", actions.get("PUT", {})))
        bodies = {**API_BODIES, **_api_field_bodies({k: v for k, v in fields.items() if not v.get("read_only")})}
        for label, body in bodies.items():
            _api_call(findings, client, f"{method.upper()} {who} with {label}", method, path, body)


def run_sweep() -> Findings:
    """Everything above, in one transaction rolled back at the end."""
    findings = Findings()
    with transaction.atomic():
        found, pages = discover_forms()
        findings.forms = [form for _persona, form in found]
        for persona, form in found:
            submit_form(findings, persona, form)
        look_for_stored_script(findings, pages)
        sweep_api(findings)
        transaction.set_rollback(True)
    return findings


__all__ = ["run_sweep", "Findings", "XSS_PAYLOAD"]


# ----- bad bytes in the address: every URL pattern --------------------------------------------------------------

# Query names the portal's pages and API read (filters, search, paging, language, organization).
QUERY_NAMES = ("q", "search", "page", "language", "organization", "course", "province", "status", "year")


def _with_segment(path: str, extra: str) -> str:
    """The path with `extra` added to its last segment (before the trailing slash, if any)."""
    return path[:-1] + extra + "/" if path.endswith("/") else path + extra


def address_variants(path: str) -> list[tuple[str, str, bool]]:
    """(label, address, must be exactly 400) for one concrete path: NUL bytes must be refused as such; invalid
    or overlong UTF-8 and very long values need only not be a server error."""
    every = "&".join(f"{name}=a%00" for name in QUERY_NAMES)
    return [
        ("NUL in the path", _with_segment(path, "%00"), True),
        ("NUL in the query values", f"{path}?{every}", True),
        ("NUL in a query name", f"{path}?a%00b=1", True),
        ("invalid UTF-8 in the path", _with_segment(path, "%FF%FE"), False),
        ("overlong UTF-8 in the path", _with_segment(path, "%C0%AE%C0%AE"), False),
        ("invalid UTF-8 in the query", f"{path}?" + "&".join(f"{n}=%FF%C0%AE" for n in QUERY_NAMES), False),
        ("a 4,000-character segment", _with_segment(path, "A" * 4000), False),
        ("a 100,000-character query value", f"{path}?q={'x' * 100_000}&search={'x' * 100_000}", False),
    ]


def _bad_address_problem(response, is_api: bool, must_be_400: bool) -> str:
    if response.status_code >= 500:
        return f"answered {response.status_code}"
    if must_be_400 and response.status_code != 400:
        return f"answered {response.status_code}, not 400"
    if must_be_400 and is_api and response.get("Content-Type") != "application/json":
        return f"an API 400 as {response.get('Content-Type')!r}, not JSON"
    return ""


def sweep_bad_addresses(personas=("anonymous", "admin")) -> tuple[list[str], int]:
    """Every concrete path of every URL pattern (admin and API included), for each persona, with each variant of
    address_variants(). Returns the problems found and the number of requests sent."""
    problems, sent = [], 0
    with transaction.atomic():
        for persona in personas:
            client = _client(persona)
            client.raise_request_exception = False
            for route in routes():
                for path in all_paths(route):
                    for label, address, must_be_400 in address_variants(path):
                        sent += 1
                        problem = _bad_address_problem(client.get(address), route.is_api, must_be_400)
                        if problem:
                            problems.append(f"GET {path} [{persona}] with {label}: {problem}")
        transaction.set_rollback(True)
    return problems, sent
