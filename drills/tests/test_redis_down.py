"""Redis stopped in the middle of a burst of 500 tips sent through the real form.

The drill starts a Redis of its own (the shared one is never stopped), points the cache (rate limits), the
broker and a real worker at it, stops it after the first 100 tips and starts it again after the last one.
Every submission must be accepted and stored, and once Redis is back and the sweeper has run, every delivery
must be made exactly once: one "delivered" entry in the access log, one notice per handler, one mail each.
"""

from collections import Counter

import pytest

from taskforce.models import Notification
from taskforce.testing.plugin import wait_until

from .helpers import open_forms, send_forms

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BURST = 500
BEFORE_THE_CUT = 100


@pytest.fixture
def tips_on(private_redis, settings):
    """The app's cache (the tip form's rate limits) on the private Redis; limits high enough for one burst."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "drill",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.TIPS_RATE_PER_ADDRESS = BURST * 2
    settings.TIPS_RATE_GLOBAL = BURST * 2
    return private_redis


def test_every_tip_of_a_burst_is_stored_and_delivered_exactly_once_across_a_redis_outage(
    tips_on, drill_workers, seeded, client
):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only
    from taskforce.selectors import users_with_role  # noqa: PLC0415 -- used by this test only
    from taskforce.tasks import notifications_sweep  # noqa: PLC0415 -- used by this test only
    from tips.models import AccessLogEntry, Delivery, Tip  # noqa: PLC0415 -- used by this test only

    redis = tips_on
    workers = drill_workers(redis.url)
    worker = workers.start()
    tokens = open_forms(client, BURST)

    codes = send_forms(client, tokens[:BEFORE_THE_CUT])
    redis.stop()
    codes += send_forms(client, tokens[BEFORE_THE_CUT:], first=BEFORE_THE_CUT)

    assert len(set(codes)) == BURST  # every submission answered with its own receipt code
    assert Tip.objects.count() == BURST
    notices = Notification.objects.filter(template="tips_delivery")
    waiting = notices.exclude(state=Notification.State.SENT).count()
    assert waiting > 0  # what was queued while Redis was down waits in the database, not in memory

    redis.start()
    assert worker.proc.poll() is None, (
        "the Celery worker exited when its broker went away (see its stderr); nothing would deliver the tips"
    )
    assert not Delivery.objects.exclude(state=Delivery.State.DELIVERED).exists()  # routed with the tip
    deliveries = list(Delivery.objects.select_related("hotline"))
    assert len(deliveries) >= BURST
    delivered_log = Counter(
        (entry.tip_id, entry.detail) for entry in AccessLogEntry.objects.filter(action=AccessLogEntry.Action.DELIVERED)
    )
    assert all(delivered_log[(d.tip_id, d.hotline.slug)] == 1 for d in deliveries), "a delivery was made twice"
    assert sum(delivered_log.values()) == len(deliveries)

    handlers = {
        d.hotline.organization_id: users_with_role(roles.TIP_HANDLER, [d.hotline.organization_id]).count()
        for d in deliveries
    }
    expected_notices = sum(handlers[d.hotline.organization_id] for d in deliveries)
    assert notices.count() == expected_notices, "a handler was told about a delivery more or less than once"

    notifications_sweep()  # a notice whose queueing failed is sent by the sweeper (every two minutes)

    def all_sent():
        return not notices.exclude(state=Notification.State.SENT).exists()

    wait_until(all_sent, timeout=600, interval=1, message="every delivery notice to be sent")
    mails = "".join(workers.started[0].sent_mail())  # the file backend may append two messages to one file
    assert mails.count("Message-ID: ") == expected_notices
