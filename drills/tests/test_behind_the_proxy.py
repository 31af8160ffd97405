"""The production profile behind a real reverse proxy (issue 14's proof).

The drill starts Debian's nginx with deploy/nginx/portal.conf (its ports and paths rewritten for the drill),
gunicorn with deploy/gunicorn.conf.py in the production settings on the test's PostgreSQL database and a private
Redis, and a real Celery worker in the same profile. People are real TCP clients bound to distinct loopback
addresses (127.0.0.2 ...), talking to nginx only; each solves the page's proof-of-work with the server-side
library's own solver, as the browser widget would. Then:

- 30 reporters from 30 addresses send tips at once: every one gets a receipt, every tip is delivered;
- one address floods the form (spoofing X-Forwarded-For each time): it is slowed down, the others get through;
- one address types wrong receipt codes until it is locked: another reporter still opens their tip;
- neither nginx's logs nor gunicorn's and the worker's hold a client address or a tip page's query string.
"""

from __future__ import annotations

import html
import json
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

import altcha
import pytest
from django.conf import settings

from taskforce.testing.plugin import wait_until

from .helpers import CODE_RE, REPORT_URL, TOKEN_RE, tip_form

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
REPORTERS = [f"127.0.0.{n}" for n in range(2, 32)]  # 30 distinct client addresses
FLOODER, LATECOMER, GUESSER = "127.0.0.40", "127.0.0.41", "127.0.0.50"
MARKER = "drill-query-marker"
CHALLENGE_RE = re.compile(r'<altcha-widget[^>]* challenge="([^"]+)"')


class Person:
    """One person at one address, with a browser that speaks to nginx only."""

    def __init__(self, address: str, port: int):
        self.address, self.port = address, port

    def request(self, method: str, path: str, *, data: dict | None = None, headers: dict | None = None):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.address, 0))
        body = urllib.parse.urlencode(data) if data is not None else None
        heads = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
        try:
            conn.request(method, path, body=body, headers={**heads, **(headers or {})})
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()

    def open_form(self, path: str) -> dict:
        status, page = self.request("GET", f"{path}?from={MARKER}")
        assert status == 200, page[:300]
        return {"form_token": TOKEN_RE.search(page).group(1), "challenge": CHALLENGE_RE.search(page).group(1)}


def solve(challenge_attr: str) -> str:
    challenge = altcha.Challenge.from_dict(json.loads(html.unescape(challenge_attr)))
    solution = altcha.solve_challenge(challenge, timeout=120)
    assert solution is not None
    return altcha.Payload(challenge, solution).to_base64()


def test_behind_nginx_everyone_gets_through_and_nobody_is_logged(stack):
    from tips.models import Delivery, Tip  # noqa: PLC0415 -- used by this test only

    report, follow_up = REPORT_URL, "/en/tips/follow-up/"
    people = {address: Person(address, stack.proxy_port) for address in [*REPORTERS, FLOODER, LATECOMER, GUESSER]}

    # Everyone opens the form; each browser solves its challenge. The flooder opens twelve, solves none.
    with ThreadPoolExecutor(max_workers=8) as pool:
        forms = dict(
            zip(REPORTERS + [LATECOMER], pool.map(lambda a: people[a].open_form(report), REPORTERS + [LATECOMER]))
        )
        solved = dict(zip(forms, pool.map(lambda f: solve(f["challenge"]), forms.values())))
    flood_forms = [people[FLOODER].open_form(report) for _ in range(12)]
    guess_forms = [people[GUESSER].open_form(follow_up) for _ in range(12)]
    lookup_form = people[REPORTERS[0]].open_form(follow_up)
    time.sleep(3.5)  # the form's minimum fill time (a bound on waiting, not a measurement)

    # 30 reporters send at once.
    def send(address):
        data = {
            **tip_form(REPORTERS.index(address)),
            "form_token": forms[address]["form_token"],
            "altcha": solved[address],
        }
        return people[address].request("POST", report, data=data)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(send, REPORTERS))
    burst_seconds = time.monotonic() - started
    codes = {}
    for address, (status, page) in zip(REPORTERS, answers):
        assert status == 200, (address, status, page[:400])
        codes[address] = CODE_RE.search(page).group(1)
    assert len(set(codes.values())) == 30

    # One address floods, writing a new X-Forwarded-For each time: slowed (refused with its form kept), not served.
    flood = [
        people[FLOODER].request(
            "POST",
            report,
            data={**tip_form(100 + n), "form_token": form["form_token"]},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )
        for n, form in enumerate(flood_forms)
    ]
    statuses = [status for status, _page in flood]
    assert statuses.count(200) == 5 and statuses.count(429) == 7, statuses
    assert "Drill tip 111" in flood[-1][1]  # what the flooder typed comes back
    # ... and the others are not blocked by it.
    status, page = send_latecomer = people[LATECOMER].request(
        "POST",
        report,
        data={**tip_form(200), "form_token": forms[LATECOMER]["form_token"], "altcha": solved[LATECOMER]},
    )
    assert status == 200 and CODE_RE.search(page), send_latecomer[1][:400]

    # Wrong receipt codes from one address lock that address only.
    guesses = [
        people[GUESSER].request("POST", follow_up, data={"code": "AAAA-BBBB-CCCC", "form_token": f["form_token"]})[0]
        for f in guess_forms
    ]
    assert guesses[:10] == [400] * 10 and guesses[10:] == [429, 429], guesses
    reporter, form = people[REPORTERS[0]], lookup_form
    status, page = reporter.request(
        "POST",
        follow_up,
        data={"code": codes[REPORTERS[0]], "form_token": form["form_token"], "altcha": solve(form["challenge"])},
    )
    assert status == 200 and 'id="tip-status"' in page

    # Every tip reached its hotline through the real worker.
    assert Tip.objects.count() == 30 + 5 + 1
    wait_until(
        lambda: not Delivery.objects.exclude(state=Delivery.State.DELIVERED).exists(),
        timeout=120,
        interval=0.5,
        message="every delivery made by the worker",
    )

    # Mailed links carry their secret in the path: someone opens each kind of link.
    secret_links = [
        "/en/accounts/password/reset/MQ/SECRETTOKEN1-abc/",
        "/fr/accounts/otp/enrol/link/7/SECRETTOKEN2/",
        "/en/registry/subscribe/confirm/SECRETTOKEN3/",
        "/en/registry/unsubscribe/SECRETTOKEN4/",
        "/en/training/certificates/SECRETTOKEN5/",
    ]
    for path in secret_links:
        people[LATECOMER].request("GET", path)

    # The logs: written, and without any client's address, a tip page's query string or a link's secret.
    logs = stack.logs()
    for name in ("nginx-portal-access.log", "gunicorn.log"):
        assert "/en/accounts/password/reset/MQ/[secret]/" in logs[name], name
    assert "/en/tips/report/" in logs["nginx-portal-access.log"] and "/en/tips/report/" in logs["gunicorn.log"]
    client = re.compile(r"127\.0\.0\.(?:[2-9]|[1-9]\d)\b|198\.51\.100\.")
    for name, text in logs.items():
        assert not client.search(text), f"{name} names a client: {client.search(text).group(0)}"
        assert MARKER not in text, f"{name} holds a tip page's query string"
        assert "SECRETTOKEN" not in text, f"{name} holds the secret of a mailed link"
    print(f"\n30 tips through nginx in {burst_seconds:.1f} s; flood statuses {statuses}")  # noqa: T201 - a figure
