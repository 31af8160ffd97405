"""A self-hosted proof-of-work (ALTCHA) for the public tip pages.

The page carries a signed challenge; the browser's widget (npm `altcha`, served from our own static files) solves
it and sends the answer with the form. A solved challenge earns the generous per-address limit; the form works
without it (no JavaScript) under the strict one. Each challenge counts once: its signature is remembered in the
cache until it expires. Nothing here knows who solved it.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import time

import altcha
from django.core.cache import cache
from django.utils.translation import gettext

from . import conf
from .crypto import keyed_hash

log = logging.getLogger(__name__)
ALGORITHM = "PBKDF2/SHA-256"
FIELD = "altcha"


def widget_strings() -> dict[str, str]:
    """The widget's words in the page's language, from our own catalogue (the package's bundles lack some of our
    languages): pow.js registers them under the page's language code."""
    return {
        "label": gettext("I am a person, not a program"),
        "verifying": gettext("Checking…"),
        "verified": gettext("Checked"),
        "verify": gettext("Check"),
        "verificationRequired": gettext("Please wait until the check is done."),
        "waitAlert": gettext("Checking… please wait."),
        "error": gettext("The check failed. You can still send the form."),
        "expired": gettext("The check expired. Please try again."),
        "loading": gettext("Loading…"),
        "reload": gettext("Start again"),
        "cancel": gettext("Cancel"),
        "ariaLinkLabel": "ALTCHA",
        "footer": "",
    }


def _secrets() -> tuple[str, str]:
    return keyed_hash("challenge", purpose="pow"), keyed_hash("derived-key", purpose="pow")


def challenge_new(purpose: str, *, busy: bool = False) -> str:
    """A fresh challenge as JSON, for the widget's `challenge` attribute."""
    secret, key_secret = _secrets()
    challenge = altcha.create_challenge(
        ALGORITHM,
        conf.pow_cost(),
        key_prefix=conf.pow_key_prefix(busy=busy),
        expires_at=int(time.time()) + conf.form_token_max_age(),
        data={"p": purpose},
        hmac_secret=secret,
        hmac_key_secret=key_secret,
    )
    return json.dumps(challenge.to_dict(), separators=(",", ":"))


def _challenge_of(payload: str) -> dict | None:
    try:
        data = json.loads(base64.b64decode(payload, validate=True).decode())
        return data["challenge"] if isinstance(data, dict) and isinstance(data.get("challenge"), dict) else None
    except (ValueError, binascii.Error, UnicodeDecodeError, KeyError, TypeError):
        return None


def challenge_solved(payload: str, purpose: str) -> bool:
    """True for a challenge made here, for this form, solved and not expired, the first time it is presented."""
    challenge = _challenge_of(payload or "")
    if challenge is None or (challenge.get("parameters", {}).get("data") or {}).get("p") != purpose:
        return False
    secret, key_secret = _secrets()
    try:
        result = altcha.verify_solution(payload, secret, hmac_key_secret=key_secret)
    except (ValueError, TypeError, KeyError):
        return False
    if not result.verified:
        return False
    try:
        return bool(
            cache.add(
                f"tips:pow:{keyed_hash(str(challenge.get('signature')), purpose='pow-used')}",
                1,
                timeout=conf.form_token_max_age(),
            )
        )
    except Exception:  # noqa: BLE001 - a cache that is down: the solution still counts
        log.warning("Cache unavailable; proof-of-work reuse not checked")
        return True
