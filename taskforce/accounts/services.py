"""Writes about staff accounts: password-reset mail, API tokens, authenticator enrolment and backup codes."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from taskforce.models import OTPEnrolment, User
from taskforce.notifications import URGENT, notify
from taskforce.roles import requires_otp

from .lockout import signin_failures_forget, username_normalize

log = logging.getLogger(__name__)


def _hash(value: str, *, purpose: str) -> str:
    return salted_hmac(f"taskforce.accounts.{purpose}", value, secret=settings.HASH_KEY or None).hexdigest()


# ----- password reset --------------------------------------------------------------------------------------------


def _spend(bucket: str, limit: int, window: int) -> bool:
    """Count one use of a fixed-window bucket; True while it is within its limit."""
    key = f"accounts:reset:{bucket}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= limit


def password_reset_allowed(*, email: str, address: str) -> bool:
    """Per address (keyed hash), per target account and for the whole portal; the first exhausted bucket stops."""
    limits = settings.PASSWORD_RESET_LIMITS
    buckets = [
        (f"address:{_hash(address, purpose='reset-address')}", *limits["address"]),
        (f"account:{_hash(username_normalize(email), purpose='reset-account')}", *limits["account"]),
        ("all", *limits["all"]),
    ]
    try:
        return all(_spend(*bucket) for bucket in buckets)
    except Exception:  # cache down: refuse rather than let mail flow unlimited
        log.warning("Password reset refused: the rate-limit cache is unavailable")
        return False


@transaction.atomic
def password_reset_request(*, email: str, address: str) -> None:
    """Queue a reset mail to the active account with that address, within the limits. Says nothing either way."""
    if not password_reset_allowed(email=email, address=address):
        return
    user = User.objects.filter(email__iexact=username_normalize(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    notify(
        recipients=[user],
        template="password_reset",
        context={"uid": urlsafe_base64_encode(force_bytes(user.pk))},
        secret=("password_reset", user.pk),
        priority=URGENT,
    )


def password_reset_token_make(user_id: int) -> str | None:
    """The reset token, made when the mail is sent (Django's tokens follow from the user's state)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return default_token_generator.make_token(user) if user else None


def password_reset_completed(*, user: User) -> None:
    """A reset proven through the mailbox lifts every sign-in lock and the slowdown of the account."""
    signin_failures_forget(username=user.email)


# ----- API tokens ----------------------------------------------------------------------------------------------


class TokenRefused(ValidationError):
    pass


def api_token_issue(*, user: User) -> str:
    """A new API token (stored as a digest; the key is returned once). Never for accounts that need a one-time
    password: a token would be a way around it."""
    if not user.is_active:
        raise TokenRefused(_("This account is not active."))
    if requires_otp(user):
        raise TokenRefused(
            _("This account signs in with a one-time password, so it cannot have an API token. Use the portal.")
        )
    _instance, key = AuthToken.objects.create(user=user)
    return key


def api_tokens_revoke(*, user: User) -> int:
    count, _deleted = AuthToken.objects.filter(user=user).delete()
    return count


# ----- authenticator enrolment and backup codes ------------------------------------------------------------------


def _enrolment_token(invite: OTPEnrolment) -> str:
    value = f"{invite.pk}:{invite.user_id}:{invite.created_at.timestamp()}:{invite.used_at}"
    return salted_hmac("taskforce.accounts.otp-enrolment", value).hexdigest()[:40]


@transaction.atomic
def otp_enrolment_issue(*, user: User, actor: User | None) -> OTPEnrolment:
    """An administrator lets `user` enrol an authenticator: a single-use link, mailed, valid OTP_ENROLMENT_TIMEOUT.
    Earlier unused links of the same person stop working."""
    if not requires_otp(user):
        raise ValidationError(_("This account does not sign in with a one-time password."))
    now = timezone.now()
    OTPEnrolment.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    invite = OTPEnrolment.objects.create(
        user=user, issued_by=actor, created_at=now, expires_at=now + settings.OTP_ENROLMENT_TIMEOUT
    )
    hours = int(settings.OTP_ENROLMENT_TIMEOUT.total_seconds() // 3600)
    notify(
        recipients=[user],
        template="otp_enrolment",
        context={"invite_id": invite.pk, "hours": hours},
        secret=("otp_enrolment", invite.pk),
        priority=URGENT,
    )
    return invite


def otp_enrolment_token_make(invite_id: int) -> str | None:
    invite = OTPEnrolment.objects.filter(pk=invite_id).first()
    return _enrolment_token(invite) if invite is not None and invite.usable else None


def otp_enrolment_check(*, invite_id: int, token: str) -> OTPEnrolment | None:
    """The enrolment the link stands for, if it is unused, unexpired and the token is its own."""
    if not 0 < invite_id < 2**63:  # a number the database cannot hold is no enrolment (not a 500)
        return None
    invite = OTPEnrolment.objects.filter(pk=invite_id).first()
    if invite is None or not invite.usable or not constant_time_compare(token, _enrolment_token(invite)):
        return None
    return invite


def otp_enrolment_for(*, user: User, invite_id) -> OTPEnrolment | None:
    if not invite_id:
        return None
    invite = OTPEnrolment.objects.filter(pk=invite_id, user=user).first()
    return invite if invite is not None and invite.usable else None


@transaction.atomic
def otp_enrolment_complete(*, invite: OTPEnrolment, device: TOTPDevice) -> list[str]:
    """Confirm the new authenticator (it replaces any earlier one), use up the link, and make backup codes."""
    claimed = OTPEnrolment.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not claimed:
        raise ValidationError(_("This enrolment link has already been used."))
    TOTPDevice.objects.filter(user=invite.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return otp_backup_codes_renew(user=invite.user)


@transaction.atomic
def otp_backup_codes_renew(*, user: User) -> list[str]:
    """New one-time backup codes (the old ones stop working). Shown once; each works once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(settings.OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
