"""Notifications through the real broker and a real Celery worker process."""

import json
from base64 import b64decode

import pytest
import redis

from actionplan.models import Status
from actionplan.services import STATUS_FAN_OUT, item_post_update
from actionplan.tasks import status_change_fan_out
from actionplan.tests.factories import ActionItemFactory, PlanFactory
from taskforce import roles
from taskforce.models import Notification
from taskforce.notifications import SEND_TASK, notify
from taskforce.queue import queue_name as _queue_name
from taskforce.testing.factories import OrganizationFactory, UserFactory
from taskforce.testing.plugin import wait_until
from tips import reference as tips_reference
from tips.services import tip_submit
from tips.tests.factories import hotline_organizations, tip_data

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


def _waiting(redis_url) -> dict[str, list[dict]]:
    """The messages waiting in each of this test's queues on the real Redis (kombu keeps a queue as a list)."""
    from django.conf import settings  # noqa: PLC0415 -- the names the celery_worker fixture gave this test

    broker = redis.Redis.from_url(redis_url)
    return {
        priority: [json.loads(raw) for raw in broker.lrange(name, 0, -1)]
        for priority, name in settings.TASK_QUEUE_NAMES.items()
    }


def _tasks(messages) -> list[str]:
    return sorted(message["headers"]["task"] for message in messages)


def test_tip_notices_wait_on_the_urgent_queue_and_a_fan_out_s_mails_on_bulk(celery_worker, redis_url, make_user):
    """No worker is started: every message the code publishes stays in its queue's list, where we read it."""
    orgs = hotline_organizations()
    tips_reference.load()
    for org in orgs.values():
        make_user(roles.TIP_HANDLER, orgs=[org])
    tip_submit(form_data=tip_data())
    notices = Notification.objects.filter(template="tips_delivery")
    waiting = _waiting(redis_url)
    assert notices.exists() and _tasks(waiting["urgent"]) == [SEND_TASK] * notices.count()
    assert waiting["default"] == [] and waiting["bulk"] == []
    routed = waiting["urgent"][0]["properties"]["delivery_info"]["routing_key"]
    assert routed == _queue_name("urgent")

    lead = OrganizationFactory(slug="lead")
    author, *colleagues = [make_user(roles.MEMBER, orgs=[lead]) for _ in range(4)]
    item = ActionItemFactory(plan=PlanFactory(), number=1, slug="first", lead_organization=lead)
    entry = item_post_update(item=item, actor=author, expected_version=1, status=Status.COMPLETE, reason="Done.")
    (fan_out,) = _waiting(redis_url)["bulk"]
    assert fan_out["headers"]["task"] == STATUS_FAN_OUT and json.loads(b64decode(fan_out["body"]))[0] == [entry.id]

    status_change_fan_out(entry.id)  # what the bulk worker does with it
    waiting = _waiting(redis_url)
    assert _tasks(waiting["bulk"]) == sorted([STATUS_FAN_OUT] + [SEND_TASK] * len(colleagues))
    assert _tasks(waiting["urgent"]) == [SEND_TASK] * notices.count() and waiting["default"] == []
