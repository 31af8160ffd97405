"""With a real Redis broker and a real Celery worker: the daily task delists expired entries and the
subscribers' notices go out through the worker."""

from datetime import timedelta

import pytest
from django.utils import timezone

from publications.models import ChangeAnnouncement, RegistryEntry, Subscription
from taskforce.testing.plugin import wait_until

from .factories import make_entry

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_task_on_a_real_worker_delists_and_mails_subscribers(celery_worker, editor):
    from publications.tasks import registry_delist_expired  # noqa: PLC0415 -- used by this test only

    worker = celery_worker()
    Subscription.objects.create(email="desk@news.example", confirmed_at=timezone.now())
    entry = make_entry(created_by=editor, review_on=timezone.localdate() - timedelta(days=1))
    # Its addition was announced long ago; only the delisting is news (the sweep would otherwise announce both).
    ChangeAnnouncement.objects.create(change=entry.changes.get())
    registry_delist_expired.delay()
    registry_delist_expired.delay()  # a second run (e.g. beat fired twice) changes nothing more

    def delisted_and_mailed():
        entry.refresh_from_db()
        return entry.status == RegistryEntry.Status.DELISTED and any(entry.public_id in m for m in worker.sent_mail())

    wait_until(delisted_and_mailed, timeout=60, message="the worker to delist the entry and mail the subscriber")
    assert entry.changes.filter(kind="delisting").count() == 1
    mails = [m for m in worker.sent_mail() if entry.public_id in m]
    assert len(mails) == 1 and "desk@news.example" in mails[0]
