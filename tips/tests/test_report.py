"""The public report form: no cookie, no cache, its own cross-site protection, limits that show hotlines."""

import time

import pytest
from django.core import signing
from django.core.cache import cache

from tips import protection
from tips.models import Tip
from tips.protection import TOKEN_SALT
from tips.services import receipt_hash

from .factories import REPORT_URL, form_token, opened_with_escrow, receipt_code, report_post, tip_data

pytestmark = pytest.mark.django_db


def assert_private(response):
    assert not response.cookies, f"cookies set: {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]


def test_form_page_sets_no_cookie_is_not_cached_and_says_call_911(client, hotlines):
    response = client.get(REPORT_URL)
    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert "In immediate danger? Call 911" in html and "Do this before anything else, including this form." in html
    assert "Your privacy, in plain words" in html and "1-833-900-1010" in html
    assert 'name="what_happened"' in html and html.count('autocomplete="off"') >= 9
    assert 'name="website"' in html  # the honeypot, hidden from people


def test_french_form_and_privacy_notice(client, hotlines):
    response = client.get("/fr/tips/report/")
    html = response.content.decode()
    assert "Composez le 911" in html
    assert "Votre vie privée, en termes simples" in html
    assert_private(response)


def test_valid_tip_is_saved_and_the_receipt_is_shown_once(client, hotlines, escrow_keys):
    response = report_post(client, what_happened="Workers locked in at night.")
    assert response.status_code == 200
    assert_private(response)
    code = receipt_code(response)
    assert len(code.replace("-", "")) == 20
    tip = Tip.objects.get()
    assert opened_with_escrow(tip, escrow_keys).what_happened == "Workers locked in at night."
    assert b"Workers locked" not in bytes(tip.content) and not tip.what_happened  # sealed, no Fernet copy
    assert tip.receipt_hash == receipt_hash(code) and code not in tip.receipt_hash
    assert "I have saved this code" in response.content.decode()


def test_danger_yes_is_answered_with_call_911_first(client, hotlines):
    response = report_post(client, danger_now=True)
    html = response.content.decode()
    assert 'role="alert"' in html and "Do this before anything else" in html
    assert html.index("Do this before anything else") < html.index("receipt-code")
    # Also when the form comes back with an error.
    response = report_post(client, danger_now=True, what_happened="")
    assert response.status_code == 400
    assert '<div class="alert alert-danger danger-first" role="alert">' in response.content.decode()


def test_missing_answers_are_explained_and_nothing_is_saved(client, hotlines):
    response = report_post(client, what_happened="", province="", kind="")
    assert response.status_code == 400
    assert_private(response)
    assert response.content.decode().count("This field is required.") == 3
    assert not Tip.objects.exists()


def test_unknown_province_is_refused(client, hotlines):
    response = report_post(client, province="XX")
    assert response.status_code == 400
    assert not Tip.objects.exists()


@pytest.mark.parametrize("token", ["", "forged", signing.dumps({"p": "followup", "t": 0}, salt=TOKEN_SALT)])
def test_a_missing_forged_or_foreign_token_is_refused(client, hotlines, token):
    data = {**tip_data(), "danger_now": "no", "form_token": token}
    response = client.post(REPORT_URL, data)
    assert response.status_code == 400
    assert "This form could not be checked" in response.content.decode()
    assert not Tip.objects.exists()
    assert_private(response)


def test_too_fast_is_refused_then_accepted_after_the_minimum_fill_time(client, hotlines, settings):
    settings.TIPS_MIN_FILL_SECONDS = 60
    response = report_post(client)
    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    old = signing.dumps({"p": "report", "t": time.time() - 61}, salt=TOKEN_SALT)
    response = client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": old})
    assert response.status_code == 200
    assert Tip.objects.count() == 1


