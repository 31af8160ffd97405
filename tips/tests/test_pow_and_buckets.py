"""The self-hosted proof-of-work (ALTCHA) on the tip form and the receipt-code look-up, and rate-limit buckets that
neither the cache nor the server's keys can turn back into an address."""

import base64
import html
import json
import re

import altcha
import pytest

from tips import ratekey
from tips.crypto import keyed_hash
from tips.models import Tip
from tips.protection import bucket_for, window

from .factories import FOLLOW_UP_URL, REPORT_URL, form_token, receipt_code, tip_data
from .test_report import cache_entries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _light_work(settings):
    """A challenge the test solves in a few milliseconds with the server-side library's own solver."""
    settings.TIPS_POW_COST = 10
    settings.TIPS_POW_KEY_PREFIX = "0"


def challenge_of(response) -> dict:
    match = re.search(r'<altcha-widget[^>]* challenge="([^"]+)"', response.content.decode())
    assert match, "the page carries no proof-of-work challenge"
    return json.loads(html.unescape(match.group(1)))


def solved(response) -> str:
    """What the browser's widget sends: the challenge and a solution, found by altcha's own solver."""
    challenge = altcha.Challenge.from_dict(challenge_of(response))
    solution = altcha.solve_challenge(challenge, timeout=30)
    assert solution is not None
    return altcha.Payload(challenge, solution).to_base64()


def send(client, *, pow_payload: str | None = None, reuse_from=None, address="203.0.113.40", **data):
    page = client.get(REPORT_URL)
    fields = {**tip_data(), "danger_now": "no", "form_token": form_token(page), **data}
    if pow_payload == "solve":
        fields["altcha"] = solved(page)
    elif pow_payload:
        fields["altcha"] = pow_payload
    return client.post(REPORT_URL, fields, REMOTE_ADDR=address)


def test_the_form_carries_a_challenge_and_the_widget_from_our_own_static_files(client, hotlines):
    response = client.get(REPORT_URL)
    page = response.content.decode()
    challenge = challenge_of(response)
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256" and challenge["signature"]
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any(src.startswith("/static/altcha/external/altcha") for src in scripts)
    assert all(src.startswith("/") for src in scripts), scripts  # nothing from another host
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "blob:" not in csp
    assert "<noscript>" in page  # without JavaScript the form still works (under a stricter limit)


def test_the_widget_files_are_served_from_our_static_files(client):
    from django.contrib.staticfiles import finders  # noqa: PLC0415 -- used by this test only

    for path in ("altcha/external/altcha.min.js", "altcha/external/altcha.css", "altcha/workers/pbkdf2.js"):
        assert finders.find(path), f"{path} is missing: run `npm ci`"


def test_a_solved_challenge_earns_the_generous_limit(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 1
    settings.TIPS_RATE_PER_ADDRESS_SOLVED = 3
    assert send(client).status_code == 200  # no JavaScript: the strict limit
    assert send(client).status_code == 429
    assert send(client, pow_payload="solve").status_code == 200  # the widget solved its challenge
    assert send(client, pow_payload="solve").status_code == 429  # the generous limit has its end too
    assert Tip.objects.count() == 2


def test_each_challenge_counts_once(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 0
    payload = solved(client.get(REPORT_URL))
    assert send(client, pow_payload=payload).status_code == 200
    assert send(client, pow_payload=payload).status_code == 429  # replayed: counts as unsolved
    assert Tip.objects.count() == 1


@pytest.mark.parametrize("forged", ["", "not base64!", base64.b64encode(b'{"challenge": {}}').decode()])
def test_a_forged_or_foreign_solution_counts_as_unsolved(client, hotlines, settings, forged):
    settings.TIPS_RATE_PER_ADDRESS = 0
    assert send(client, pow_payload=forged or None).status_code == 429
    # A challenge solved for the receipt-code look-up is not one for the report form.
    assert send(client, pow_payload=solved(client.get(FOLLOW_UP_URL))).status_code == 429
    assert not Tip.objects.exists()


def test_a_tampered_challenge_counts_as_unsolved(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 0
    data = json.loads(base64.b64decode(solved(client.get(REPORT_URL))))
    data["challenge"]["parameters"]["keyPrefix"] = ""  # "no work needed"
    assert send(client, pow_payload=base64.b64encode(json.dumps(data).encode()).decode()).status_code == 429


def test_the_code_look_up_allows_more_wrong_codes_with_solved_challenges(client, hotlines, settings):
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 2
    settings.TIPS_FOLLOWUP_FAILURES_SOLVED = 4
    code = receipt_code(send(client, address="198.51.100.9"))

    def look_up(value, *, with_pow):
        page = client.get(FOLLOW_UP_URL)
        data = {"code": value, "form_token": form_token(page)}
        if with_pow:
            data["altcha"] = solved(page)
        return client.post(FOLLOW_UP_URL, data, REMOTE_ADDR="203.0.113.41").status_code

    assert [look_up("WRONG", with_pow=False) for _ in range(2)] == [400, 400]
    assert look_up(code, with_pow=False) == 429  # without the work: locked after two
    assert [look_up("WRONG", with_pow=True) for _ in range(2)] == [400, 400]
    assert look_up(code, with_pow=True) == 429  # with it: after four
    assert look_up(code, with_pow=False) == 429


# ----- buckets ---------------------------------------------------------------------------------------------------


def test_a_bucket_cannot_be_recomputed_from_the_cache_and_hash_key(client, hotlines):
    send(client, address="198.51.100.23")
    keys = [key for key, _value, _ttl in cache_entries() if "tips:rate:submit:" in key]
    assert keys
    # What someone holding Redis and HASH_KEY would compute for each candidate address: never a bucket.
    assert not any(keyed_hash("198.51.100.23", purpose="rate") in key for key in keys)
    assert not any(keyed_hash(f"rate:198.51.100.23:{window()}", purpose="rate") in key for key in keys)


def test_buckets_change_every_window_and_with_each_process_secret():
    address = "198.51.100.23"
    now = window()
    assert bucket_for(address, window=now) == bucket_for(address, window=now)
    assert bucket_for(address, window=now) != bucket_for(address, window=now + 1)
    before = bucket_for(address, window=now)
    ratekey.seed()
    assert bucket_for(address, window=now) != before
