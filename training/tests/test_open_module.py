"""The public awareness module: no account, nothing stored, no cookie."""

import pytest
from django.urls import reverse

from training.models import Attempt, Enrolment
from training.reader import VersionContent

from .factories import make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_course(db):
    return make_course("awareness", is_open=True)


def test_anyone_can_read_and_check_answers_without_anything_stored(client, open_course):
    steps = VersionContent(open_course.current_version.content).steps
    responses = [client.get(reverse("training:course", kwargs={"slug": open_course.slug}))]
    for step in steps:
        responses.append(client.get(reverse("training:open_step", kwargs={"slug": open_course.slug, "key": step.key})))
    quiz = VersionContent(open_course.current_version.content).quiz(steps[-1].key)
    question = quiz["questions"][0]
    right = next(c for c in question["choices"] if c["correct"])
    url = reverse("training:open_step", kwargs={"slug": open_course.slug, "key": steps[-1].key})
    checked = client.get(url, {"check": "1", question["key"]: right["key"]})
    responses.append(checked)
    assert all(r.status_code == 200 for r in responses)
    assert "Your score: 100%" in checked.content.decode() and "Well done" in checked.content.decode()
    assert not any(r.cookies for r in responses)
    assert not Enrolment.objects.exists() and not Attempt.objects.exists()


def test_unanswered_check_is_a_clear_400(client, open_course):
    key = VersionContent(open_course.current_version.content).steps[-1].key
    response = client.get(reverse("training:open_step", kwargs={"slug": open_course.slug, "key": key}), {"check": "1"})
    assert response.status_code == 400 and "Please answer every question" in response.content.decode()


def test_staff_courses_are_not_open(client, course):
    key = VersionContent(course.current_version.content).first_key()
    assert client.get(reverse("training:open_step", kwargs={"slug": course.slug, "key": key})).status_code == 404
