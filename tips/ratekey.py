"""The secret behind the rate-limit buckets: random, in memory only, never written anywhere.

A bucket is an HMAC of the client's address with a key derived from this secret and the current window, so
whoever holds the cache (Redis) and every configured key (HASH_KEY, SECRET_KEY) still cannot tell which address a
bucket belongs to: the secret was never in any of them. It must be the same in every process that counts, so
gunicorn's master makes it before forking its workers (deploy/gunicorn.conf.py calls `seed()`); a process
started any other way makes its own on first use, and then counts on its own.

This module imports nothing from Django: gunicorn's master imports it before any app is loaded.
"""

from __future__ import annotations

import hashlib
import hmac
import os

_secret: bytes | None = None


def seed() -> None:
    """Make a fresh secret (every bucket counted so far is forgotten)."""
    global _secret
    _secret = os.urandom(32)


def window_key(window: int) -> bytes:
    """The key of one window: a new one every window, useless once the window's buckets have expired."""
    if _secret is None:
        seed()
    return hmac.new(_secret, f"window:{window}".encode(), hashlib.sha256).digest()
