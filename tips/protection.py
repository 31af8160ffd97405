"""How the public tip pages protect themselves without cookies or stored addresses.

- A signed, time-stamped form token in a hidden field replaces the CSRF cookie; its age also gives the
  minimum fill time.
- Requests from another site are refused when the browser says so (Origin, Sec-Fetch-Site, Referer).
- The form token is single-use whatever the answer: a refused attempt spends it too.
- Rate limits count per bucket in the cache, for at most an hour. A bucket is an HMAC of the client's address
  (taskforce.net.client_ip: the trusted proxy chain, never a header the client wrote) keyed with a secret that
  changes every window and lives only in the memory of the running processes (tips/ratekey.py): neither Redis
  nor HASH_KEY can turn a bucket back into an address. The address itself is never written anywhere.
- Only accepted tips count towards the global level; reaching it tells the coordinators (once per window) and
  slows the form down (a solved proof-of-work, or a longer wait), it never refuses everyone.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from functools import wraps
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core import signing
from django.core.cache import cache
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from taskforce.language import safety_page
from taskforce.net import client_ip

from . import conf, ratekey
from .crypto import keyed_hash

log = logging.getLogger(__name__)
TOKEN_SALT = "tips.form-token"


class FormTokenError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "too-fast"


def form_token_new(purpose: str) -> str:
    # The nonce makes the token unguessable even to someone holding the signing key: it is the key to the
    # receipt kept for a double click (form_token_sent).
    payload = {"p": purpose, "t": time.time(), "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def form_token_check(token: str, purpose: str, *, min_fill: int | None = None) -> None:
    """Raise FormTokenError unless the token was made here, for this form, long enough ago and not too long.
    `min_fill` seconds (default: the 3-second anti-bot wait) is 0 for a button a person may rightly press at once."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=conf.form_token_max_age())
    except signing.SignatureExpired as exc:
        raise FormTokenError("expired") from exc
    except signing.BadSignature as exc:
        raise FormTokenError("invalid") from exc
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise FormTokenError("invalid")
    wait = conf.min_fill_seconds() if min_fill is None else min_fill
    if time.time() - float(payload.get("t", 0)) < wait:
        raise FormTokenError("too-fast")


