"""Who holds the keys to tips (issue 23): libsodium through PyNaCl, nothing hand-made.

- Each tip has its own key pair. What the reporter gave and everything added later (messages both ways, notes,
  files, reminders' reasons) is sealed to the tip's public key, so anyone may add to a tip without being able to
  read it. The tip's private key is sealed (crypto_box_seal) to the public key of each person who may read it.
- Each tip handler has a key pair. Their private key is kept only wrapped (crypto_secretbox) twice: with a key
  derived (Argon2id) from their password, and with one derived from a printable recovery key they get once.
- For the handler's own requests the unwrapped key is wrapped again with a random secret that lives only in a
  cookie of their browser (TIPS_KEY_COOKIE); the session store sees only that wrapped copy.
- The reporter's receipt code derives (Argon2id) a key pair of its own; the tip's private key is sealed to it.

Nothing here is stored unwrapped: not in the database, the cache, the sessions, the logs or a task's arguments.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from django.conf import settings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.secret import SecretBox
from nacl.utils import random

from taskforce.codes import readable_code

__all__ = [
    "CryptoError",
    "KeyPair",
    "KDF_SALT_BYTES",
    "derive_password_key",
    "derive_receipt_keypair",
    "keypair_new",
    "private_key",
    "public_key_check",
    "recovery_code_new",
    "recovery_normalize",
    "seal",
    "unseal",
    "unwrap",
    "wrap",
]

KDF_SALT_BYTES = argon2id.SALTBYTES  # 16
RECOVERY_LENGTH = 32  # symbols of taskforce.codes.ALPHABET (30 symbols): about 157 bits


@dataclass(frozen=True)
class KeyPair:
    public: bytes
    private: bytes


def keypair_new() -> KeyPair:
    key = PrivateKey.generate()
    return KeyPair(public=bytes(key.public_key), private=bytes(key))


def private_key(raw: bytes) -> PrivateKey:
    return PrivateKey(bytes(raw))


def seal(public: bytes, data: bytes) -> bytes:
    """Anyone may seal to a public key; only its private key opens it (crypto_box_seal)."""
    return SealedBox(PublicKey(bytes(public))).encrypt(data)


def unseal(private: bytes | PrivateKey, sealed: bytes) -> bytes:
    """Raises CryptoError when `private` is not the key it was sealed to, or it was altered."""
    key = private if isinstance(private, PrivateKey) else PrivateKey(bytes(private))
    return SealedBox(key).decrypt(bytes(sealed))


def wrap(key: bytes, data: bytes) -> bytes:
    return SecretBox(bytes(key)).encrypt(data)


def unwrap(key: bytes, wrapped: bytes) -> bytes:
    """Raises CryptoError when `key` is not the one it was wrapped with."""
    return SecretBox(bytes(key)).decrypt(bytes(wrapped))


def _kdf(secret: str, salt: bytes, *, ops: int, mem_kib: int) -> bytes:
    return argon2id.kdf(SecretBox.KEY_SIZE, secret.encode(), bytes(salt), opslimit=ops, memlimit=mem_kib * 1024)


def derive_password_key(secret: str, salt: bytes) -> bytes:
    """The key a password or a recovery key wraps a handler's private key with (TIPS_KEY_KDF_*)."""
    return _kdf(secret, salt, ops=settings.TIPS_KEY_KDF_OPS, mem_kib=settings.TIPS_KEY_KDF_MEM_KIB)


def derive_receipt_keypair(code: str, salt: bytes) -> KeyPair:
    """The reporter's key pair, from their receipt code (normalized by the caller) and the tip's salt."""
    seed = _kdf(code, salt, ops=settings.TIPS_RECEIPT_KDF_OPS, mem_kib=settings.TIPS_RECEIPT_KDF_MEM_KIB)
    key = PrivateKey.from_seed(seed)
    return KeyPair(public=bytes(key.public_key), private=bytes(key))


def secret_new() -> bytes:
    """A random key for a secret box (a session's copy of a handler's key)."""
    return random(SecretBox.KEY_SIZE)


def salt_new() -> bytes:
    return random(KDF_SALT_BYTES)


def recovery_code_new() -> str:
    raw = readable_code(RECOVERY_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def recovery_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def public_key_check(text: str) -> bytes:
    """A public key typed as base64 (an escrow key): its 32 bytes, or ValueError."""
    try:
        raw = base64.b64decode((text or "").strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != PublicKey.SIZE:
        raise ValueError("not 32 bytes")
    return raw
