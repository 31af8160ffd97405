"""The completion report: own organization only, CSV with BOM, a fixed number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from taskforce import roles
from taskforce.models import Membership
from taskforce.testing.auth import login
from taskforce.testing.factories import UserFactory
from training import services
from training.models import Certificate, LearnerProfile

from .factories import complete_course, make_course, take_final, walk_to_final

pytestmark = pytest.mark.django_db

REPORT = "/en/training/staff/report/"
# Session, user, roles, organizations (form and access), then the report's page: its learners, the assignments
# that may reach them, the latest runs of its rows; and the counts per course, six grouped queries (kept in the
# cache afterwards) for the figures and the chart.
PAGE_QUERIES = 18
CSV_QUERIES = 11  # the bounded count that refuses a report too large, then its pages (one here): 3 queries each


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
    own_csv = b"".join(client.get(reverse("training:manager_report_csv")).streaming_content).decode("utf-8-sig")
    assert "Léa Apprenante" not in own_csv and "Mona Manager" not in own_csv
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
    assert response.streaming  # written as it is read, never built whole in memory
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    learner_row = next(r for r in rows if r[0] == "Léa Apprenante")
    assert learner_row[2] == course.title.data["en"] and learner_row[3] == "1" and learner_row[6] == "Completed"


def test_bad_filters_are_handled(login_as, manager_a, completed):
    client = login_as(manager_a)
    assert client.get(REPORT, {"organization": "abc"}).status_code == 404
    assert client.get(REPORT, {"course": "999999"}).status_code == 400  # never every course in its place
    assert client.get(REPORT, {"page": "9999"}).status_code == 200


def _populate(org, manager, courses, learners: int):
    """`learners` members, each course assigned to everyone (due a year ago) and once more to each fifth member;
    a third of them started each course, a third completed it (some certificates revoked)."""
    users = UserFactory.create_batch(learners)
    Membership.objects.bulk_create([Membership(user=u, organization=org) for u in users])
    for course in courses:
        services.assignment_create(
            actor=manager, course=course, organization=org, due_on=timezone.localdate() - timedelta(days=365)
        )
        for user in users[::5]:
            services.assignment_create(actor=manager, course=course, organization=org, user=user, required=False)
    for index, user in enumerate(users):
        for course in courses:
            if index % 3 == 1:
                enrolment = services.enrolment_start(user=user, course=course)
                services.lesson_complete(enrolment=enrolment, key=enrolment.current_step)
            elif index % 3 == 2:
                certificate = complete_course(user, course).certificate
                if index % 2:
                    services.certificate_revoke(certificate=certificate, actor=manager, reason="test")
    return users


@pytest.mark.parametrize("learners", [5, 50])
def test_report_page_builds_only_the_rows_it_shows(learners, settings, login_as, org_a, manager_a, instances_built):
    """The page reads the learners of one page (LIMIT: page size + 2), never every member, enrolment or a
    version's content. (The old code built every row of the organization in Python, then sorted every row in SQL.)"""
    settings.TRAINING_REPORT_PAGE_SIZE = 4
    _populate(org_a, manager_a, [make_course(f"c{i}") for i in range(3)], learners)
    client = login_as(manager_a)
    instances_built.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(REPORT).status_code == 200
    assert instances_built["Membership"] <= 4 + 2 + 1  # the page's learners (and the manager's own, for the filters)
    assert instances_built["Enrolment"] == 0 and instances_built["CourseVersion"] == 0
    learners_query = next(q["sql"] for q in queries if "training_learnerprofile" in q["sql"] and "EXISTS" in q["sql"])
    assert learners_query.endswith("LIMIT 6")


@pytest.mark.parametrize("learners", [5, 50])
def test_report_page_and_csv_query_counts_do_not_grow(learners, login_as, org_a, manager_a, django_assert_num_queries):
    _populate(org_a, manager_a, [make_course(f"c{i}") for i in range(3)], learners)
    assert connection.features.supports_json_field  # SQLite's one-time probe, not the page's
    client = login_as(manager_a)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(REPORT).status_code == 200
    with django_assert_num_queries(CSV_QUERIES):
        response = client.get(reverse("training:manager_report_csv"))
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + (learners + 1) * 3  # the header, then every (member, course); the manager is a member


