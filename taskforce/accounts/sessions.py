"""Session limits: how long a signed-in session may sit idle, and last in all (shorter for one-time-password roles,
who work on shared office computers). Enforced by taskforce.middleware.SessionLimitsMiddleware."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout

from taskforce.roles import requires_otp

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
SESSION_ENDED_KEY = "session_ended"
SEEN_RESOLUTION_SECONDS = 60  # write the session at most once a minute for activity


def session_limits(user) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for this user."""
    if requires_otp(user):
        return settings.SESSION_IDLE_LIMIT_OTP, settings.SESSION_ABSOLUTE_LIMIT_OTP
    return settings.SESSION_IDLE_LIMIT, settings.SESSION_ABSOLUTE_LIMIT


def session_started(request) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now


def session_check(request) -> bool:
    """Note activity on a signed-in session, or end it when past a limit. True when it was ended."""
    session, now = request.session, time.time()
    if SIGNED_IN_AT not in session:
        session_started(request)
        return False
    idle, absolute = session_limits(request.user)
    seen_at = session.get(SEEN_AT, session[SIGNED_IN_AT])
    if now - seen_at > idle.total_seconds() or now - session[SIGNED_IN_AT] > absolute.total_seconds():
        logout(request)
        request.session[SESSION_ENDED_KEY] = "1"
        return True
    if now - seen_at >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
    return False
