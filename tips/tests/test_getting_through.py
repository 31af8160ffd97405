"""Getting through (issue 14): the client's address from the trusted proxy chain only, limits that one address
cannot turn into a refusal for everyone, single-use form tokens, and refusals that keep what the person typed."""

import html
import re
import time

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import RequestFactory

from taskforce import roles
from taskforce.models import Notification
from taskforce.net import client_ip
from tips.models import Tip
from tips.protection import TOKEN_SALT

from .factories import FOLLOW_UP_URL, REPORT_URL, follow_up, form_token, receipt_code, report_post, tip_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
TYPED = "The van with the blue door comes every night at two."


def assert_private(response):
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]


def send(client, *, address: str | None = None, forwarded: str | None = None, token: str | None = None, **data):
    """Open the form and send it from `address` (the TCP peer), with an optional X-Forwarded-For."""
    extra = {}
    if address:
        extra["REMOTE_ADDR"] = address
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    fields = {**tip_data(), "danger_now": "no", **data}
    fields["form_token"] = token or form_token(client.get(REPORT_URL, **extra))
    return client.post(REPORT_URL, fields, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.TRUSTED_PROXY_HOPS = 1


# ----- the client's address ----------------------------------------------------------------------------------


def _ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_behind_the_trusted_proxy_the_address_it_appended_is_the_client(behind_proxy):
    assert _ip(PROXY, "198.51.100.1") == "198.51.100.1"
    # A client that sends its own X-Forwarded-For: nginx appends the real peer at the right; the left is ignored.
    assert _ip(PROXY, "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    assert _ip(PROXY, "garbage, 198.51.100.1") == "198.51.100.1"


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    assert _ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"


def test_two_trusted_hops(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.10"]
    settings.TRUSTED_PROXY_HOPS = 2
    # client -> load balancer 192.0.2.10 (appends the client) -> nginx 10.0.0.5 (appends the balancer)
    assert _ip(PROXY, "6.6.6.6, 198.51.100.1, 192.0.2.10") == "198.51.100.1"
    # The proxy the header claims to have passed is not one of ours: fall back to the last trusted hop's peer.
    assert _ip(PROXY, "6.6.6.6, 198.51.100.1, 203.0.113.50") == "203.0.113.50"


def test_a_trusted_proxy_that_sends_no_header_is_its_own_client(behind_proxy):
    assert _ip(PROXY) == PROXY


def test_behind_the_proxy_each_reporter_has_their_own_limit(client, hotlines, behind_proxy, settings):
    settings.TIPS_RATE_PER_ADDRESS = 1
    statuses = [send(client, address=PROXY, forwarded=f"198.51.100.{n}").status_code for n in range(6)]
    assert statuses == [200] * 6
    assert Tip.objects.count() == 6


def test_a_spoofed_forwarded_entry_does_not_escape_the_limit(client, hotlines, behind_proxy, settings):
    settings.TIPS_RATE_PER_ADDRESS = 1
    assert send(client, address=PROXY, forwarded="1.1.1.1, 198.51.100.7").status_code == 200
    response = send(client, address=PROXY, forwarded="2.2.2.2, 198.51.100.7")
    assert response.status_code == 429
    assert Tip.objects.count() == 1


def test_wrong_receipt_codes_from_one_reporter_do_not_lock_out_another(client, hotlines, behind_proxy, settings):
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 3
    code = receipt_code(send(client, address=PROXY, forwarded="198.51.100.20"))
    for _ in range(5):
        token = form_token(client.get(FOLLOW_UP_URL))
        client.post(
            FOLLOW_UP_URL, {"code": "AAAA-BBBB", "form_token": token}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6"
        )
    token = form_token(client.get(FOLLOW_UP_URL))
    response = client.post(
        FOLLOW_UP_URL, {"code": code, "form_token": token}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert response.status_code == 200
    assert 'id="tip-status"' in response.content.decode()


# ----- one address cannot switch the form off for everyone ----------------------------------------------------


@pytest.fixture
def coordinators(make_user, org_a):
    return [make_user(roles.COORDINATOR, orgs=[org_a], full_name=f"Coordinator {n}") for n in range(2)]


def test_refused_attempts_do_not_count_towards_the_global_level(client, hotlines, settings):
    settings.TIPS_RATE_GLOBAL = 2
    settings.TIPS_RATE_PER_ADDRESS = 1
    for _ in range(20):  # one address, refused again and again
        send(client, address="203.0.113.66")
    assert Tip.objects.count() == 1
    assert send(client, address="198.51.100.1").status_code == 200
    assert Tip.objects.count() == 2


def test_the_global_level_slows_down_and_alerts_but_never_refuses(client, hotlines, settings, coordinators):
    settings.TIPS_RATE_GLOBAL = 2
    settings.TIPS_BUSY_MIN_FILL_SECONDS = 30
    for n in range(2):
        assert send(client, address=f"198.51.100.{n}").status_code == 200
    # Everyone together reached the level: a new reporter is asked to wait a moment, keeps what they typed...
    response = send(client, address="198.51.100.50", what_happened=TYPED)
    assert response.status_code == 429
    page = response.content.decode()
    assert TYPED in page and "1-833-900-1010" in page
    assert "many reports" in page
    assert_private(response)
    assert Tip.objects.count() == 2
    # ... and gets through once the form has been open long enough.
    old = signing.dumps({"p": "report", "t": time.time() - 31}, salt=TOKEN_SALT)
    assert send(client, address="198.51.100.50", token=old).status_code == 200
    assert Tip.objects.count() == 3
    older = signing.dumps({"p": "report", "t": time.time() - 40}, salt=TOKEN_SALT)
    assert send(client, address="198.51.100.51", token=older).status_code == 200
    # The coordinators were told once in this window, with no tip content.
    alerts = Notification.objects.filter(template="tips_busy")
    assert sorted(a.recipient for a in alerts) == sorted(c.email for c in coordinators)
    for alert in alerts:
        assert "passports" not in alert.body_text and TYPED not in alert.body_text
        assert "198.51.100" not in alert.body_text


def test_form_tokens_are_single_use_whatever_the_answer(client, hotlines, settings):
    token = form_token(client.get(REPORT_URL))
    refused = send(client, token=token, province="")  # an answer is missing: refused
    assert refused.status_code == 400
    assert form_token(refused) != token  # the page that comes back carries a fresh token
    replays = [send(client, token=token).status_code for _ in range(200)]
    assert set(replays) == {409}
    assert not Tip.objects.exists()


def test_a_token_refused_by_the_rate_limit_is_spent(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 0
    token = form_token(client.get(REPORT_URL))
    assert send(client, token=token).status_code == 429
    settings.TIPS_RATE_PER_ADDRESS = 5
    assert send(client, token=token).status_code == 409
    assert not Tip.objects.exists()


# ----- a refusal keeps what the person typed -------------------------------------------------------------------


def typed_back(response) -> bool:
    page = response.content.decode()
    match = re.search(r'<textarea name="what_happened"[^>]*>(.*?)</textarea>', page, re.S)
    return bool(match) and TYPED in html.unescape(match.group(1))


def test_the_rate_limit_gives_the_form_back_filled_with_the_reason_and_hotlines(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 0
    response = send(client, what_happened=TYPED, province="MB", city="Brandon")
    assert response.status_code == 429
    assert typed_back(response)
    page = response.content.decode()
    assert 'value="Brandon"' in page
    assert "1-833-900-1010" in page and "1-844-333-2211" in page
    assert "too many reports from your connection" in page
    assert_private(response)


def test_a_token_problem_gives_the_form_back_filled(client, hotlines, settings):
    response = send(client, token="forged", what_happened=TYPED)
    assert response.status_code == 400 and typed_back(response)
    assert "1-833-900-1010" in response.content.decode()


def test_when_no_hotline_can_take_it_the_form_comes_back_filled(client, hotline_orgs):
    response = send(client, what_happened=TYPED)  # no hotline or routing rule loaded: the service refuses
    assert response.status_code == 503
    assert typed_back(response)
    assert "1-833-900-1010" in response.content.decode()
    assert_private(response)


@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_down_gives_the_form_back_filled(client, hotlines):
    if connection.vendor != "postgresql":
        pytest.skip("points the connection at a closed port, which needs PostgreSQL (set DATABASE_URL)")
    token = form_token(client.get(REPORT_URL))
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = 1  # nothing listens there: every query fails as with a database that is down
    try:
        response = send(client, token=token, what_happened=TYPED)
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert response.status_code == 503
    assert typed_back(response)
    assert "1-833-900-1010" in response.content.decode()
    assert_private(response)
    assert not mail.outbox


# ----- the receipt's Continue -----------------------------------------------------------------------------------


def test_continue_right_after_the_receipt_never_says_the_tip_failed(client, hotlines, settings):
    receipt = report_post(client)
    settings.TIPS_MIN_FILL_SECONDS = 3  # the receipt page was just drawn
    response = client.post(
        "/en/tips/report/saved/", {"code": receipt_code(receipt), "form_token": form_token(receipt), "saved": "on"}
    )
    page = response.content.decode()
    assert "could not take your tip" not in page
    assert response.status_code == 200
    assert "You are all set" in page
    assert Tip.objects.count() == 1


def test_continue_with_a_forged_code_is_still_refused(client, hotlines):
    receipt = report_post(client)
    response = client.post(
        "/en/tips/report/saved/", {"code": "AAAA-BBBB", "form_token": form_token(receipt), "saved": "on"}
    )
    assert response.status_code == 400
    assert "You are all set" not in response.content.decode()


def test_follow_up_page_works_for_a_right_code(client, hotlines):
    code = receipt_code(report_post(client))
    assert follow_up(client, code).status_code == 200
