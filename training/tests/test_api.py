"""Read API: a learner's own progress; managers' reports scoped to their own organizations."""

import pytest
from rest_framework.test import APIClient

from taskforce.testing.auth import login
from training import services

from .factories import take_final, walk_to_final

pytestmark = pytest.mark.django_db

MINE = "/api/training/my-progress/"
REPORT = "/api/training/reports/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def assigned(learner, learner_b, manager_a, manager_b, org_a, org_b, course):
    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    services.assignment_create(actor=manager_b, course=course, organization=org_b)


def test_anonymous_is_refused(api, assigned):
    assert api.get(MINE).status_code in (401, 403)
    assert api.get(REPORT, {"organization": 1}).status_code in (401, 403)


def test_learner_sees_only_their_own_progress(api, client, learner, course, assigned):
    walk_to_final(login(client, learner), course)
    take_final(client, course)
    login(api, learner)
    data = api.get(MINE).json()
    assert data == [
        {
            "course": course.slug,
            "title": course.title.data["en"],
            "version": 1,
            "assigned": True,
            "required": True,
            "due_on": None,
            "status": "completed",
            "progress": 100,
            "overdue": False,
            "certificate_status": "valid",
        }
    ]


def test_manager_reads_their_own_organization(api, manager_a, org_a, assigned):
    login(api, manager_a)
    response = api.get(REPORT, {"organization": org_a.id})
    assert response.status_code == 200
    names = {row["learner"] for row in response.json()["results"]}
    assert "Léa Apprenante" in names and "Ben Learner" not in names


def test_manager_cannot_read_another_organization(api, manager_a, org_b, assigned):
    login(api, manager_a)
    assert api.get(REPORT, {"organization": org_b.id}).status_code == 404
    assert api.get(REPORT, {"organization": "x"}).status_code == 404
    assert api.get(REPORT).status_code == 404


def test_learner_cannot_read_reports(api, learner, org_a, assigned):
    login(api, learner)
    assert api.get(REPORT, {"organization": org_a.id}).status_code == 403


def test_unknown_course_filter_is_404(api, manager_a, org_a, assigned):
    login(api, manager_a)
    assert api.get(REPORT, {"organization": org_a.id, "course": "nope"}).status_code == 404
