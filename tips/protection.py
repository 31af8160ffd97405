"""How the public tip pages protect themselves without cookies or stored addresses.

- A signed, time-stamped form token in a hidden field replaces the CSRF cookie; its age also gives the
  minimum fill time.
- Requests from another site are refused when the browser says so (Origin, Sec-Fetch-Site, Referer).
- Rate limits count per keyed hash of the address (HMAC with HASH_KEY) in the cache, for at most an
  hour, plus a global count. The address itself is never written anywhere.
"""

from __future__ import annotations

import logging
import time
from functools import wraps
from urllib.parse import urlsplit

from django.core import signing
from django.core.cache import cache
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import conf
from .crypto import keyed_hash

log = logging.getLogger(__name__)
TOKEN_SALT = "tips.form-token"


class FormTokenError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid", "expired" or "too-fast"


def form_token_new(purpose: str) -> str:
    return signing.dumps({"p": purpose, "t": time.time()}, salt=TOKEN_SALT, compress=False)


def form_token_check(token: str, purpose: str) -> None:
    """Raise FormTokenError unless the token was made here, for this form, long enough ago and not too long."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=conf.form_token_max_age())
    except signing.SignatureExpired as exc:
        raise FormTokenError("expired") from exc
    except signing.BadSignature as exc:
        raise FormTokenError("invalid") from exc
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise FormTokenError("invalid")
    if time.time() - float(payload.get("t", 0)) < conf.min_fill_seconds():
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


def _bucket(request) -> str:
    return keyed_hash(request.META.get("REMOTE_ADDR", ""), purpose="rate")


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


def form_token_consume(token: str) -> bool:
    """Mark a report form's token as used; False if it was used already (a reload or a double click on
    the send button would otherwise file the same tip twice)."""
    try:
        return bool(cache.add(f"tips:used:{keyed_hash(token, purpose='token')}", 1, timeout=conf.form_token_max_age()))
    except Exception:  # noqa: BLE001 - a cache that is down lets the tip through
        return True


def submission_allowed(request) -> bool:
    """Count one submission attempt; False when this address bucket or everyone together is over the limit."""
    mine = _count(f"tips:rate:submit:{_bucket(request)}", peek=False)
    everyone = _count("tips:rate:submit:all", peek=False)
    return mine <= conf.rate_per_address() and everyone <= conf.rate_global()


def followup_blocked(request) -> bool:
    return _count(f"tips:rate:code:{_bucket(request)}", peek=True) >= conf.followup_failures_per_address()


def followup_failed(request) -> None:
    _count(f"tips:rate:code:{_bucket(request)}", peek=False)


def tip_page(view):
    """Public tip pages: no CSRF cookie (they carry their own token), never cached anywhere."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store, max-age=0"
        response["Pragma"] = "no-cache"
        return response

    return csrf_exempt(never_cache(wrapper))
