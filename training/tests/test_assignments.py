"""Training managers assign courses in their own organizations; reminders are mailed once per kind."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from taskforce import queue
from taskforce.models import Notification
from training import services, tasks
from training.models import Assignment, LearnerProfile, Reminder

from .factories import take_final, walk_to_final

pytestmark = pytest.mark.django_db

URL = "/en/training/staff/assignments/"


def test_url_name():
    assert reverse("training:assignments") == URL


def test_manager_assigns_a_course_to_their_organization(login_as, manager_a, org_a, course):
    due = timezone.localdate() + timedelta(days=20)
    response = login_as(manager_a).post(
        URL,
        {
            "course": course.id,
            "organization": org_a.id,
            "required": "on",
            "due_on": due.isoformat(),
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert (assignment.organization, assignment.required, assignment.due_on) == (org_a, True, due)


def test_manager_cannot_assign_in_another_organization(login_as, manager_a, org_b, course):
    response = login_as(manager_a).post(URL, {"course": course.id, "organization": org_b.id})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_learner_cannot_assign(login_as, learner, org_a, course):
    assert login_as(learner).get(URL).status_code == 403
    assert login_as(learner).post(URL, {"course": course.id, "organization": org_a.id}).status_code == 403
    assert not Assignment.objects.exists()


def test_person_outside_the_organization_and_past_dates_are_refused(login_as, manager_a, org_a, learner_b, course):
    client = login_as(manager_a)
    response = client.post(URL, {"course": course.id, "organization": org_a.id, "user": learner_b.id})
    assert response.status_code == 400
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(URL, {"course": course.id, "organization": org_a.id, "due_on": yesterday.isoformat()})
    assert response.status_code == 400 and "cannot be in the past" in response.content.decode()
    response = client.post(URL, {"course": course.id, "organization": org_a.id, "due_on": "not a date"})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_assignment_to_an_audience_reaches_only_that_audience(make_user, org_a, manager_a, course):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only
    from training import selectors  # noqa: PLC0415 -- used by this test only

    police = make_user(roles.LEARNER, orgs=[org_a])
    nurse = make_user(roles.LEARNER, orgs=[org_a])
    LearnerProfile.objects.create(user=police, audience="police")
    LearnerProfile.objects.create(user=nurse, audience="health")
    services.assignment_create(actor=manager_a, course=course, organization=org_a, audience="police")
    assert [row.course for row in selectors.learning_for_user(police)] == [course]
    assert selectors.learning_for_user(nurse) == []


def test_manager_removes_only_their_own_assignments(login_as, manager_a, manager_b, org_a, course):
    assignment = services.assignment_create(actor=manager_a, course=course, organization=org_a)
    url = reverse("training:assignment_delete", kwargs={"assignment_id": assignment.id})
    assert login_as(manager_b).post(url).status_code == 404
    assert Assignment.objects.exists()
    assert login_as(manager_a).post(url).status_code == 302
    assert not Assignment.objects.exists()


def test_reminders_before_due_and_when_overdue_once_each(
    login_as, learner, make_user, org_a, manager_a, course, django_capture_on_commit_callbacks
):
    done = make_user(orgs=[org_a])
    client = login_as(done)
    walk_to_final(client, course)
    take_final(client, course)
    today = timezone.localdate()
    assignment = services.assignment_create(
        actor=manager_a, course=course, organization=org_a, due_on=today + timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()
    first = Reminder.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()  # a second run sends nothing more
    assert first >= 1 and Reminder.objects.count() == first
    reminded = set(Reminder.objects.values_list("user__email", "kind"))
    assert (learner.email, "due_soon") in reminded and (manager_a.email, "due_soon") in reminded
    assert done.email not in {email for email, _kind in reminded}  # completed: no reminder
    assert Notification.objects.filter(template="training_assignment_due_soon", recipient=learner.email).count() == 1
    assert any(learner.email in m.to and course.title.data["en"] in m.subject for m in mail.outbox)

    Assignment.objects.filter(id=assignment.id).update(due_on=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()
        tasks.assignments_remind()
    assert Notification.objects.filter(template="training_assignment_overdue", recipient=learner.email).count() == 1


@pytest.fixture
def published(monkeypatch):
    """Every task queued (reminder runs, and the mails they queue), as (name, arguments)."""
    calls = []
    publish = queue._publish

    def record(task, args, eta, queue=None):
        calls.append((task.name, args))
        return publish(task, args, eta, queue)

    monkeypatch.setattr(queue, "_publish", record)
    return calls


def test_reminders_go_out_in_chunks_once_each(
    settings, make_user, org_b, manager_a, course, published, django_capture_on_commit_callbacks
):
    settings.TRAINING_REMINDER_CHUNK = 2
    people = [make_user(orgs=[org_b]) for _ in range(5)]
    assignment = services.assignment_create(
        actor=manager_a, course=course, organization=org_b, due_on=timezone.localdate() + timedelta(days=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()
    assert Notification.objects.filter(template="training_assignment_due_soon").count() == 5
    assert set(Reminder.objects.values_list("user", flat=True)) == {p.id for p in people}
    # the daily task queued one task for the assignment, which sent 2, 2, then 1, queueing itself twice
    runs = [call for call in published if call[0].startswith("training.")]
    assert runs == [("training.tasks.assignment_remind", (assignment.id,))] * 3
    assert all(isinstance(arg, int) for _name, args in published for arg in args)  # ids only

    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()
        tasks.assignment_remind(assignment.id)
    assert Notification.objects.count() == 5  # running any task again sends nothing twice


def test_one_run_sends_one_chunk_and_queues_the_rest(
    settings, make_user, org_b, manager_a, course, django_capture_on_commit_callbacks
):
    settings.TRAINING_REMINDER_CHUNK = 2
    for _ in range(3):
        make_user(orgs=[org_b])
    assignment = services.assignment_create(
        actor=manager_a, course=course, organization=org_b, due_on=timezone.localdate() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.assignment_remind(assignment_id=assignment.id) == 2
    assert Reminder.objects.filter(kind="overdue").count() == 2
    assert len(queued) == 2 + 1  # the two mails, then the next run
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.assignment_remind(assignment_id=assignment.id) == 1
    assert len(queued) == 1  # the mail; nobody left, so no further run
    assert services.assignment_remind(assignment_id=assignment.id) == 0


def test_no_reminder_long_before_the_due_date(learner, org_a, manager_a, course):
    services.assignment_create(
        actor=manager_a, course=course, organization=org_a, due_on=timezone.localdate() + timedelta(days=60)
    )
    assert services.assignments_remind() == 0


def test_reminders_are_written_in_the_learners_language(
    make_user, org_a, manager_a, course, django_capture_on_commit_callbacks
):
    french = make_user(orgs=[org_a], preferred_language="fr")
    services.assignment_create(
        actor=manager_a, course=course, organization=org_a, due_on=timezone.localdate() + timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.assignments_remind()
    notification = Notification.objects.get(recipient=french.email)
    assert notification.subject == f"Formation bientôt due : {course.title.data['fr']}"
    assert "/fr/training/courses/" in notification.body_text
