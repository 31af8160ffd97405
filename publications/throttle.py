"""Throttles on the registry's subscription form, so that it cannot be used to send mail to anyone in bulk, and on
the matcher (/api/registry/match), so that nobody runs a whole list of names through it at once.

Counted with django-ratelimit in the cache, per keyed hash (HMAC with HASH_KEY) of the client's address as
`taskforce.net.client_ip` reports it, per keyed hash of the address asked for, and for everyone together. The raw
values are never written anywhere. A cache that is down sends nothing: a subscription can wait, a flood cannot.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.crypto import salted_hmac
from django_ratelimit.core import is_ratelimited

from taskforce.net import client_ip

from . import conf

log = logging.getLogger(__name__)


def _keyed(value: str, purpose: str) -> str:
    secret = settings.HASH_KEY or settings.SECRET_KEY
    return salted_hmac(f"publications.throttle.{purpose}", value, secret=secret, algorithm="sha256").hexdigest()


def _over(request, group: str, rate: str, value: str) -> bool:
    return is_ratelimited(request, group=group, key=lambda _group, _request: value, rate=rate, increment=True)


def subscribe_throttled(request, email: str) -> str:
    """Count one confirmation request. Answers "" when it may be sent, "client" or "everyone" when the client's
    address or everyone together is over the limit (say so, and send nothing), and "email" when that address
    was asked for too often (send nothing, and say exactly what is said when a mail is sent)."""
    try:
        if _over(
            request,
            "publications.subscribe.client",
            conf.subscribe_rate_per_client(),
            _keyed(client_ip(request), "client"),
        ):
            return "client"
        if _over(request, "publications.subscribe.email", conf.subscribe_rate_per_email(), _keyed(email, "email")):
            return "email"
        if _over(request, "publications.subscribe.all", conf.subscribe_rate_global(), "all"):
            return "everyone"
    except Exception:  # noqa: BLE001 - any cache failure
        log.warning("Cache unavailable; registry subscription confirmations are not sent")
        return "everyone"
    return ""


def match_throttled(request) -> bool:
    """Count one match request; True when the client's address is over REGISTRY_MATCH_RATE_PER_CLIENT. A cache
    that is down lets the request through: the matcher reads only what the registry already publishes."""
    try:
        return _over(
            request, "publications.match.client", conf.match_rate_per_client(), _keyed(client_ip(request), "match")
        )
    except Exception:  # noqa: BLE001 - any cache failure
        log.warning("Cache unavailable; the registry matcher is not throttled")
        return False
