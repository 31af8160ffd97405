"""Never lose a tip: routed and its handlers' notices written in the same transaction, sent after commit, once,
swept when the broker was down. Notifications name a reference and a link, never content."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from taskforce import tasks
from taskforce.models import Notification
from taskforce.testing.plugin import reset_broker_connections
from tips import services
from tips.models import Delivery, Tip

from .factories import receipt_code, report_post, tip_data

pytestmark = pytest.mark.django_db


def test_submission_delivers_to_each_hotlines_handlers_after_commit(
    hotlines, handler_national, make_user, hotline_orgs, django_capture_on_commit_callbacks
):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only

    hamilton = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]])
    with django_capture_on_commit_callbacks(execute=True):
        receipt = services.tip_submit(
            form_data=tip_data(province="ON", city="Hamilton", what_happened="Secret detail 4411")
        )
    assert set(receipt.tip.deliveries.values_list("state", flat=True)) == {"delivered"}
    notes = Notification.objects.filter(template="tips_delivery")
    assert sorted(notes.values_list("recipient", flat=True)) == sorted([handler_national.email, hamilton.email])
    for note in notes:
        assert receipt.tip.reference in note.subject and receipt.tip.reference in note.body_text
        assert "/tips/staff/inbox/" in note.body_text
        assert "4411" not in note.subject + note.body_text + note.body_html
    assert len(mail.outbox) == 2 and all("4411" not in m.body for m in mail.outbox)


def test_nothing_is_queued_before_commit_and_a_rollback_leaves_nothing(hotlines, django_capture_on_commit_callbacks):
    from django.db import transaction  # noqa: PLC0415 -- used by this test only

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.tip_submit(form_data=tip_data())
            raise RuntimeError
    assert not Tip.objects.exists() and not Delivery.objects.exists()
    assert callbacks == []


def test_a_redelivered_task_sends_nothing_twice(hotlines, handler_national, django_capture_on_commit_callbacks):
    tip = services.tip_submit(form_data=tip_data()).tip  # on_commit never ran: the notice waits
    (notice,) = Notification.objects.filter(template="tips_delivery")
    assert tip.deliveries.get().state == "delivered"  # routed: the tip is in the hotline's inbox already
    assert tasks.notification_send(notice.id) == "sent"
    assert tasks.notification_send(notice.id) == "skipped"
    assert Notification.objects.filter(template="tips_delivery").count() == 1
    assert len(mail.outbox) == 1


def test_sweeper_sends_waiting_notices_and_releases_stale_claims(hotlines, handler_national, settings):
    tips = [services.tip_submit(form_data=tip_data()).tip for _ in range(3)]  # on_commit never ran: all wait
    pending, stale, fresh = (
        Notification.objects.get(template="tips_delivery", subject__contains=t.reference) for t in tips
    )
    Notification.objects.filter(id=stale.id).update(state="sending", claimed_at=timezone.now() - timedelta(hours=1))
    Notification.objects.filter(id=fresh.id).update(state="sending", claimed_at=timezone.now())
    assert tasks.notifications_sweep() == 2
    states = dict(Notification.objects.values_list("id", "state"))
    assert states == {pending.id: "sent", stale.id: "sent", fresh.id: "sending"}
    assert len(mail.outbox) == 2
    assert tasks.notifications_sweep() == 0
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(state="delivered").count() == 3


@pytest.fixture
def broker_down(settings):
    """Celery pointed at a broker that refuses connections, as when Redis is stopped."""
    from taskforce.celery import app  # noqa: PLC0415 -- used by this test only

    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_connection_timeout = 0.5
    reset_broker_connections(app)
    yield
    app.conf.task_always_eager, app.conf.broker_url = old
    reset_broker_connections(app)


def test_broker_down_the_submission_still_succeeds(
    client, hotlines, handler_national, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = report_post(client)
    assert response.status_code == 200
    assert receipt_code(response)
    assert Delivery.objects.get().state == "delivered"  # routed: in the hotline's inbox
    assert Notification.objects.get(template="tips_delivery").state == "pending"  # the notice waits, not lost
    assert mail.outbox == []


def test_after_the_broker_comes_back_the_sweeper_delivers_once(
    client, hotlines, handler_national, broker_down, django_capture_on_commit_callbacks
):
    from taskforce.celery import app  # noqa: PLC0415 -- used by this test only

    with django_capture_on_commit_callbacks(execute=True):
        report_post(client)
    app.conf.task_always_eager = True  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        tasks.notifications_sweep()
        tasks.notifications_sweep()
    assert Delivery.objects.get().state == "delivered"
    assert Notification.objects.get(template="tips_delivery").state == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_deliveries_waiting_at_the_upgrade_are_announced_once(hotlines, handler_national):
    """The migration that drops the deliveries' own sending tells the handlers of any delivery still waiting."""
    from django.db import connection  # noqa: PLC0415 -- used by this test only
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415 -- used by this test only

    from tips.models import Hotline  # noqa: PLC0415 -- used by this test only

    before, after = [("tips", "0001_initial")], [("tips", "0002_delivery_is_routing_history")]
    national = Hotline.objects.get(is_national=True)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("tips")
    executor.migrate(before)
    try:
        _announce_once_after(connection, before, after, national, handler_national)
    finally:
        MigrationExecutor(connection).migrate(latest)  # the next tests need today's tables


def _announce_once_after(connection, before, after, national, handler_national):
    from django.db.migrations.executor import MigrationExecutor  # noqa: PLC0415 -- used by this test only

    from tips.models import AccessLogEntry  # noqa: PLC0415 -- used by this test only

    executor = MigrationExecutor(connection)
    old_apps = executor.loader.project_state(before).apps
    old_tip = old_apps.get_model("tips", "Tip").objects.create(
        reference="T-LEGACY01", receipt_hash="0" * 64, kind="labour", province="ON", what_happened="Old 4411"
    )
    old_apps.get_model("tips", "Delivery").objects.create(tip=old_tip, hotline_id=national.id, state="pending")
    MigrationExecutor(connection).migrate(after)
    assert Delivery.objects.filter(tip_id=old_tip.id).values_list("state", flat=True).get() == "delivered"
    (notice,) = Notification.objects.filter(template="tips_delivery")
    assert notice.recipient == handler_national.email and "T-LEGACY01" in notice.subject
    assert "4411" not in notice.subject + notice.body_text + notice.body_html
    assert AccessLogEntry.objects.filter(tip_id=old_tip.id, action="delivered", detail=national.slug).count() == 1
