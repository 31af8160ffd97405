"""A worker killed (SIGKILL) in the middle of sending a mail: another worker sends it, and it is sent once.

The mail server is real and holds the first message it is given without ever answering it, so the first
worker is caught mid-delivery when it is killed.
"""

import time
from datetime import timedelta

import pytest

from taskforce.models import Notification, NotificationAttempt
from taskforce.notifications import notify
from taskforce.tasks import notifications_sweep
from taskforce.testing.factories import UserFactory
from taskforce.testing.plugin import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE = timedelta(seconds=2)


def test_a_mail_in_flight_when_its_worker_is_killed_is_sent_once_by_another_worker(
    drill_workers, shared_redis_url, smtp_server, settings
):
    server = smtp_server("stall_first")
    workers = drill_workers(shared_redis_url, smtp_port=server.port)
    first = workers.start()
    ada = UserFactory(email="ada@example.org")
    (notification,) = notify(
        recipients=[ada], template="password_reset", context={"uid": "u"}, secret=("password_reset", ada.pk)
    )
    wait_until(lambda: server.inbox.data_seen == 1, timeout=60, message="the first worker to be sending the mail")
    assert Notification.objects.get(id=notification.id).state == Notification.State.SENDING

    first.kill()  # SIGKILL: no cleanup, no acknowledgement, the claim stays in the database
    assert first.proc.poll() is not None
    second = workers.start()
    # The sweeper (every two minutes) releases a claim older than the sending lease (five minutes in
    # NOTIFICATION_SENDING_LEASE_SECONDS); the drill shortens the lease rather than wait five minutes.
    settings.NOTIFICATION_SENDING_LEASE_SECONDS = LEASE.total_seconds()
    time.sleep(LEASE.total_seconds() + 0.5)
    notifications_sweep()

    wait_until(
        lambda: Notification.objects.get(id=notification.id).state == Notification.State.SENT,
        timeout=60,
        message="the second worker to send the mail",
    )
    assert second.proc.poll() is None
    assert server.inbox.recipients() == ["ada@example.org"]  # accepted once, by the second worker
    assert NotificationAttempt.objects.filter(notification=notification, succeeded=True).count() == 1
    notifications_sweep()  # a later sweep finds nothing to send again
    time.sleep(1)
    assert server.inbox.recipients() == ["ada@example.org"]
