"""Closed tips are purged after the retention period, handlers are warned first, activity postpones it."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from taskforce.models import Notification
from tips import services, tasks
from tips.models import AccessLogEntry, Tip, TipMessage

from .factories import tip_data
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db


def closed_tip(handler, *, days_ago: int, files=()):
    tip = services.tip_submit(form_data=tip_data(what_happened="purge me"), files=files).tip
    services.tip_message_add(tip=tip, actor=handler, kind="reply", body="we are on it")
    services.tip_set_status(tip=tip, actor=handler, status="closed", close_reason="no_info")
    past = timezone.now() - timedelta(days=days_ago)
    Tip.objects.filter(id=tip.id).update(closed_at=past, last_activity_at=past)
    return Tip.objects.get(id=tip.id)


def test_warn_then_purge_leaving_an_audit_entry_without_content(
    hotlines, handler_national, settings, django_capture_on_commit_callbacks
):
    from tips.uploads import CleanFile  # noqa: PLC0415 -- used by this test only

    tip = closed_tip(handler_national, days_ago=91, files=[CleanFile("image/png", png_bytes())])
    stored = Path(settings.MEDIA_ROOT) / tip.files.get().storage_name
    assert stored.exists()
    assert tasks.tips_purge_closed() == {"warned": 1, "purged": 0}
    warning = Notification.objects.get(template="tips_purge_warning")
    assert warning.recipient == handler_national.email and tip.reference in warning.body_text
    assert "purge me" not in warning.body_text
    Tip.objects.filter(id=tip.id).update(purge_warned_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.tips_purge_closed() == {"warned": 0, "purged": 1}
    assert not Tip.objects.exists() and not TipMessage.objects.exists()
    assert not stored.exists()
    entry = AccessLogEntry.objects.get(action="purged")
    assert entry.tip_reference == tip.reference and entry.tip is None and "purge me" not in entry.detail


def test_open_and_recent_tips_are_kept(hotlines, handler_national):
    services.tip_submit(form_data=tip_data())
    closed_tip(handler_national, days_ago=10)
    assert tasks.tips_purge_closed() == {"warned": 0, "purged": 0}
    assert Tip.objects.count() == 2


def test_retention_is_configurable(hotlines, handler_national, settings):
    settings.TIPS_RETENTION_DAYS = 30
    closed_tip(handler_national, days_ago=31)
    assert tasks.tips_purge_closed()["warned"] == 1


def test_activity_after_the_warning_postpones_the_purge(hotlines, handler_national):
    tip = closed_tip(handler_national, days_ago=91)
    tasks.tips_purge_closed()
    Tip.objects.filter(id=tip.id).update(purge_warned_at=timezone.now() - timedelta(days=2))
    services.tip_message_add(tip=Tip.objects.get(id=tip.id), actor=handler_national, kind="note", body="keep")
    assert tasks.tips_purge_closed() == {"warned": 0, "purged": 0}
    assert Tip.objects.filter(id=tip.id).exists()


def test_reopening_a_tip_keeps_it(hotlines, handler_national):
    tip = closed_tip(handler_national, days_ago=91)
    services.tip_set_status(tip=tip, actor=handler_national, status="triaged")
    assert tasks.tips_purge_closed() == {"warned": 0, "purged": 0}


# ----- chunks and runs that overlap ---------------------------------------------------------------------------


def warnings_sent() -> int:
    return Notification.objects.filter(template="tips_purge_warning").count()


def test_a_run_handles_at_most_a_chunk_and_queues_the_next_while_more_are_due(
    hotlines, handler_national, settings, monkeypatch
):
    """A backlog (a first run after months, a retention shortened) must not hold one run past the broker's
    visibility timeout, after which Redis hands the same run to a second worker."""
    settings.TIPS_PURGE_CHUNK = 2
    for _ in range(5):
        closed_tip(handler_national, days_ago=91)
    queued = []
    monkeypatch.setattr(services, "enqueue", lambda name, *args, **kw: queued.append(name), raising=False)
    assert tasks.tips_purge_closed() == {"warned": 2, "purged": 0}
    assert warnings_sent() == 2 and queued == ["tips.tasks.tips_purge_closed"]
    assert tasks.tips_purge_closed() == {"warned": 2, "purged": 0}
    assert tasks.tips_purge_closed() == {"warned": 1, "purged": 0}
    assert warnings_sent() == 5 and len(queued) == 2, "the last run, with nothing left, queues no other"


def test_one_scheduled_run_gets_through_the_whole_backlog_chunk_by_chunk(hotlines, handler_national, settings):
    settings.TIPS_PURGE_CHUNK = 2
    tips = [closed_tip(handler_national, days_ago=91) for _ in range(5)]
    tasks.tips_purge_closed()  # in-process here (no broker): the queued runs follow at once
    assert warnings_sent() == 5
    assert Tip.objects.filter(purge_warned_at__isnull=False).count() == len(tips)


def test_two_runs_at_once_warn_once_and_purge_once(hotlines, handler_national):
    """Two workers holding the same run (a redelivery) each took the same tips before either acted."""
    tip = closed_tip(handler_national, days_ago=91)
    first, second = Tip.objects.get(id=tip.id), Tip.objects.get(id=tip.id)
    assert services.tip_purge_warn(tip=first) is True
    assert services.tip_purge_warn(tip=second) is False
    assert warnings_sent() == 1
    Tip.objects.filter(id=tip.id).update(purge_warned_at=timezone.now() - timedelta(days=2))
    first, second = Tip.objects.get(id=tip.id), Tip.objects.get(id=tip.id)
    assert services.tip_purge(tip=first) is True
    assert services.tip_purge(tip=second) is False
    assert AccessLogEntry.objects.filter(tip_reference=tip.reference, action="purged").count() == 1


def test_a_tip_that_saw_activity_after_the_run_began_is_not_purged(hotlines, handler_national):
    tip = closed_tip(handler_national, days_ago=91)
    Tip.objects.filter(id=tip.id).update(purge_warned_at=timezone.now() - timedelta(days=2))
    taken = Tip.objects.get(id=tip.id)  # the run's list
    services.tip_message_add(tip=Tip.objects.get(id=tip.id), actor=handler_national, kind="note", body="keep it")
    assert services.tip_purge(tip=taken) is False
    assert Tip.objects.filter(id=tip.id).exists()
