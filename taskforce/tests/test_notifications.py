"""The one notifications module: queued after commit, sent once, retried with backoff, failures visible."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from taskforce.models import Notification
from taskforce.notifications import notification_deliver, notifications_due, notify
from taskforce.tasks import notifications_sweep

pytestmark = pytest.mark.django_db
CTX = {"uid": "abc"}  # the reset token is made when sending, from the secret reference


def test_nothing_is_sent_before_commit_and_one_mail_after(member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(
            recipients=[member_a, member_a.email.upper()],
            template="password_reset",
            context=CTX,
            secret=("password_reset", member_a.pk),
        )
        assert mail.outbox == []
    assert Notification.objects.count() == 1  # the same address is written to once
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives and "text/html" in mail.outbox[0].alternatives[0][1]
    assert Notification.objects.get().state == Notification.State.SENT


def test_a_rolled_back_change_sends_nothing(member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify(
                    recipients=[member_a],
                    template="password_reset",
                    context=CTX,
                    secret=("password_reset", member_a.pk),
                )
                raise ValueError("the change failed")
        except ValueError:
            pass
    assert not Notification.objects.exists() and mail.outbox == []


def test_delivering_twice_sends_once(member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        (notification,) = notify(
            recipients=[member_a], template="password_reset", context=CTX, secret=("password_reset", member_a.pk)
        )
    assert notification_deliver(notification.id) == "sent"
    assert notification_deliver(notification.id) == "skipped"
    assert len(mail.outbox) == 1
    assert notification.attempt_log.count() == 1


def test_transient_failures_retry_with_backoff_then_fail_visibly(
    member_a, settings, client, login_as, coordinator, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "taskforce.tests.mail_backends.RefusingBackend"
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        (notification,) = notify(
            recipients=[member_a], template="password_reset", context=CTX, secret=("password_reset", member_a.pk)
        )
    gaps = []
    for _ in range(settings.NOTIFICATION_MAX_ATTEMPTS):
        before = timezone.now()
        notification_deliver(notification.id)
        notification.refresh_from_db()
        gaps.append(notification.next_attempt_at - before)
        Notification.objects.filter(id=notification.id).update(next_attempt_at=timezone.now())  # time passes
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == 3
    assert [a.succeeded for a in notification.attempt_log.all()] == [False, False, False]
    assert "Connection unexpectedly closed" in notification.last_error
    assert gaps[1] > gaps[0] * 1.5  # exponential backoff
    login_as(coordinator)
    assert member_a.email in client.get("/en/staff/notifications/").content.decode()


def test_a_refused_recipient_fails_at_once(member_a, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "taskforce.tests.mail_backends.RejectingRecipientBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(
            recipients=[member_a], template="password_reset", context=CTX, secret=("password_reset", member_a.pk)
        )
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED and notification.attempts == 1


def test_sweeper_sends_what_was_left_and_releases_stuck_claims(member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # as if the broker had been down
        left, stuck = notify(
            recipients=[member_a, "someone@example.org"],
            template="password_reset",
            context=CTX,
            secret=("password_reset", member_a.pk),
        )
    Notification.objects.filter(id=stuck.id).update(
        state=Notification.State.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert sorted(row_id for row_id, _ in notifications_due()) == sorted([left.id, stuck.id])
    notifications_sweep()
    assert Notification.objects.filter(state=Notification.State.SENT).count() == 2
    assert len(mail.outbox) == 2


def test_an_unexpected_error_of_a_channel_is_a_failed_attempt_then_a_retry(
    member_a, settings, django_capture_on_commit_callbacks
):
    """A misconfigured backend (the file backend without its folder raises TypeError): the row does not stay
    "Sending"; the attempt is recorded with the error's class name only, and retried like a transport error."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    del settings.EMAIL_FILE_PATH
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        (notification,) = notify(
            recipients=[member_a], template="password_reset", context=CTX, secret=("password_reset", member_a.pk)
        )
    assert notification_deliver(notification.id) == "retry"
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert notification.last_error == "TypeError"
    assert [(a.succeeded, a.error) for a in notification.attempt_log.all()] == [(False, "TypeError")]
    Notification.objects.filter(id=notification.id).update(next_attempt_at=timezone.now())
    assert notification_deliver(notification.id) == "failed"
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
