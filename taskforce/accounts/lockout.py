"""Who is signing in, as the lockouts count it, and the slowdown of an account under attack from many places.

django-axes locks an (account, address) pair after AXES_FAILURE_LIMIT failures. The account as a whole is never
locked (an outsider could keep a hotline worker out): after SIGNIN_SLOWDOWN_AFTER failures from anywhere within
the cool-off it accepts one attempt every SIGNIN_SLOWDOWN_SECONDS, except from an address the owner signed in from
successfully in the last LOCKOUT_KNOWN_ADDRESS_DAYS days.
"""

from __future__ import annotations

import math
from datetime import timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

KNOWN_ADDRESS_DAYS = 30


def username_normalize(value) -> str:
    """The one spelling of a sign-in name: addresses are compared without case or surrounding spaces."""
    return str(value or "").strip().lower()


def username_from_request(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: guesses are counted for the normalized name, whatever its spelling."""
    value = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if value is None and request is not None:
        value = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username_normalize(value) or None


def signin_wait_seconds(*, username: str, address: str) -> int:
    """Seconds before the account takes another attempt from `address`; 0 when it takes one now."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (totals["failures"] or 0) < settings.SIGNIN_SLOWDOWN_AFTER:
        return 0
    known = AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=now - timedelta(days=KNOWN_ADDRESS_DAYS)
    )
    if known.exists():
        return 0
    elapsed = (now - totals["last"]).total_seconds()
    return max(0, math.ceil(settings.SIGNIN_SLOWDOWN_SECONDS - elapsed))


def signin_failures_forget(*, username: str) -> int:
    """Lift every lock and the slowdown of one account (after a verified password reset)."""
    count, _ = AccessAttempt.objects.filter(username=username_normalize(username)).delete()
    return count
