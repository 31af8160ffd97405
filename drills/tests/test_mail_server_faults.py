"""A mail server that refuses or never answers: real SMTP servers, a real worker, real retries.

Notifications are retried with a doubling backoff and marked failed after the limit; coordinators see them at
/staff/notifications/ (others may not); the tip or update that caused them is never lost.
"""

import pytest

from taskforce.models import Notification, NotificationAttempt
from taskforce.notifications import notify
from taskforce.testing.auth import login
from taskforce.testing.factories import UserFactory
from taskforce.testing.plugin import wait_until

from ..conftest import MAX_ATTEMPTS, RETRY_BASE_SECONDS
from ..services import SilentServer
from .helpers import submit_tips

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

STAFF_NOTIFICATIONS = "/en/staff/notifications/"


def _one_notification(email: str) -> Notification:
    person = UserFactory(email=email)
    (notification,) = notify(
        recipients=[person], template="password_reset", context={"uid": "u"}, secret=("password_reset", person.pk)
    )
    return notification


def _state(notification) -> str:
    return Notification.objects.get(id=notification.id).state


def _failed(notification, timeout: float = 60) -> list[NotificationAttempt]:
    wait_until(
        lambda: _state(notification) == Notification.State.FAILED,
        timeout=timeout,
        message="the notification to be marked failed",
    )
    return list(NotificationAttempt.objects.filter(notification=notification).order_by("at", "id"))


def _assert_backoff(attempts: list[NotificationAttempt]) -> None:
    """Each wait at least the base times 2^(n-1): 1 s, then 2 s."""
    gaps = [(later.at - earlier.at).total_seconds() for earlier, later in zip(attempts, attempts[1:])]
    for n, gap in enumerate(gaps):
        assert gap >= RETRY_BASE_SECONDS * 2**n * 0.9, f"attempt {n + 2} came {gap:.2f} s after the previous one"


def test_a_server_answering_4xx_is_retried_with_backoff_then_failed_and_shown_to_coordinators(
    drill_workers, shared_redis_url, smtp_server, client, coordinator, member_a
):
    server = smtp_server("refuse_data", "451 4.3.0 Mailbox busy, try again later")
    drill_workers(shared_redis_url, smtp_port=server.port).start()
    notification = _one_notification("ada@example.org")

    attempts = _failed(notification)

    assert len(attempts) == MAX_ATTEMPTS and not any(a.succeeded for a in attempts)
    assert all("451" in a.error for a in attempts)
    _assert_backoff(attempts)
    assert server.inbox.data_seen == MAX_ATTEMPTS and server.inbox.accepted == []
    page = login(client, coordinator).get(STAFF_NOTIFICATIONS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "ada@example.org" in html and "451" in html and f">{MAX_ATTEMPTS}</td>" in html


def test_the_failed_notifications_page_is_refused_to_a_member(client, member_a):
    response = login(client, member_a).get(STAFF_NOTIFICATIONS)
    assert response.status_code == 403


def test_a_recipient_refused_with_5xx_is_failed_at_once_without_retrying(drill_workers, shared_redis_url, smtp_server):
    server = smtp_server("refuse_rcpt", "550 5.1.1 No such mailbox")
    drill_workers(shared_redis_url, smtp_port=server.port).start()
    notification = _one_notification("nobody@example.org")

    attempts = _failed(notification)

    assert len(attempts) == 1 and "550" in attempts[0].error
    assert server.inbox.accepted == []


def test_a_server_that_never_answers_times_out_is_retried_then_failed(drill_workers, shared_redis_url):
    silent = SilentServer().start()
    try:
        drill_workers(shared_redis_url, smtp_port=silent.port).start()
        notification = _one_notification("slow@example.org")

        attempts = _failed(notification)

        assert len(attempts) == MAX_ATTEMPTS and not any(a.succeeded for a in attempts)
        assert silent.connections == MAX_ATTEMPTS
        _assert_backoff(attempts)
        assert "timed out" in attempts[-1].error.lower()
    finally:
        silent.stop()


def test_a_tip_sent_while_mail_is_refused_is_kept_and_delivered_and_the_failures_are_visible(
    drill_workers, shared_redis_url, smtp_server, seeded, client
):
    from tips import sealing, services  # noqa: PLC0415 -- used by this test only
    from tips.models import AccessLogEntry, Delivery, Tip  # noqa: PLC0415 -- used by this test only

    server = smtp_server("refuse_data", "554 5.7.1 Service unavailable")
    drill_workers(shared_redis_url, smtp_port=server.port).start()

    (code,) = submit_tips(client, 1)

    tip = Tip.objects.get()
    opened = sealing.tip_open_for_reporter(tip, services.receipt_normalize(code))  # the reporter's own key
    assert code and opened.what_happened.startswith("Drill tip")
    wait_until(
        lambda: not Delivery.objects.exclude(state=Delivery.State.DELIVERED).exists(),
        timeout=60,
        message="the tip's deliveries",
    )
    delivery_notes = Notification.objects.filter(template="tips_delivery")
    assert delivery_notes.exists()
    wait_until(
        lambda: not delivery_notes.exclude(state=Notification.State.FAILED).exists(),
        timeout=60,
        message="the delivery notices to be marked failed",
    )
    assert Tip.objects.count() == 1  # the tip is kept whatever the mail server says
    assert AccessLogEntry.objects.filter(tip=tip, action=AccessLogEntry.Action.DELIVERED).count() == (
        tip.deliveries.count()
    )
    assert server.inbox.accepted == []
