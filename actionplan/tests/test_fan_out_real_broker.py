"""The fan-out's continuation with a real broker and a real worker (issue 16): Redis is down when a fan-out's first
run ends, so its mails and its next run are refused; Redis comes back, the sweeper resumes the fan-out from its
recorded progress, the worker runs it to the end: everyone is mailed exactly once."""

import datetime as dt
import re
import time
from collections import Counter

import pytest
from django.utils import timezone

from actionplan import tasks
from actionplan.models import Status
from taskforce import roles
from taskforce import tasks as taskforce_tasks
from taskforce.models import FanOut, Notification
from taskforce.testing.plugin import reset_broker_connections, wait_until
from tips.tests import test_real_broker

# A worker on a Redis server of the test's own (the plugin's `private_redis`), stopped and started at will.
tips_worker = test_real_broker.tips_worker

pytestmark = [pytest.mark.worker, pytest.mark.redis]


@pytest.fixture
def chunks_of_3(monkeypatch, settings):
    settings.NOTIFICATION_FANOUT_CHUNK = 3
    monkeypatch.setenv("NOTIFICATION_FANOUT_CHUNK", "3")  # the worker's too


def _sweep():
    try:
        taskforce_tasks.notifications_sweep()
    except Exception:  # noqa: BLE001 - the first publish after a restart may find a stale connection
        pass


def test_broker_down_between_runs_then_back_everyone_is_mailed_once(
    chunks_of_3, private_redis, tips_worker, item, member_a, member_partner, org_a, make_user, post_update, settings
):
    from taskforce.celery import app  # noqa: PLC0415 -- used by this test only

    people = [*(make_user(roles.MEMBER, orgs=[org_a]) for _ in range(7)), member_partner]
    private_redis.stop()
    entry = post_update(item, member_a, status=Status.COMPLETE)  # its fan-out's start is refused
    assert tasks.status_change_fan_out(entry.id) is False  # the first run; its mails and its next run are refused
    assert Notification.objects.filter(state="pending").count() == 3 and FanOut.objects.get().finished_at is None

    private_redis.start()
    reset_broker_connections(app)
    worker = tips_worker()
    FanOut.objects.update(updated_at=timezone.now() - dt.timedelta(seconds=settings.NOTIFICATION_FANOUT_STALL_SECONDS))

    def everyone_mailed():
        _sweep()
        return Notification.objects.filter(state="sent").count() == len(people)

    wait_until(everyone_mailed, timeout=90, interval=1, message="the resumed fan-out to mail everyone")
    _sweep()
    time.sleep(2)  # give a duplicate, if there were one, the time to arrive
    mailed = Counter(re.search(r"^To: (.+)$", mail, re.M).group(1).strip() for mail in worker.sent_mail())
    assert mailed == {person.email: 1 for person in people}
    assert FanOut.objects.get().finished_at is not None
