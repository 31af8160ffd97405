"""The real broker drill: a Redis server of our own, a real Celery worker, PostgreSQL.

Stop Redis, submit, start it again, run the sweeper: every handler is told exactly once, and the broker's
messages never carry tip content (tasks take ids only).
"""

import time

import pytest

from taskforce import roles, tasks
from taskforce.models import Notification
from taskforce.testing.plugin import Workers, wait_until
from tips.models import Delivery

from .factories import report_post

pytestmark = [pytest.mark.worker, pytest.mark.redis]

CANARY = "CANARY-broker-5e1d-Wombat"


@pytest.fixture
def tips_worker(transactional_db, private_redis, tmp_path, settings):
    """Like the shared `celery_worker` fixture, but on the test's own Redis server."""
    media = {"TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    with Workers(settings, broker_url=private_redis.url, mail_dir=tmp_path / "mail", **media) as workers:
        yield workers.start


def _all_delivered() -> bool:
    notices = Notification.objects.filter(template="tips_delivery")
    return notices.exists() and not notices.exclude(state="sent").exists()


def test_broker_stopped_submit_restart_sweep_delivers_exactly_once(
    client, hotlines, handler_national, make_user, hotline_orgs, private_redis, tips_worker
):
    hamilton = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]])

    # 1. Broker up, worker not yet started: the queued message is in Redis; it carries ids, never content.
    assert report_post(client, what_happened=f"First tip {CANARY}", contact_preference=CANARY).status_code == 200
    stored = private_redis.everything()
    assert any(b"taskforce.tasks.notification_send" in item for item in stored), "the scan must see the queued task"
    assert not any(CANARY.encode() in item for item in stored)

    worker = tips_worker()
    wait_until(_all_delivered, message="the first tip to be delivered")

    # 2. Broker down: the submission still succeeds, its notices wait in the database.
    private_redis.stop()
    response = report_post(client, province="ON", city="Hamilton", what_happened=f"Second tip {CANARY}")
    assert response.status_code == 200
    assert Notification.objects.filter(template="tips_delivery", state="pending").count() == 2
    assert Delivery.objects.filter(state="delivered").count() == 3  # routed at once: in both inboxes

    # 3. Broker back: the sweeper (run more than once, as beat would) redelivers; nothing is sent twice.
    private_redis.start()

    def swept_and_delivered():
        try:
            tasks.notifications_sweep()
        except Exception:  # noqa: BLE001 - the first publish after a restart may find a stale connection
            pass
        return _all_delivered()

    wait_until(swept_and_delivered, timeout=60, interval=1, message="the sweeper to deliver the second tip")
    tasks.notifications_sweep()
    wait_until(lambda: len(worker.sent_mail()) >= 3, timeout=60, message="three mails")
    time.sleep(2)  # give a duplicate, if there were one, the time to arrive

    per_recipient = sorted(Notification.objects.filter(template="tips_delivery").values_list("recipient", flat=True))
    assert per_recipient == sorted([handler_national.email, handler_national.email, hamilton.email])
    mails = worker.sent_mail()
    assert len(mails) == 3
    assert not any(CANARY in mail for mail in mails)
    assert not any(CANARY.encode() in item for item in private_redis.everything())
