"""Never lose a tip: deliveries in the same transaction, sent after commit, idempotent, swept when the broker
was down. Notifications name a reference and a link, never content."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from taskforce.models import Notification
from tips import services, tasks
from tips.models import Delivery, Tip

from .factories import receipt_code, report_post, reset_broker_connections, tip_data

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
        assert "/tips/inbox/" in note.body_text
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
    tip = services.tip_submit(form_data=tip_data()).tip
    delivery = tip.deliveries.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.delivery_send(delivery.id) == "delivered"
        assert tasks.delivery_send(delivery.id) == "skipped"
    assert Notification.objects.filter(template="tips_delivery").count() == 1
    assert len(mail.outbox) == 1


def test_sweeper_requeues_pending_and_releases_stale_claims(hotlines, handler_national, settings):
    pending = services.tip_submit(form_data=tip_data()).tip.deliveries.get()  # on_commit never ran: still pending
    stale = services.tip_submit(form_data=tip_data()).tip.deliveries.get()
    fresh = services.tip_submit(form_data=tip_data()).tip.deliveries.get()
    Delivery.objects.filter(id=stale.id).update(state="sending", claimed_at=timezone.now() - timedelta(hours=1))
    Delivery.objects.filter(id=fresh.id).update(state="sending", claimed_at=timezone.now())
    assert tasks.deliveries_sweep() == 2
    states = dict(Delivery.objects.values_list("id", "state"))
    assert states == {pending.id: "delivered", stale.id: "delivered", fresh.id: "sending"}
    assert Notification.objects.filter(template="tips_delivery").count() == 2
    assert tasks.deliveries_sweep() == 0
    assert Notification.objects.filter(template="tips_delivery").count() == 2


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
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert not Notification.objects.filter(template="tips_delivery").exists()


def test_after_the_broker_comes_back_the_sweeper_delivers_once(
    client, hotlines, handler_national, broker_down, django_capture_on_commit_callbacks
):
    from taskforce.celery import app  # noqa: PLC0415 -- used by this test only

    with django_capture_on_commit_callbacks(execute=True):
        report_post(client)
    app.conf.task_always_eager = True  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        tasks.deliveries_sweep()
        tasks.deliveries_sweep()
    assert Delivery.objects.get().state == "delivered"
    assert Notification.objects.filter(template="tips_delivery").count() == 1
