"""A tip handler's own key (issue 23): enrolment, sign-in, password change, recovery, and their session's copy.

The private key is unwrapped only in the handler's own requests. At sign-in (or unlock) it is wrapped again with
a fresh random secret; the session store keeps that wrapped copy and the secret goes to the handler's browser
alone, in the TIPS_KEY_COOKIE cookie (HttpOnly, SameSite=Lax, Secure in production, gone with the browser). A
database, cache or session dump therefore holds nothing that opens the key, and neither does the cookie alone.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone

from taskforce import roles

from . import keys
from .models import HandlerKey, TipKeyGrant

SESSION_KEY = "tips_keyring"  # {"user": id, "wrapped": base64 of the private key wrapped with the cookie's secret}
RECOVERY_SESSION_KEY = "tips_recovery_once"  # a new recovery key, wrapped with the cookie's secret until shown
LOCKED_SESSION_KEY = "tips_key_locked"  # the password no longer opens the key (reset by someone else)
NEW_SECRET_ATTR = "_tips_key_secret"  # the secret to send in the cookie with this response (the middleware)


class KeyError_(Exception):  # noqa: N801 -- a refusal with a message fit to show
    """A refused key operation (wrong recovery key, wrong password)."""


def needs_key(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and roles.has_role(user, roles.TIP_HANDLER)


# ----- the key pair ----------------------------------------------------------------------------------------


def _wrapped(secret: str, private: bytes) -> tuple[bytes, bytes]:
    salt = keys.salt_new()
    return salt, keys.wrap(keys.derive_password_key(secret, salt), private)


def _unwrapped(secret: str, salt: bytes, wrapped: bytes) -> bytes:
    return keys.unwrap(keys.derive_password_key(secret, bytes(salt)), bytes(wrapped))


@transaction.atomic
def key_create(user, password: str) -> tuple[bytes, str]:
    """A new key pair for the handler, wrapped with their password and a new recovery key; returns the private
    key (for this request only) and the recovery key (to show once). A key they had is replaced: the tips sealed
    to it are lost to them (their grants go) until a colleague grants them again."""
    pair = keys.keypair_new()
    recovery = keys.recovery_code_new()
    password_salt, password_wrapped = _wrapped(password, pair.private)
    recovery_salt, recovery_wrapped = _wrapped(keys.recovery_normalize(recovery), pair.private)
    TipKeyGrant.objects.filter(user=user).delete()
    HandlerKey.objects.update_or_create(
        user=user,
        defaults={
            "public_key": pair.public,
            "password_salt": password_salt,
            "password_wrapped": password_wrapped,
            "recovery_salt": recovery_salt,
            "recovery_wrapped": recovery_wrapped,
            "created_at": timezone.now(),
            "recovery_saved_at": None,
        },
    )
    return pair.private, recovery


def key_open_with_password(user, password: str) -> bytes | None:
    """The private key, or None when the password does not open it (the password was reset since)."""
    key = HandlerKey.objects.filter(user=user).first()
    if key is None:
        return None
    try:
        return _unwrapped(password, key.password_salt, key.password_wrapped)
    except keys.CryptoError:
        return None


def password_changed(user, *, old_password: str, new_password: str) -> bool:
    """Re-wrap the key for the new password (the handler knew the old one); False when there was nothing to do."""
    private = key_open_with_password(user, old_password)
    if private is None:
        return False
    salt, wrapped = _wrapped(new_password, private)
    HandlerKey.objects.filter(user=user).update(password_salt=salt, password_wrapped=wrapped)
    return True


def key_recover(user, *, recovery: str, password: str) -> bytes:
    """Open the key with the recovery key and wrap it for the current password (checked by the caller); KeyError_
    if it does not open."""
    key = HandlerKey.objects.filter(user=user).first()
    if key is None:
        raise KeyError_("recovery")
    try:
        private = _unwrapped(keys.recovery_normalize(recovery), key.recovery_salt, key.recovery_wrapped)
    except keys.CryptoError:
        raise KeyError_("recovery") from None
    salt, wrapped = _wrapped(password, private)
    HandlerKey.objects.filter(user=user).update(password_salt=salt, password_wrapped=wrapped)
    return private


def recovery_renew(user, private: bytes) -> str:
    """A new recovery key for the key the handler has open (the old recovery key stops working)."""
    recovery = keys.recovery_code_new()
    salt, wrapped = _wrapped(keys.recovery_normalize(recovery), private)
    HandlerKey.objects.filter(user=user).update(recovery_salt=salt, recovery_wrapped=wrapped, recovery_saved_at=None)
    return recovery


def recovery_saved(user) -> None:
    HandlerKey.objects.filter(user=user).update(recovery_saved_at=timezone.now())


# ----- the session's copy ------------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


def _secret(request) -> bytes | None:
    new = getattr(request, NEW_SECRET_ATTR, None)
    if new:
        return new
    secret = _unb64(request.COOKIES.get(settings.TIPS_KEY_COOKIE, ""))
    return secret if secret and len(secret) == 32 else None  # noqa: PLR2004 -- a secret box key


def session_copy(user_pk: int, private: bytes) -> tuple[dict, str]:
    """What the session keeps of an opened key (wrapped with a fresh secret), and that secret for the cookie."""
    secret = keys.secret_new()
    return {"user": user_pk, "wrapped": _b64(keys.wrap(secret, private))}, _b64(secret)


def session_install(request, private: bytes) -> None:
    """Keep the key for this handler's requests: wrapped in the session, its secret in their browser only."""
    held, secret = session_copy(request.user.pk, private)
    setattr(request, NEW_SECRET_ATTR, _unb64(secret))
    request.session[SESSION_KEY] = held
    request.session.pop(LOCKED_SESSION_KEY, None)


