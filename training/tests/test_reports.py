"""The completion report: own organization only, CSV with BOM, a fixed number of queries."""

import csv
import io

import pytest
from django.urls import reverse

from taskforce import roles
from taskforce.models import Membership
from taskforce.testing.factories import UserFactory
from training import selectors, services

from .factories import make_course, take_final, walk_to_final

pytestmark = pytest.mark.django_db

REPORT = "/en/training/manage/report/"
# Session, user, roles, organizations (form and access), then the four report queries.
PAGE_QUERIES = 14
CSV_QUERIES = 11


def test_url_names():
    assert reverse("training:manager_report") == REPORT


@pytest.fixture
def completed(login_as, learner, manager_a, org_a, course):
    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    client = login_as(learner)
    walk_to_final(client, course)
    take_final(client, course, wrong=1)
    return learner


def test_manager_sees_their_organizations_learners(login_as, manager_a, completed, course):
    page = login_as(manager_a).get(REPORT).content.decode()
    assert "Léa Apprenante" in page and "Completed" in page and "80%" in page


def test_manager_of_another_organization_does_not_see_them(login_as, manager_b, org_a, completed):
    client = login_as(manager_b)
    assert "Léa Apprenante" not in client.get(REPORT).content.decode()
    assert client.get(REPORT, {"organization": org_a.id}).status_code == 404
    assert client.get(reverse("training:manager_report_csv"), {"organization": org_a.id}).status_code == 404


def test_learners_cannot_see_reports(login_as, learner, client):
    assert login_as(learner).get(REPORT).status_code == 403
    client.logout()
    assert client.get(REPORT).status_code == 302


def test_overdue_and_not_started_rows(login_as, manager_a, org_a, learner, course):
    from datetime import date  # noqa: PLC0415 -- used by this test only

    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    from training.models import Assignment  # noqa: PLC0415 -- used by this test only

    Assignment.objects.update(due_on=date(2020, 1, 1))
    page = login_as(manager_a).get(REPORT).content.decode()
    assert "Not started" in page and "Overdue" in page


def test_csv_is_utf8_with_bom_and_keeps_accents(login_as, manager_a, completed, course):
    response = login_as(manager_a).get(reverse("training:manager_report_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    learner_row = next(r for r in rows if r[0] == "Léa Apprenante")
    assert learner_row[2] == course.title_en and learner_row[3] == "1" and learner_row[6] == "Completed"


def test_bad_filters_are_handled(login_as, manager_a, completed):
    client = login_as(manager_a)
    assert client.get(REPORT, {"organization": "abc"}).status_code == 404
    assert client.get(REPORT, {"course": "999999"}).status_code == 200
    assert client.get(REPORT, {"page": "9999"}).status_code == 200


def _populate(org, manager, courses, learners: int):
    users = UserFactory.create_batch(learners)
    Membership.objects.bulk_create([Membership(user=u, organization=org) for u in users])
    for course in courses:
        services.assignment_create(actor=manager, course=course, organization=org)
    for user in users[: learners // 2]:
        for course in courses:
            enrolment = services.enrolment_start(user=user, course=course)
            services.lesson_complete(enrolment=enrolment, key=enrolment.current_step)


@pytest.mark.parametrize("learners", [5, 50])
def test_report_runs_in_a_fixed_number_of_queries(learners, org_a, manager_a, django_assert_num_queries):
    courses = [make_course(f"c{i}") for i in range(3)]
    _populate(org_a, manager_a, courses, learners)
    with django_assert_num_queries(4):
        rows = selectors.report_rows(organization=org_a)
        assert len(rows) == (learners + 1) * 3  # the manager is a member too
        summary = [(r.status, r.progress, r.certificate_status, r.overdue, r.version_number) for r in rows]
    assert sum(1 for s in summary if s[0] == "in_progress") == (learners // 2) * 3


@pytest.mark.parametrize("learners", [5, 50])
def test_report_page_and_csv_query_counts_do_not_grow(
    learners, login_as, org_a, manager_a, course, django_assert_num_queries
):
    _populate(org_a, manager_a, [course], learners)
    client = login_as(manager_a)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(REPORT).status_code == 200
    with django_assert_num_queries(CSV_QUERIES):
        assert client.get(reverse("training:manager_report_csv")).status_code == 200


def test_manager_with_two_organizations_chooses_one(make_user, login_as, org_a, org_b, learner, learner_b, course):
    both = make_user(roles.TRAINING_MANAGER, orgs=[org_a, org_b])
    services.assignment_create(actor=both, course=course, organization=org_a)
    services.assignment_create(actor=both, course=course, organization=org_b)
    client = login_as(both)
    page_b = client.get(REPORT, {"organization": org_b.id}).content.decode()
    assert "Ben Learner" in page_b and "Léa Apprenante" not in page_b