def _host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def is_cross_site(request) -> bool:
    """True when the browser tells us the request comes from another site."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "").lower()
    if fetch_site and fetch_site not in ("same-origin", "none"):  # set by the browser itself; a page cannot forge it
        return True
    host = request.get_host().lower()
    origin = request.META.get("HTTP_ORIGIN", "")
    # "null" is what browsers send for same-site posts under our no-referrer policy; the form token covers it.
    if origin and origin != "null" and _host_of(origin) != host:
        return True
    referer = request.META.get("HTTP_REFERER", "")
    return bool(referer) and _host_of(referer) != host


def window() -> int:
    """The current rate-limit window's number."""
    return int(time.time() // conf.rate_window_seconds())


def bucket_for(address: str, *, window: int) -> str:
    return hmac.new(ratekey.window_key(window), f"rate:{address}".encode(), hashlib.sha256).hexdigest()


def _bucket(request) -> str:
    return bucket_for(client_ip(request), window=window())


def _count(key: str, *, peek: bool) -> int:
    """Add one to a counter that lives at most `rate_window_seconds` (or read it). A cache that is down
    does not block anyone (counts as zero): a tip matters more than a perfect limit."""
    try:
        if peek:
            return int(cache.get(key, 0))
        cache.add(key, 0, timeout=conf.rate_window_seconds())
        return int(cache.incr(key))
    except Exception:  # noqa: BLE001 - any cache failure
        log.warning("Cache unavailable; tip rate limit not applied")
        return 0


def _used_key(token: str) -> str:
    return f"tips:used:{keyed_hash(token, purpose='token')}"


def form_token_use(token: str) -> str | None:
    """Spend a form's token, whatever the answer will be. None when it was fresh; else what became of its first
    use: "sent" (a reload or a double click on the send button), "sending" (the first is being saved right now)
    or "tried" (refused)."""
    try:
        if cache.add(_used_key(token), "tried", timeout=conf.form_token_max_age()):
            return None
        return cache.get(_used_key(token)) or "tried"
    except Exception:  # noqa: BLE001 - a cache that is down lets the tip through
        return None


# How long a double click (or a reload) on "Send" still shows the receipt code of the tip that was taken.
SENT_RECEIPT_SECONDS = 10 * 60


def _sent_receipt_key(token: str) -> str:
    return f"tips:sent-receipt:{keyed_hash(token, purpose='sent-receipt')}"


def _token_fernet(token: str) -> Fernet:
    """A key only the holder of the form token can make: the cache never holds it, so the cache alone cannot read
    the receipt code kept under the token's keyed hash."""
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"tips.sent-receipt").derive(token.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def form_token_sent(token: str, *, code: str = "") -> None:
    """Mark the token's form as taken, and keep its receipt `code` for a short while, encrypted with the token, so
    that the same form sent again (a double click without JavaScript) shows the same code instead of an error."""
    try:
        cache.set(_used_key(token), "sent", timeout=conf.form_token_max_age())
        if code:
            sealed = _token_fernet(token).encrypt(code.encode())
            cache.set(_sent_receipt_key(token), sealed, timeout=SENT_RECEIPT_SECONDS)
    except Exception:  # noqa: BLE001
        log.warning("Cache unavailable; a sent form's token is not marked")


def form_token_sending(token: str, *, sending: bool = True) -> None:
    """Mark the token's form as being saved now (or, `sending=False`, as refused after all), so that the same form
    sent again meanwhile waits for the first answer's receipt (form_token_receipt_wait)."""
    try:
        cache.set(_used_key(token), "sending" if sending else "tried", timeout=conf.form_token_max_age())
    except Exception:  # noqa: BLE001
        log.warning("Cache unavailable; a form's token is not marked")


SENDING_WAIT_SECONDS = 10


def form_token_receipt_wait(token: str) -> str | None:
    """The receipt code of the tip this token's form filed, waiting (a few seconds at most) while the first
    sending is still being saved: a double click on "Send" shows the code, not a refusal."""
    deadline = time.monotonic() + SENDING_WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            state = cache.get(_used_key(token))
        except Exception:  # noqa: BLE001
            return None
        if state != "sending":
            return form_token_receipt(token) if state == "sent" else None
        time.sleep(0.2)
    return None


def form_token_receipt(token: str) -> str | None:
    """The receipt code of the tip this token's form filed, while it is kept; else None."""
    try:
        sealed = cache.get(_sent_receipt_key(token))
        return _token_fernet(token).decrypt(sealed).decode() if sealed else None
    except (InvalidToken, ValueError, TypeError):
        return None
    except Exception:  # noqa: BLE001 - a cache that is down: the "already sent" page
        return None


def submission_allowed(request, *, solved: bool) -> bool:
    """Count one submission attempt from this address bucket; False when it is over its limit, which is generous
    for an attempt that solved a proof-of-work and strict for one that did not."""
    mine = _count(f"tips:rate:submit:{_bucket(request)}", peek=False)
    return mine <= (conf.rate_per_address_solved() if solved else conf.rate_per_address())


GLOBAL_KEY = "tips:rate:accepted"


def busy() -> bool:
    """True once everyone together sent `rate_global()` accepted tips in this window."""
    return _count(GLOBAL_KEY, peek=True) >= conf.rate_global()


def tip_accepted() -> bool:
    """Count one accepted tip for everyone together. True the first time in a window that the global level is
    reached: the caller tells the coordinators, once."""
    if _count(GLOBAL_KEY, peek=False) < conf.rate_global():
        return False
    try:
        return bool(cache.add(f"tips:busy-alerted:{window()}", 1, timeout=conf.rate_window_seconds()))
    except Exception:  # noqa: BLE001
        return False


def followup_blocked(request, *, solved: bool = False) -> bool:
    limit = conf.followup_failures_solved() if solved else conf.followup_failures_per_address()
    return _count(f"tips:rate:code:{_bucket(request)}", peek=True) >= limit


def followup_failed(request) -> None:
    _count(f"tips:rate:code:{_bucket(request)}", peek=False)


def tip_page(view):
    """Public tip pages: no CSRF cookie (they carry their own token), never cached anywhere; safety pages, in every
    language (taskforce.language.safety_page)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Pragma"] = "no-cache"
        return response

    return safety_page(csrf_exempt(never_cache(wrapper)))
