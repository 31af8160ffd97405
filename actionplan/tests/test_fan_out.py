"""A status change told to a whole organization (issue 16): the request does a fixed number of queries and queues
one fan-out after commit; the fan-out mails the people who follow or act on the plan, in chunks, once each."""

import datetime as dt
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actionplan import services, tasks
from actionplan.models import Milestone, Status, StatusUpdate
from taskforce import queue, roles
from taskforce import tasks as taskforce_tasks
from taskforce.models import FanOut, Notification
from taskforce.testing.plugin import broker_refusing

from .factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def _post_status(client, item, status):
    item.refresh_from_db()
    data = {"status": status, "progress": item.progress, "reason": "Funding arrived.", "version": item.version}
    return client.post(reverse("actionplan:item_update", args=[item.url_key]), data)


def _members(make_user, org, count, role=roles.MEMBER):
    return [make_user(role, orgs=[org]) for _ in range(count)]


def _mailed() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_the_status_change_post_costs_the_same_with_2_and_with_40_colleagues(
    item, member_a, org_a, make_user, login_as, client, django_capture_on_commit_callbacks
):
    login_as(member_a)
    counts, queued = [], []
    for statuses, colleagues in ((Status.CHALLENGES, 2), (Status.NOT_PURSUED, 38)):  # 2, then 40 in the lead
        _members(make_user, org_a, colleagues)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            with CaptureQueriesContext(connection) as queries:
                assert _post_status(client, item, statuses).status_code == 302
        counts.append(len(queries.captured_queries))
        queued.append(len(callbacks))
    assert counts[0] == counts[1], counts  # 1x and 20x the people: the same queries
    assert queued == [1, 1]  # one fan-out queued, not one mail per person
    assert not Notification.objects.exists()  # nobody is mailed inside the request


