"""Notifications through the real broker and a real Celery worker process."""

import pytest

from taskforce.models import Notification
from taskforce.notifications import notify
from taskforce.testing.factories import UserFactory
from taskforce.testing.plugin import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_mail_once(celery_worker):
    worker = celery_worker()
    user = UserFactory(email="ada@example.org")
    (notification,) = notify(
        recipients=[user], template="password_reset", context={"uid": "u"}, secret=("password_reset", user.pk)
    )

    def sent():
        return Notification.objects.get(id=notification.id).state == Notification.State.SENT

    wait_until(sent, message="the worker to send the notification")
    mails = worker.sent_mail()
    assert len(mails) == 1 and "ada@example.org" in mails[0]
