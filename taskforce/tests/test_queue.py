"""enqueue(): the one way to queue a task. Eager in-process (make run, tests), through a real broker to a real
worker, and with the broker down the request still succeeds and the row waits for its sweeper."""

import logging

import pytest
from django.core import mail
from django.db import transaction

from taskforce.models import Notification
from taskforce.queue import enqueue
from taskforce.testing.factories import UserFactory
from taskforce.testing.plugin import wait_until

SEND = "taskforce.tasks.notification_send"


def _pending_notification(user) -> Notification:
    """A notification row that nothing has queued yet (as if the broker had been down when it was written)."""
    return Notification.objects.create(recipient=user.email, template="test", subject="Hello", body_text="Hello")


def _state(notification: Notification) -> str:
    return Notification.objects.get(id=notification.id).state


@pytest.mark.django_db
def test_eager_enqueue_runs_the_named_task_after_commit_only(member_a, django_capture_on_commit_callbacks):
    notification = _pending_notification(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            enqueue(SEND, notification.id)
            assert _state(notification) == Notification.State.PENDING  # nothing runs before commit
    assert _state(notification) == Notification.State.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_rolled_back_enqueue_runs_nothing(member_a, django_capture_on_commit_callbacks):
    notification = _pending_notification(member_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(SEND, notification.id)
            raise RuntimeError
    assert callbacks == [] and _state(notification) == Notification.State.PENDING and mail.outbox == []


@pytest.mark.django_db
def test_an_unknown_task_name_fails_in_the_caller_not_later(django_capture_on_commit_callbacks):
    with pytest.raises(KeyError), django_capture_on_commit_callbacks() as callbacks:
        enqueue("taskforce.tasks.no_such_task", 1)
    assert callbacks == []


@pytest.mark.django_db
def test_broker_down_the_request_succeeds_and_the_row_waits_for_the_sweeper(
    client, member_a, broker_down, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG, logger="taskforce.queue")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": member_a.email})
    assert response.status_code == 302
    notification = Notification.objects.get(template="password_reset", recipient=member_a.email)
    assert notification.state == Notification.State.PENDING and mail.outbox == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == "taskforce.queue"]
    assert "left for the sweeper" in line and SEND in line
    assert member_a.email not in line and str(notification.id) not in line and "127.0.0.1:1" not in line


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_enqueue_goes_through_a_real_broker_to_a_real_worker(celery_worker):
    worker = celery_worker()
    notification = _pending_notification(UserFactory(email="grace@example.org"))
    enqueue(SEND, notification.id)  # autocommit: published at once
    wait_until(lambda: _state(notification) == Notification.State.SENT, message="the worker to send it")
    mails = worker.sent_mail()
    assert len(mails) == 1 and "grace@example.org" in mails[0]


@pytest.mark.django_db
def test_a_sweep_with_the_broker_down_stops_at_the_first_refusal_and_logs_once(member_a, broker_down, caplog):
    from taskforce.tasks import notifications_sweep  # noqa: PLC0415 -- used by this test only

    waiting = [_pending_notification(member_a) for _ in range(3)]
    caplog.set_level(logging.DEBUG, logger="taskforce.queue")
    assert notifications_sweep() == 3  # due, all of them
    assert len([r for r in caplog.records if r.name == "taskforce.queue"]) == 1  # one refusal, not one per row
    assert all(_state(n) == Notification.State.PENDING for n in waiting)  # left for the next sweep


# ----- queues (issue 16) -----------------------------------------------------------------------------------------


def test_a_task_is_routed_by_its_priority_and_a_queue_chosen_by_the_call_wins(settings):
    from taskforce.celery import app  # noqa: PLC0415 -- used by this test only

    settings.TASK_QUEUE_NAMES = {"urgent": "q-urgent", "default": "q-default", "bulk": "q-bulk"}
    router = app.amqp.router

    def queue_of(name, **options):
        return router.route(options, name, (1,), {})["queue"].name

    assert queue_of("training.tasks.assignments_remind") == "q-bulk"  # TASK_PRIORITIES
    assert queue_of("actionplan.tasks.status_change_fan_out") == "q-bulk"
    assert queue_of("training.tasks.assignments_remind", queue="q-urgent") == "q-urgent"


@pytest.mark.django_db
def test_an_unknown_queue_fails_in_the_caller(django_capture_on_commit_callbacks):
    with pytest.raises(KeyError), django_capture_on_commit_callbacks() as callbacks:
        enqueue(SEND, 1, queue="soonish")
    assert callbacks == []