def test_plan_people_and_followers_are_told_learners_and_handlers_of_the_organization_are_not(
    item,
    member_a,
    member_partner,
    member_b,
    org_a,
    org_b,
    make_user,
    login_as,
    client,
    django_capture_on_commit_callbacks,
):
    colleague = make_user(roles.MEMBER, orgs=[org_a], email="colleague@example.org")
    lead_coordinator = make_user(roles.COORDINATOR, orgs=[org_a], email="coord@example.org")
    follower = make_user(roles.MEMBER, orgs=[org_b], email="follower@example.org")
    item.followers.add(follower)
    learner = make_user(roles.LEARNER, orgs=[org_a], email="learner@example.org")
    handler = make_user(roles.TIP_HANDLER, orgs=[org_a], email="handler@example.org")
    no_role = make_user(orgs=[org_a], email="norole@example.org")
    gone = make_user(roles.MEMBER, orgs=[org_a], email="gone@example.org", is_active=False)
    login_as(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_status(client, item, Status.COMPLETE).status_code == 302
    told = [colleague, lead_coordinator, follower, member_partner]
    assert _mailed() == sorted(person.email for person in told)
    for person in (learner, handler, no_role, gone, member_b, member_a):  # member_a wrote it
        assert person.email not in _mailed()
    assert "new status" in mail.outbox[0].subject


def test_running_the_fan_out_twice_mails_each_person_once(
    item, member_a, member_partner, org_a, make_user, post_update, django_capture_on_commit_callbacks
):
    colleagues = _members(make_user, org_a, 3)
    with django_capture_on_commit_callbacks(execute=False):  # the fan-out not run yet
        entry = post_update(item, member_a, status=Status.COMPLETE)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.status_change_fan_out(entry.id)
        tasks.status_change_fan_out(entry.id)  # redelivered, or queued twice
        tasks.status_change_fan_out(entry.id, 0)
    expected = sorted(person.email for person in [*colleagues, member_partner])
    assert _mailed() == expected
    assert Notification.objects.filter(template="actionplan_status_changed").count() == len(expected)


@pytest.fixture
def published(monkeypatch):
    """Every task the code queues, as (name, args, priority), still run (eagerly) as before."""
    seen = []
    publish = queue._publish

    def spy(task, args, eta, priority=None):
        seen.append((task.name, args, priority))
        return publish(task, args, eta, priority)

    monkeypatch.setattr(queue, "_publish", spy)
    return seen


def test_in_chunks_of_3_ten_people_get_exactly_one_mail_each_and_tasks_carry_ids_only(
    item, member_a, org_a, make_user, login_as, client, settings, published, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_FANOUT_CHUNK = 3
    people = _members(make_user, org_a, 7) + _members(make_user, org_a, 3, role=roles.COORDINATOR)
    login_as(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_status(client, item, Status.COMPLETE).status_code == 302
    assert _mailed() == sorted(person.email for person in people)
    entry = StatusUpdate.objects.get()
    fan_out_runs = [args for name, args, _ in published if name == services.STATUS_FAN_OUT]
    ids = sorted(person.id for person in people)
    assert fan_out_runs == [(entry.id,), (entry.id, ids[2]), (entry.id, ids[5]), (entry.id, ids[8])]
    assert all(isinstance(arg, int) for _, args, _ in published for arg in args)  # ids only, never the reason
    assert {priority for name, _, priority in published} == {queue.BULK}  # the fan-out and its mails
    assert Notification.objects.filter(priority="bulk").count() == 10


def test_an_overdue_milestone_is_told_in_chunks_to_the_lead_plan_people_once(
    item, member_a, org_a, make_user, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_FANOUT_CHUNK = 2
    colleagues = _members(make_user, org_a, 4)
    learner = make_user(roles.LEARNER, orgs=[org_a])
    milestone = MilestoneFactory(item=item, due_date=dt.date(2020, 1, 1), title="Late one")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.milestones_flag_overdue() == 1  # its fan-out runs three times: 2, 2 and 1 people
    with django_capture_on_commit_callbacks(execute=True):
        assert services.milestones_flag_overdue() == 0  # told: the second run starts nothing
        tasks.milestone_overdue_fan_out(milestone.id)  # a fan-out redelivered after the end
    assert _mailed() == sorted(person.email for person in [member_a, *colleagues])
    assert learner.email not in _mailed()
    assert Milestone.objects.get(id=milestone.id).overdue_notified_at is not None


def test_a_milestone_whose_fan_out_never_ran_is_started_again_the_next_day(
    item, member_a, django_capture_on_commit_callbacks, monkeypatch
):
    """The broker refused the fan-out: nothing is marked, so the next daily run starts it again."""
    MilestoneFactory(item=item, due_date=dt.date(2020, 1, 1))
    monkeypatch.setattr(queue, "_publish", lambda *args, **kwargs: False)
    assert services.milestones_flag_overdue() == 1
    monkeypatch.undo()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.milestones_flag_overdue() == 1
    assert _mailed() == [member_a.email]


def test_a_status_change_made_while_the_broker_was_down_is_told_by_the_sweeper_once(
    item, member_a, member_partner, post_update, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(queue, "_publish", lambda *args, **kwargs: False)  # the broker refuses
    with django_capture_on_commit_callbacks(execute=True):
        entry = post_update(item, member_a, status=Status.COMPLETE)
    monkeypatch.undo()
    assert mail.outbox == []
    later = entry.created_at + dt.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.status_changes_sweep(now=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.status_changes_sweep(now=later) == 0  # told: nothing to start again
    assert _mailed() == [member_partner.email]


def test_a_fan_out_whose_next_run_the_broker_refused_is_resumed_by_the_sweeper_and_tells_everyone_once(
    item, member_a, member_partner, org_a, make_user, post_update, settings, django_capture_on_commit_callbacks
):
    """Issue 16: the broker is down between two runs of a fan-out. The first chunk is written, its next run is
    refused; once the broker is back, the sweeper resumes the fan-out from where it stopped: everyone is told,
    once."""
    settings.NOTIFICATION_FANOUT_CHUNK = 3
    people = [*_members(make_user, org_a, 7), member_partner]
    with django_capture_on_commit_callbacks(execute=False):  # the request's start of the fan-out is not run here
        entry = post_update(item, member_a, status=Status.COMPLETE)
    with broker_refusing(), django_capture_on_commit_callbacks(execute=True):
        assert tasks.status_change_fan_out(entry.id) is False  # the first chunk; its mails and next run refused
    assert mail.outbox == [] and Notification.objects.filter(state="pending").count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        taskforce_tasks.notifications_sweep()  # the broker is back, but the fan-out is not stalled yet
    assert len(mail.outbox) == 3 and Notification.objects.count() == 3

    FanOut.objects.update(updated_at=timezone.now() - dt.timedelta(seconds=settings.NOTIFICATION_FANOUT_STALL_SECONDS))
    with django_capture_on_commit_callbacks(execute=True):
        taskforce_tasks.notifications_sweep()  # stalled: resumed from its recorded progress
        taskforce_tasks.notifications_sweep()
        tasks.status_change_fan_out(entry.id)  # the first run, redelivered late, does nothing
    told = Counter(m.to[0] for m in mail.outbox)
    assert told == {person.email: 1 for person in people}
    assert FanOut.objects.get().finished_at is not None


def test_a_run_overtaken_by_the_sweeper_s_does_its_chunk_once(
    item, member_a, org_a, make_user, post_update, settings, django_capture_on_commit_callbacks
):
    """The next run was only late, not lost: it and the sweeper's copy both arrive; one writes the chunk."""
    settings.NOTIFICATION_FANOUT_CHUNK = 2
    _members(make_user, org_a, 5)
    with django_capture_on_commit_callbacks(execute=False):
        entry = post_update(item, member_a, status=Status.COMPLETE)
    with django_capture_on_commit_callbacks(execute=False):  # its next run queued, not run yet
        tasks.status_change_fan_out(entry.id)
    progress = FanOut.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        assert tasks.status_change_fan_out(entry.id, progress.after) is False  # the late run: the next chunk
        assert tasks.status_change_fan_out(entry.id, progress.after) is False  # the sweeper's copy: nothing
    assert Notification.objects.count() == 4
    assert FanOut.objects.get().after > progress.after
