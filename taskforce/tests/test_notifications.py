"""The one notifications module: queued after commit, sent once, retried with backoff, failures visible."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taskforce import queue
from taskforce.models import Notification
from taskforce.notifications import SEND_TASK, notification_deliver, notifications_due, notify
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


# ----- once-only delivery, bulk writes, priorities (issue 16) ---------------------------------------------------


def _reset_mail(recipients, **kwargs):
    """The reset mail, the template at hand; its link is made for the first recipient."""
    return notify(
        recipients=recipients,
        template="password_reset",
        context=CTX,
        secret=("password_reset", recipients[0].pk),
        **kwargs,
    )


def test_notify_with_a_dedupe_key_mails_each_person_once_however_often_it_runs(
    member_a, member_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = _reset_mail([member_a], dedupe="event:1")
        again = _reset_mail([member_a, member_b], dedupe="event:1")
        other_event = _reset_mail([member_a], dedupe="event:2")
    assert [n.recipient for n in first] == [member_a.email]
    assert [n.recipient for n in again] == [member_b.email]  # member_a had it already
    assert [n.recipient for n in other_event] == [member_a.email]  # another event is another mail
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member_a.email, member_b.email, member_a.email])


def test_notify_writes_ten_recipients_in_as_many_queries_as_one(make_user, django_capture_on_commit_callbacks):
    people = [make_user() for _ in range(10)]
    counts = []
    for recipients, key in (([people[0]], "one"), (people, "ten")):
        for dedupe in (None, key):
            with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
                _reset_mail(recipients, dedupe=dedupe)
            counts.append(len(queries.captured_queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts  # 1x and 10x, with and without a key
    assert counts[1] <= 3  # the check, the insert, the ids


@pytest.fixture
def published(monkeypatch):
    """What is queued, as (task name, args, priority); nothing runs."""
    seen = []

    def publish(task, args, eta, priority=None):
        seen.append((task.name, args, priority))
        return True

    monkeypatch.setattr(queue, "_publish", publish)
    return seen


def test_a_notification_keeps_its_priority_for_its_retry_and_for_the_sweeper(member_a, member_b, settings, published):
    settings.EMAIL_BACKEND = "taskforce.tests.mail_backends.RefusingBackend"
    (urgent,) = _reset_mail([member_a], priority=queue.URGENT)
    (bulk,) = _reset_mail([member_b], priority=queue.BULK)
    assert notification_deliver(urgent.id) == "retry"
    assert published[-1] == (SEND_TASK, (urgent.id,), queue.URGENT)  # the retry waits on the urgent queue too
    published.clear()
    Notification.objects.update(next_attempt_at=timezone.now())
    notifications_sweep()
    assert published == [(SEND_TASK, (urgent.id,), queue.URGENT), (SEND_TASK, (bulk.id,), queue.BULK)]


def test_an_unknown_priority_is_refused_before_anything_is_written(member_a):
    with pytest.raises(ValueError, match="priority"):
        _reset_mail([member_a], priority="soonish")
    assert not Notification.objects.exists()


def test_the_sweeper_takes_a_bounded_batch_per_run_and_is_safe_to_run_twice(
    make_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_SWEEP_BATCH = 2
    with django_capture_on_commit_callbacks(execute=False):  # as if the broker had been down
        _reset_mail([make_user() for _ in range(5)])
    assert [notifications_sweep() for _ in range(4)] == [2, 2, 1, 0]
    assert len(mail.outbox) == 5 and len({m.to[0] for m in mail.outbox}) == 5


def test_the_sweeper_reaches_an_urgent_mail_behind_a_backlog_of_bulk_mail(member_a, member_b, settings, published):
    settings.NOTIFICATION_SWEEP_BATCH = 1
    (bulk,) = _reset_mail([member_b], priority=queue.BULK)
    Notification.objects.filter(id=bulk.id).update(next_attempt_at=timezone.now() - timedelta(hours=1))  # older
    (urgent,) = _reset_mail([member_a], priority=queue.URGENT)
    published.clear()
    notifications_sweep()
    assert published == [(SEND_TASK, (urgent.id,), queue.URGENT)]
