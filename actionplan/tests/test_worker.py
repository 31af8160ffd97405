"""The beat tasks and the status-change mail through the real broker and a real Celery worker process."""

import datetime as dt
import time

import pytest

from actionplan import services, tasks
from actionplan.models import Status
from taskforce import roles
from taskforce.testing.plugin import wait_until

from .factories import MilestoneFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_overdue_milestone_mail_goes_out_once_even_when_the_task_runs_twice(celery_worker, item, member_a):
    worker = celery_worker()
    MilestoneFactory(item=item, due_date=dt.date(2020, 1, 1), title="Late milestone")
    tasks.milestones_flag_overdue.delay()
    tasks.milestones_flag_overdue.delay()
    wait_until(lambda: len(worker.sent_mail()) >= 1, message="the overdue mail")
    wait_until(lambda: not item.milestones.filter(overdue_notified_at=None).exists(), message="the claim")
    time.sleep(2)  # leave the second run time to (wrongly) send a second mail
    mails = worker.sent_mail()
    assert len(mails) == 1 and member_a.email in mails[0] and "Late milestone" in mails[0]


def test_a_status_change_is_mailed_by_the_worker_after_commit(celery_worker, item, member_a, make_user, org_a):
    worker = celery_worker()
    colleague = make_user(roles.MEMBER, orgs=[org_a], email="colleague@example.org")
    services.item_post_update(
        item=item, actor=member_a, expected_version=1, status=Status.COMPLETE, progress=100, reason="All done."
    )
    wait_until(lambda: any(colleague.email in m for m in worker.sent_mail()), message="the status mail")
    assert "All done." in worker.sent_mail()[0]