def test_an_expired_token_is_refused(client, hotlines, settings):
    token = form_token(client.get(REPORT_URL))
    settings.TIPS_FORM_TOKEN_MAX_AGE = -1
    response = client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": token})
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_REFERER": "https://evil.example/page"},
    ],
)
def test_cross_site_posts_are_refused(client, hotlines, headers):
    token = form_token(client.get(REPORT_URL))
    response = client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": token}, **headers)
    assert response.status_code == 403
    assert "1-833-900-1010" in response.content.decode()
    assert not Tip.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": "http://testserver"}, {"HTTP_ORIGIN": "null"}, {"HTTP_SEC_FETCH_SITE": "same-origin"}],
)
def test_same_site_posts_are_accepted(client, hotlines, headers):
    token = form_token(client.get(REPORT_URL))
    response = client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": token}, **headers)
    assert response.status_code == 200
    assert Tip.objects.count() == 1


def test_honeypot_shows_hotlines_and_saves_nothing(client, hotlines):
    token = form_token(client.get(REPORT_URL))
    response = client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": token, "website": "x"})
    assert response.status_code == 400
    assert "1-844-333-2211" in response.content.decode()
    assert not Tip.objects.exists()


def test_rate_limit_per_address_shows_hotlines(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 2
    for _ in range(2):
        assert report_post(client, REMOTE_ADDR="203.0.113.7").status_code == 200
    response = report_post(client, province="MB")  # the hotlines that serve Manitoba
    assert response.status_code == 429
    html = response.content.decode()
    assert "1-833-900-1010" in html and "1-844-333-2211" in html
    assert Tip.objects.count() == 2


def test_rate_limit_counts_per_address_and_globally(client, hotlines, settings):
    settings.TIPS_RATE_PER_ADDRESS = 1
    settings.TIPS_RATE_GLOBAL = 3

    def send(address):
        data = {**tip_data(), "danger_now": "no", "form_token": form_token(client.get(REPORT_URL))}
        return client.post(REPORT_URL, data, REMOTE_ADDR=address).status_code

    assert [send(f"203.0.113.{n}") for n in range(5)] == [200, 200, 200, 429, 429]
    assert send("203.0.113.1") == 429


def cache_entries() -> list[tuple[str, bytes, float]]:
    """(key, raw value, seconds left) of everything in the cache: local memory, or the real Redis in CI."""
    from django.core.cache import cache  # noqa: PLC0415 -- used by this test only

    if hasattr(cache, "_expire_info"):
        return [(key, value, cache._expire_info[key] - time.time()) for key, value in cache._cache.items()]
    client = cache._cache.get_client()
    return [(key.decode(), client.get(key) or b"", client.ttl(key)) for key in client.scan_iter()]


def test_rate_limit_keeps_only_a_keyed_hash_for_at_most_an_hour(client, hotlines, settings):
    settings.TIPS_RATE_WINDOW_SECONDS = 86400  # asked for a day: still capped at an hour
    token = form_token(client.get(REPORT_URL))
    client.post(REPORT_URL, {**tip_data(), "danger_now": "no", "form_token": token}, REMOTE_ADDR="198.51.100.23")
    entries = cache_entries()
    assert any("tips:rate:submit:" in key for key, _value, _ttl in entries)
    assert not any("198.51.100.23" in key or b"198.51.100.23" in value for key, value, _ttl in entries)
    assert all(0 < ttl <= 3600 for key, _value, ttl in entries if "tips:rate" in key)


def test_a_cache_that_is_down_does_not_block_a_tip(client, hotlines, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert report_post(client).status_code == 200
    assert Tip.objects.count() == 1


def test_tip_pages_do_not_touch_the_session(client, hotlines):
    report_post(client)
    assert not client.cookies


def test_a_reload_or_double_click_does_not_file_the_tip_twice(client, hotlines):
    token = form_token(client.get(REPORT_URL))
    data = {**tip_data(), "danger_now": "no", "form_token": token}
    assert client.post(REPORT_URL, data).status_code == 200
    cache.delete(protection._sent_receipt_key(token))  # the receipt is kept for ten minutes only
    again = client.post(REPORT_URL, data)
    assert again.status_code == 409
    assert "This tip was already sent" in again.content.decode()
    assert_private(again)
    assert Tip.objects.count() == 1
