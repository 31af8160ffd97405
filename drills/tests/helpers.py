"""Sending tips through the real public form, as people do: open the form (it carries a signed, time-stamped
token), take the time the form asks for at least, then send it."""

from __future__ import annotations

import re
import time

from tips import conf

REPORT_URL = "/en/tips/report/"
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
CODE_RE = re.compile(r'id="receipt-code">([A-Z0-9-]+)<')


def tip_form(n: int) -> dict:
    return {
        "what_happened": f"Drill tip {n}: workers at a farm cannot leave and their passports were taken.",
        "province": "AB",
        "city": "Brooks",
        "place": "A farm east of town",
        "when": "Last week",
        "kind": "labour",
        "danger_now": "no",
        "people_description": "",
        "contact_preference": "",
    }


def open_forms(client, count: int) -> list[str]:
    """Open the form `count` times; returns the tokens once the oldest is old enough and all are."""
    tokens = []
    for _ in range(count):
        response = client.get(REPORT_URL)
        assert response.status_code == 200
        tokens.append(TOKEN_RE.search(response.content.decode()).group(1))
    time.sleep(conf.min_fill_seconds() + 0.2)
    return tokens


def send_forms(client, tokens: list[str], *, first: int = 0) -> list[str]:
    """Send one tip per token; every one must be accepted. Returns the receipt codes shown."""
    codes = []
    for n, token in enumerate(tokens, start=first):
        response = client.post(REPORT_URL, {**tip_form(n), "form_token": token})
        html = response.content.decode()
        assert response.status_code == 200, f"tip {n} answered {response.status_code}"
        match = CODE_RE.search(html)
        assert match, f"tip {n}: no receipt code on the page"
        codes.append(match.group(1))
    return codes


def submit_tips(client, count: int) -> list[str]:
    return send_forms(client, open_forms(client, count))