def session_private(request) -> bytes | None:
    """The handler's private key for this request, or None (not signed in with it, or the cookie is gone)."""
    held = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    secret = _secret(request)
    if not held or not secret or held.get("user") != getattr(request.user, "pk", None):
        return None
    wrapped = _unb64(held.get("wrapped", ""))
    try:
        return keys.unwrap(secret, wrapped) if wrapped else None
    except keys.CryptoError:
        return None


def recovery_show_later(request, recovery: str) -> None:
    """Keep a new recovery key, wrapped with the cookie's secret, until the recovery page shows it once."""
    secret = _secret(request)
    if secret:
        request.session[RECOVERY_SESSION_KEY] = _b64(keys.wrap(secret, recovery.encode()))


def recovery_to_show(request) -> str:
    wrapped, secret = request.session.get(RECOVERY_SESSION_KEY), _secret(request)
    if not wrapped or not secret:
        return ""
    try:
        return keys.unwrap(secret, _unb64(wrapped) or b"").decode()
    except keys.CryptoError:
        return ""


def is_locked(request) -> bool:
    return bool(request.session.get(LOCKED_SESSION_KEY))


def signed_in(request, user, password: str) -> None:
    """At sign-in, with the password just checked: open the handler's key for their session, or make their first
    one (its recovery key is shown next), or note that their password no longer opens it (reset by someone)."""
    if not needs_key(user) and not HandlerKey.objects.filter(user=user).exists():
        return
    private = key_open_with_password(user, password)
    if private is not None:
        session_install(request, private)
        if not HandlerKey.objects.filter(user=user, recovery_saved_at__isnull=False).exists():
            # Never confirmed (a key made by the demo seed, or a sign-out before saving it): a new one, shown next.
            recovery_show_later(request, recovery_renew(user, private))
        return
    if HandlerKey.objects.filter(user=user).exists():
        request.session[LOCKED_SESSION_KEY] = True
        return
    private, recovery = key_create(user, password)
    session_install(request, private)
    recovery_show_later(request, recovery)


class KeyCookieMiddleware:
    """Sends the secret of a key opened in this request to the browser, and drops it at sign-out; while a new
    recovery key waits to be shown, a signed-in page asked for shows it first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._recovery_first(request):  # a key made at sign-in: its recovery key is shown before anything else
            return redirect("tips:key_recovery")
        response = self.get_response(request)
        secret = getattr(request, NEW_SECRET_ATTR, None)
        name = settings.TIPS_KEY_COOKIE
        if secret:
            response.set_cookie(
                name,
                _b64(secret),
                max_age=None,  # gone when the browser closes
                path="/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif name in request.COOKIES and not getattr(getattr(request, "user", None), "is_authenticated", False):
            response.delete_cookie(name, path="/", samesite="Lax")
        return response

    @staticmethod
    def _recovery_first(request) -> bool:
        session = getattr(request, "session", None)
        if request.method != "GET" or session is None or RECOVERY_SESSION_KEY not in session:
            return False
        match = resolve_or_none(request.path_info)
        return match is not None and match.view_name not in RECOVERY_PAGE_ALLOWS and bool(recovery_to_show(request))


RECOVERY_PAGE_ALLOWS = frozenset({"tips:key_recovery", "accounts:logout", "set_language", "javascript-catalog"})


def resolve_or_none(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
