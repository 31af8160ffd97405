"""Assignments and certificates leave audit rows: created, changed, removed, issued, revoked; by whom, old and new."""

import pytest
from django.urls import reverse

from training import services
from training.models import Action, Assignment, AssignmentEvent, Certificate, CertificateEvent

pytestmark = pytest.mark.django_db

URL = "/en/training/staff/assignments/"


def _events(action):
    return list(AssignmentEvent.objects.filter(action=action))


def test_creating_an_assignment_leaves_one_row(login_as, manager_a, org_a, course):
    login_as(manager_a).post(URL, {"course": course.id, "organization": org_a.id, "due_on": "2027-01-31"})
    assignment = Assignment.objects.get()
    [event] = _events(Action.CREATED)
    assert (event.actor, event.assignment_ref, event.organization) == (manager_a, assignment.id, org_a)
    assert event.old_values == {} and event.new_values["due_on"] == "2027-01-31"
    assert event.new_values["course"] == course.id and event.new_values["required"] is False


def test_removing_an_assignment_leaves_one_row_that_outlives_it(login_as, manager_a, manager_b, org_a, course):
    assignment = services.assignment_create(actor=manager_a, course=course, organization=org_a)
    url = reverse("training:assignment_delete", kwargs={"assignment_id": assignment.id})
    assert login_as(manager_b).post(url).status_code == 404
    assert not _events(Action.REMOVED)
    assert login_as(manager_a).post(url).status_code == 302
    [event] = _events(Action.REMOVED)
    assert (event.actor, event.assignment_ref) == (manager_a, assignment.id)
    assert event.old_values["course"] == course.id and event.new_values == {}


def test_changing_an_assignment_in_the_admin_leaves_one_row_with_old_and_new(client, make_user, org_a, manager_a,
                                                                             course):  # fmt: skip
    from taskforce.testing.auth import login  # noqa: PLC0415 -- used by this test only

    assignment = services.assignment_create(actor=manager_a, course=course, organization=org_a)
    root = make_user(orgs=[org_a], is_staff=True, is_superuser=True, email="root@example.org")
    login(client, root)
    response = client.post(
        reverse("admin:training_assignment_change", args=[assignment.id]),
        {"course": course.id, "organization": org_a.id, "audience": "", "user": "", "required": "on",
         "due_on": "2027-06-30", "created_by": manager_a.id},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    [event] = _events(Action.CHANGED)
    assert event.actor == root
    assert (event.old_values, event.new_values) == ({"due_on": None}, {"due_on": "2027-06-30"})


def test_a_refused_assignment_leaves_no_row(login_as, manager_a, org_b, course):
    assert login_as(manager_a).post(URL, {"course": course.id, "organization": org_b.id}).status_code == 400
    assert not AssignmentEvent.objects.exists()


def test_revoking_a_certificate_leaves_one_row_with_actor_and_reason(learner, manager_a, course):
    enrolment = services.enrolment_start(user=learner, course=course)
    from django.utils import timezone  # noqa: PLC0415 -- used by this test only

    enrolment.completed_at, enrolment.score = timezone.now(), 100
    enrolment.save()
    certificate = services.certificate_issue(enrolment=enrolment)
    services.certificate_revoke(certificate=certificate, actor=manager_a, reason="Issued by mistake.")
    events = list(CertificateEvent.objects.values_list("action", "actor", "reason"))
    assert events == [(Action.ISSUED, learner.id, ""), (Action.REVOKED, manager_a.id, "Issued by mistake.")]


def test_the_admin_shows_audit_rows_but_even_a_superuser_cannot_delete_them(client, make_user, org_a, learner,
                                                                            course):  # fmt: skip
    from taskforce.testing.auth import login  # noqa: PLC0415 -- used by this test only

    enrolment = services.enrolment_start(user=learner, course=course)
    event = CertificateEvent.objects.create(
        certificate=Certificate.objects.create(
            enrolment=enrolment, user=learner, token="t" * 43, learner_name="L", course_title={"en": "C", "fr": "C"}, version_number=1, score=100, issued_on="2026-01-01",
        ),
        action=Action.ISSUED,
    )  # fmt: skip
    login(client, make_user(orgs=[org_a], is_staff=True, is_superuser=True, email="root@example.org"))
    assert client.get(reverse("admin:training_certificateevent_change", args=[event.id])).status_code == 200
    delete_url = reverse("admin:training_certificateevent_delete", args=[event.id])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:training_assignmentevent_changelist")).status_code == 200
    assert CertificateEvent.objects.filter(id=event.id).exists()
