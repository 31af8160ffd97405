"""Encryption at rest for tips (Fernet keys from settings, newest first) and keyed hashes.

Nothing a reporter typed or uploaded reaches the database or the disk in clear; receipt codes and
rate-limit buckets are kept only as HMACs keyed with settings.HASH_KEY.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from datetime import UTC, datetime
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

__all__ = [
    "InvalidToken",
    "keyed_hash",
    "encrypt_bytes",
    "decrypt_bytes",
    "rotate_token",
    "readable",
    "encrypted_on",
    "EncryptedTextField",
]


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


class _Retired:
    """No Fernet key left (retired after `tips_seal_existing`): nothing opens, nothing new is written this way."""

    def decrypt(self, token):
        raise InvalidToken

    def rotate(self, token):
        raise InvalidToken

    def encrypt(self, data):
        raise InvalidToken("FIELD_ENCRYPTION_KEYS is empty: tips are sealed to their readers (tips/sealing.py).")


def fernet() -> MultiFernet | _Retired:
    keys = tuple(settings.FIELD_ENCRYPTION_KEYS)
    return _fernet_for(keys) if keys else _Retired()


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of `value`, keyed with HASH_KEY and separated by purpose (receipt, rate-limit...)."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(settings.HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def readable(token: bytes) -> bool:
    """Whether some key in FIELD_ENCRYPTION_KEYS opens the token (what it holds is never returned)."""
    try:
        fernet().decrypt(token)
    except InvalidToken:
        return False
    return True


def encrypted_on(token: bytes) -> datetime | None:
    """When the token was made: Fernet writes the time in clear after the version byte. It tells an operator
    which key made a token that no listed key opens (the one in use at that date)."""
    try:
        raw = base64.urlsafe_b64decode(token)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 9:
        return None
    return datetime.fromtimestamp(struct.unpack(">Q", raw[1:9])[0], tz=UTC)


def rotate_token(token: bytes) -> bytes:
    """Re-encrypt a token with the newest key (it may have been made with any key still listed)."""
    return fernet().rotate(token)


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token: encrypted on the way in, decrypted on the way out.

    The database only ever sees ciphertext; lookups on these columns are meaningless and not used.
    """

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt_bytes(str(value).encode()).decode("ascii")

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt_bytes(value.encode("ascii")).decode()

    def raw_rotate(self, stored: str) -> str:
        return rotate_token(stored.encode("ascii")).decode("ascii")
