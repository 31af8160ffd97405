"""Escalations and reminders proven end to end: a real `celery beat` starts the runs every second, a real worker
takes each step and sends its mail, PostgreSQL and Redis are real. Nothing here calls a task function: the tips
come in through the form, a handler opens one through the inbox, and the test only watches the database and the
worker's mail folder."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import login
from taskforce.testing.plugin import wait_until, worker_env
from tips import reminders
from tips.models import AccessLogEntry, Delivery, Hotline, Tip, TipEscalation

from .factories import receipt_code, report_post

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

MB_HOTLINE = "manitoba-human-trafficking-hotline"
NATIONAL = "canadian-human-trafficking-hotline"
OPEN_WITHIN = timedelta(seconds=5)  # steps at 5, 10 and 15 seconds after delivery


@pytest.fixture
def celery_beat(celery_worker, redis_url, tmp_path):
    """A real `celery beat` process publishing to this test's queues (those the celery_worker fixture chose),
    with the escalation and reminder runs every second."""
    env = worker_env(
        queue=settings.TASK_QUEUE_NAMES["default"],
        redis_url=redis_url,
        TIPS_ESCALATION_RUN_SECONDS="1",
        TIPS_REMINDER_RUN_SECONDS="1",
    )
    processes = []

    def start():
        cmd = [sys.executable, "-m", "celery", "-A", "taskforce", "beat", "--loglevel=WARNING"]
        cmd += ["--schedule", str(tmp_path / "beat-schedule"), "--pidfile", str(tmp_path / "beat.pid")]
        processes.append(
            subprocess.Popen(
                cmd,
                env=env,
                cwd=settings.BASE_DIR,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)


def _escalations(tip) -> list[tuple[str, int]]:
    rows = TipEscalation.objects.filter(delivery__tip=tip)
    return sorted(rows.values_list("delivery__hotline__slug", "step"))


def _sent(template: str, tip) -> list[str]:
    rows = Notification.objects.filter(template=template, subject__contains=tip.reference, state="sent")
    return sorted(rows.values_list("recipient", flat=True))


def _mails_about(worker, tip, words: str) -> int:
    return sum(1 for mail in worker.sent_mail() if tip.reference in mail and words in mail)


def test_beat_and_a_worker_escalate_an_unopened_tip_step_by_step_once_and_leave_an_opened_one_alone(
    celery_worker, celery_beat, make_user, hotline_orgs, hotlines
):
    Hotline.objects.filter(slug=MB_HOTLINE).update(open_within=OPEN_WITHIN, open_within_urgent=OPEN_WITHIN)
    handler = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]])
    coordinator = make_user(roles.HOTLINE_COORDINATOR, orgs=[hotline_orgs["klinic"]])
    national_handler = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]])
    outsider_handler = make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["hamilton-police"]])
    outsider_coordinator = make_user(roles.HOTLINE_COORDINATOR, orgs=[hotline_orgs["hamilton-police"]])
    handler_client = login(Client(), handler)  # signed in beforehand: opening the tip takes a moment only

    worker = celery_worker()
    celery_beat()

    reporter = Client()
    receipt_code(report_post(reporter, province="MB", city="Winnipeg", what_happened="Left waiting"))
    waiting = Tip.objects.get()
    receipt_code(report_post(reporter, province="MB", city="Winnipeg", what_happened="Opened at once"))
    opened = Tip.objects.exclude(id=waiting.id).get()
    assert handler_client.get(f"/en/tips/staff/inbox/{opened.id}/").status_code == 200
    assert Delivery.objects.get(tip=opened).opened_at is not None

    # A reminder the handler set for today: beat's reminder run sends it.
    reminder = reminders.reminder_set(tip=opened, actor=handler, remind_on=timezone.localdate(), reason="Call back")

    def escalated_and_mailed():
        return (
            _escalations(waiting) == [(MB_HOTLINE, 1), (MB_HOTLINE, 2), (MB_HOTLINE, 3)]
            and _sent("tips_escalation_handlers", waiting) == [handler.email]
            and _sent("tips_escalation_coordinators", waiting) == [coordinator.email]
            and national_handler.email in _sent("tips_delivery", waiting)
        )

    wait_until(escalated_and_mailed, timeout=180, interval=0.5, message="the three escalation steps and their mail")
    wait_until(lambda: _sent("tips_reminder", opened) == [handler.email], timeout=60, message="the reminder")
    time.sleep(3)  # beat goes on every second: give a second step or mail, if there were one, the time to appear

    # Each step once, each in the tip's access log, each mailed once.
    assert _escalations(waiting) == [(MB_HOTLINE, 1), (MB_HOTLINE, 2), (MB_HOTLINE, 3)]
    logged = AccessLogEntry.objects.filter(tip=waiting, action=AccessLogEntry.Action.ESCALATED)
    details = sorted(d[: len(MB_HOTLINE) + 8] for d in logged.values_list("detail", flat=True))
    assert details == [f"{MB_HOTLINE}: step {n}" for n in (1, 2, 3)]
    assert _sent("tips_escalation_handlers", waiting) == [handler.email]
    assert _sent("tips_escalation_coordinators", waiting) == [coordinator.email]
    assert _sent("tips_delivery", waiting) == sorted([handler.email, national_handler.email])
    assert _mails_about(worker, waiting, "longer than the time set for opening it") == 1
    assert _mails_about(worker, waiting, "has waited twice the time set for opening it") == 1
    national = Delivery.objects.get(tip=waiting, hotline__slug=NATIONAL)
    assert national.state == Delivery.State.DELIVERED

    # Nobody of another hotline heard of it.
    everyone_told = set(Notification.objects.values_list("recipient", flat=True))
    assert outsider_handler.email not in everyone_told and outsider_coordinator.email not in everyone_told

    # The tip a handler opened before its time never escalates; its reminder went out once, without its reason.
    assert _escalations(opened) == []
    assert not Notification.objects.filter(template__startswith="tips_escalation", subject__contains=opened.reference)
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert _mails_about(worker, opened, "You asked to be reminded today") == 1
    assert not any("Call back" in mail for mail in worker.sent_mail())