def test_csv_streams_every_row_in_chunks(settings, login_as, org_a, manager_a):
    settings.TRAINING_REPORT_CSV_CHUNK = 2
    _populate(org_a, manager_a, [make_course("c0")], 7)
    response = login_as(manager_a).get(reverse("training:manager_report_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + 8 and len({(r[1], r[2]) for r in rows[1:]}) == 8


def test_report_rows_show_the_right_status_progress_and_overdue(make_user, login_as, org_a, org_b, manager_a):
    """A mix of people and assignments, read through the API (which carries every column of the page)."""
    late, soon = date(2020, 1, 1), date(2020, 2, 1)
    c1, c2, c3 = make_course("c1"), make_course("c2"), make_course("c3")
    ann = make_user(orgs=[org_a], full_name="Ann Police")
    LearnerProfile.objects.create(user=ann, audience="police")
    ben, cat, dan, eve = (
        make_user(orgs=[org_a], full_name=n) for n in ("Ben Started", "Cat Done", "Dan Revoked", "Eve Expired")
    )
    outsider = make_user(orgs=[org_b], full_name="Olga Other")
    services.assignment_create(actor=manager_a, course=c1, organization=org_a, required=False, due_on=soon)
    services.assignment_create(actor=manager_a, course=c1, organization=org_a, audience="police", due_on=late)
    services.assignment_create(actor=manager_a, course=c2, organization=org_a, user=ben, required=False)
    services.assignment_create(actor=manager_a, course=c3, organization=org_b)
    enrolment = services.enrolment_start(user=ben, course=c1)
    services.lesson_complete(enrolment=enrolment, key=enrolment.current_step)
    complete_course(cat, c1)
    complete_course(cat, c3)  # not assigned in org A: not in its report
    complete_course(outsider, c1)
    certificate = complete_course(dan, c1).certificate
    services.certificate_revoke(certificate=certificate, actor=manager_a, reason="test")
    Certificate.objects.filter(enrolment=complete_course(eve, c1)).update(expires_on=date(2021, 1, 1))
    fay = make_user(orgs=[org_a], full_name="Fay Again")
    Certificate.objects.filter(enrolment=complete_course(fay, c1)).update(expires_on=date(2021, 1, 1))
    services.enrolment_start(user=fay, course=c1)  # the certificate expired: a new run, its latest, starts

    api = APIClient()
    login(api, manager_a)
    results = api.get("/api/training/reports/", {"organization": org_a.id}).json()["results"]
    got = [
        (r["learner"], r["course"], r["required"], r["due_on"], r["status"], r["progress"], r["version"])
        + (r["best_score"], r["certificate_status"], r["overdue"])
        for r in results
    ]
    assert got == [
        ("Ann Police", "c1", True, "2020-01-01", "not_started", 0, None, None, "", True),
        ("Ben Started", "c1", False, "2020-02-01", "in_progress", 25, 1, None, "", True),
        ("Ben Started", "c2", False, None, "not_started", 0, None, None, "", False),
        ("Cat Done", "c1", False, "2020-02-01", "completed", 100, 1, 100, "valid", False),
        ("Dan Revoked", "c1", False, "2020-02-01", "completed", 100, 1, 100, "revoked", True),
        ("Eve Expired", "c1", False, "2020-02-01", "completed", 100, 1, 100, "expired", True),
        ("Fay Again", "c1", False, "2020-02-01", "in_progress", 0, 1, None, "", True),
        ("Mona Manager", "c1", False, "2020-02-01", "not_started", 0, None, None, "", True),
    ]
    page = login_as(manager_a).get(REPORT).content.decode()
    assert "8 assigned courses, 3 completed, 6 overdue." in page
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "Olga Other" not in table and "Course c3" not in table


def test_manager_with_two_organizations_chooses_one(make_user, login_as, org_a, org_b, learner, learner_b, course):
    both = make_user(roles.TRAINING_MANAGER, orgs=[org_a, org_b])
    services.assignment_create(actor=both, course=course, organization=org_a)
    services.assignment_create(actor=both, course=course, organization=org_b)
    client = login_as(both)
    page_b = client.get(REPORT, {"organization": org_b.id}).content.decode()
    assert "Ben Learner" in page_b and "Léa Apprenante" not in page_b


# Session, user, roles and the organization (access), then the report: its bounded count, its page, their courses.
API_QUERIES = 8


@pytest.mark.parametrize("learners", [5, 50])
def test_report_api_query_count_does_not_grow(learners, org_a, manager_a, django_assert_num_queries):
    _populate(org_a, manager_a, [make_course(f"c{i}") for i in range(3)], learners)
    api = APIClient()
    login(api, manager_a)
    with django_assert_num_queries(API_QUERIES):
        response = api.get("/api/training/reports/", {"organization": org_a.id, "page_size": 10})
    assert response.json()["count"] == (learners + 1) * 3 and len(response.json()["results"]) == 10


def test_a_course_not_in_the_report_is_refused_by_the_page_and_the_download(client, manager_a, org_a):
    """Neither quietly gives every course instead; the refusal is the report's page, with the way back."""
    client.force_login(manager_a)
    for name in ("training:manager_report", "training:manager_report_csv"):
        for bad in ("999999", "abc"):
            answer = client.get(reverse(name), {"organization": org_a.id, "course": bad})
            assert answer.status_code == 400, (name, bad)
            html = answer.content.decode()
            assert "not one of the report" in html and "First page of the report" in html


def test_the_french_download_names_courses_in_french(client, manager_a, org_a, course, make_user):
    from training import services  # noqa: PLC0415 -- used by this test only

    course.title = {**course.title.data, "fr": "Cours en français"}
    course.save(update_fields=["title"])
    make_user(roles.LEARNER, orgs=[org_a], full_name="Léo Learner")
    services.assignment_create(actor=manager_a, organization=org_a, course=course, required=True, due_on=None)
    client.force_login(manager_a)
    with translation.override("fr"):
        path = reverse("training:manager_report_csv")
    answer = client.get(path, {"organization": org_a.id})
    text = b"".join(answer.streaming_content).decode()
    assert "Cours en français" in text


def test_a_report_beyond_the_count_limit_is_downloaded_one_course_at_a_time(
    client, manager_a, org_a, course, make_user, settings
):
    """Written past the web worker's timeout a file would end short: it is whole or refused."""
    from training import services  # noqa: PLC0415 -- used by this test only

    for n in range(3):
        make_user(roles.LEARNER, orgs=[org_a], full_name=f"Learner {n}")
    services.assignment_create(actor=manager_a, organization=org_a, course=course, required=True, due_on=None)
    settings.TRAINING_REPORT_CSV_MAX_ROWS = 2
    client.force_login(manager_a)
    refused = client.get(reverse("training:manager_report_csv"), {"organization": org_a.id})
    assert refused.status_code == 400 and "choose one course" in refused.content.decode()
    settings.TRAINING_REPORT_CSV_MAX_ROWS = 4  # the course's rows: the three learners and the manager
    whole = client.get(reverse("training:manager_report_csv"), {"organization": org_a.id, "course": course.id})
    assert whole.status_code == 200 and b"".join(whole.streaming_content).decode().count("Learner ") == 3
