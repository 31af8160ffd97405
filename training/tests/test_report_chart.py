"""The managers' report, issue 20: its completion chart (one grouped count, an SVG image with its name, its
description and its table), the overdue rows (marked, and a filter that pages through them alone), dates in the
reader's language, and what another organization's manager and a learner get."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from training import selectors, services
from training.models import Certificate, LearnerProfile

from .factories import complete_course, make_course
from .test_report_pages import _links, _table_rows
from .test_reports import REPORT, _populate

pytestmark = pytest.mark.django_db

CSV = "/en/training/staff/report/csv/"
LATE = date(2020, 1, 1)


@pytest.fixture
def mixed(make_user, org_a, org_b, manager_a, manager_b):
    """Two courses in org A: c1 assigned to everyone (due in 2020), c2 to Ben only (no due date); org B's own
    course assigned to its people. Who did what (rows of org A, the manager's own included):
    c1: Ann not started (overdue), Ben in progress (overdue), Cat completed, Dan completed but revoked (overdue),
        Mona (the manager) not started (overdue); c2: Ben not started."""
    c1, c2, c3 = make_course("c1"), make_course("c2"), make_course("c3")
    ann = make_user(orgs=[org_a], full_name="Ann Late")
    LearnerProfile.objects.create(user=ann, audience="police")
    ben, cat, dan = (make_user(orgs=[org_a], full_name=n) for n in ("Ben Started", "Cat Done", "Dan Revoked"))
    olga = make_user(orgs=[org_b], full_name="Olga Other")
    services.assignment_create(actor=manager_a, course=c1, organization=org_a, due_on=LATE)
    services.assignment_create(actor=manager_a, course=c2, organization=org_a, user=ben, required=False)
    services.assignment_create(actor=manager_b, course=c3, organization=org_b, due_on=LATE)
    enrolment = services.enrolment_start(user=ben, course=c1)
    services.lesson_complete(enrolment=enrolment, key=enrolment.current_step)
    complete_course(cat, c1)
    certificate = complete_course(dan, c1).certificate
    services.certificate_revoke(certificate=certificate, actor=manager_a, reason="test")
    complete_course(olga, c3)
    return {"c1": c1, "c2": c2, "c3": c3}


def _chart_table(html: str) -> list[list[str]]:
    """The chart's data table: each row's course title then its numbers (completed, in progress, not started,
    overdue, total) and the share completed, which the chart draws."""
    table = html[html.index('class="table table-sm report-completion report-rows"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def test_the_chart_counts_each_course_s_rows_in_four_parts_with_its_table_beside(login_as, manager_a, mixed):
    html = login_as(manager_a).get(REPORT).content.decode()
    assert _chart_table(html) == [
        ["Course c1", "1", "0", "0", "4", "5", "20%"],  # Cat done; Ann, Ben, Dan and Mona overdue
        ["Course c2", "0", "0", "1", "0", "1", "0%"],
    ]
    assert "6 assigned courses, 2 completed, 4 overdue." in html  # Dan's run is completed, his certificate revoked
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="training-completion-title training-completion-desc"' in svg
    assert '<title id="training-completion-title">Completion of assigned courses in Alberta Justice (test)' in svg
    assert "6 assignments in all, 4 overdue" in svg
    assert svg.count("<rect") == 3 and "<script" not in svg and "style" not in svg  # the background and 2 bars
    # Each bar is labelled in words with its share: its length is not the only way to read it.
    assert ">Course c1: 20%</text>" in svg and ">Course c2: 0%</text>" in svg


def test_the_chart_follows_the_course_filter(login_as, manager_a, mixed):
    html = login_as(manager_a).get(REPORT, {"course": mixed["c2"].id}).content.decode()
    assert _chart_table(html) == [["Course c2", "0", "0", "1", "0", "1", "0%"]]


def test_another_organization_s_manager_sees_only_their_own_chart_and_rows(login_as, manager_b, org_a, mixed):
    client = login_as(manager_b)
    html = client.get(REPORT).content.decode()
    assert _chart_table(html) == [["Course c3", "1", "0", "0", "1", "2", "50%"]]  # Olga done, Max (the manager) overdue
    rows = html[html.index('class="table table-sm align-middle report-rows"') :]
    assert "Course c1" not in rows and "Ann Late" not in html and "Alberta Justice" not in html
    for query in ({"organization": org_a.id}, {"organization": org_a.id, "show": "overdue"}):
        assert client.get(REPORT, query).status_code == 404
        assert client.get(CSV, query).status_code == 404


def test_a_learner_cannot_open_the_report_nor_its_chart(login_as, learner, mixed, org_a):
    client = login_as(learner)
    for query in ({}, {"organization": org_a.id}, {"show": "overdue"}):
        assert client.get(REPORT, query).status_code == 403
        assert client.get(CSV, query).status_code == 403


def test_the_counts_are_six_grouped_queries_whatever_the_number_of_rows(org_a, manager_a):
    courses = [make_course(f"c{i}") for i in range(3)]
    _populate(org_a, manager_a, courses, 5)
    for more in (0, 40):
        _populate(org_a, manager_a, [], more)
        with CaptureQueriesContext(connection) as queries:
            counted = selectors.report_completion(organization=org_a, today=timezone.localdate())
        assert len(queries) == 6
        assert [row["total"] for row in counted] == [6 + more] * 3
        for row in counted:
            parts = row["completed"] + row["in_progress"] + row["not_started"] + row["overdue"]
            assert parts == row["total"]


def test_overdue_rows_are_marked(login_as, manager_a, mixed):
    html = login_as(manager_a).get(REPORT).content.decode()
    rows = html[html.index('class="table table-sm align-middle report-rows"') :]
    overdue = re.findall(r'<tr class="report-overdue">\s*<th scope="row">([^<]+)<br>', rows)
    assert overdue == ["Ann Late", "Ben Started", "Dan Revoked", "Mona Manager"]
    assert rows.count('report-overdue-badge">Overdue</strong>') == 4


def test_overdue_only_shows_the_overdue_rows_alone(login_as, manager_a, mixed):
    client = login_as(manager_a)
    html = client.get(REPORT, {"show": "overdue"}).content.decode()
    names = [email.split("@")[0] for email, _title in _table_rows(html)]
    assert len(names) == 4 and all(title == "Course c1" for _email, title in _table_rows(html))
    assert "Cat Done" not in html.split("report-rows")[1]
    assert '<option value="overdue" selected>Overdue only</option>' in html
    answer = client.get(CSV, {"show": "overdue"})
    lines = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert [line[0] for line in lines[1:]] == ["Ann Late", "Ben Started", "Dan Revoked", "Mona Manager"]
    assert {line[-1] for line in lines[1:]} == {"yes"}


def test_overdue_only_pages_through_every_overdue_row_once_forwards_and_back(settings, login_as, org_a, manager_a):
    """45 members (the manager too) and 3 courses; an overdue row is one whose course is not done: every third
    member completed each course, and one in four of those had the certificate expire (overdue again)."""
    settings.TRAINING_REPORT_PAGE_SIZE = 4
    courses = [make_course(f"c{i}") for i in range(3)]
    _populate(org_a, manager_a, courses, 44)
    Certificate.objects.filter(
        id__in=list(Certificate.objects.order_by("id").values_list("id", flat=True))[::4]
    ).update(expires_on=timezone.localdate() - timedelta(days=1))
    every = [
        r for rows in selectors.report_pages(organization=org_a, today=timezone.localdate(), size=500) for r in rows
    ]
    expected = [(r.user.email, str(r.course.title)) for r in every if r.overdue]
    assert 0 < len(expected) < len(every)
    client = login_as(manager_a)
    pages, html = [], client.get(REPORT, {"show": "overdue"}).content.decode()
    while True:
        pages.append(_table_rows(html))
        after = _links(html).get("after")
        if after is None:
            break
        assert "show=overdue&amp;after=" in html
        html = client.get(REPORT, {"show": "overdue", "after": after}).content.decode()
    assert [row for page in pages for row in page] == expected
    assert all(len(page) == 4 for page in pages[:-1])
    back = [pages[-1]]
    while before := _links(html).get("before"):
        html = client.get(REPORT, {"show": "overdue", "before": before}).content.decode()
        back.append(_table_rows(html))
    assert back[::-1] == pages


def test_a_choice_of_rows_the_report_does_not_offer_is_refused(login_as, manager_a, mixed):
    client = login_as(manager_a)
    for path in (REPORT, CSV):
        answer = client.get(path, {"show": "everything<script>"})
        assert answer.status_code == 400
        assert "not one the report offers" in answer.content.decode()


def test_due_dates_are_written_in_the_reader_s_language(login_as, manager_a, mixed):
    client = login_as(manager_a)
    english = client.get(REPORT).content.decode()
    french = client.get("/fr/training/staff/report/").content.decode()
    assert '<time datetime="2020-01-01">Jan. 1, 2020</time>' in english
    assert '<time datetime="2020-01-01">1 janvier 2020</time>' in french


def test_old_counts_are_counted_again_by_one_request_while_the_others_show_them(
    settings, login_as, manager_a, org_a, mixed
):
    from django.core.cache import cache  # noqa: PLC0415 -- what the page keeps there

    client = login_as(manager_a)
    assert "6 assigned courses, 2 completed" in client.get(REPORT).content.decode()
    complete_course(LearnerProfile.objects.get().user, mixed["c1"])  # Ann completes c1
    settings.TRAINING_REPORT_SUMMARY_SECONDS = 0  # the figures are old now
    key = f"training:report-summary:{org_a.id}:all:{timezone.localdate().isoformat()}"
    cache.add(f"{key}:counting", 1, 60)  # another request is counting them
    assert "6 assigned courses, 2 completed" in client.get(REPORT).content.decode()
    cache.delete(f"{key}:counting")  # it finished without keeping them (a worker stopped): this one counts
    assert "6 assigned courses, 3 completed, 3 overdue." in client.get(REPORT).content.decode()


def _tables(html: str) -> list[list[list[str]]]:
    """Every completion table of the page (by course, then by organization), as _chart_table reads one."""
    tables = []
    while 'class="table table-sm report-completion report-rows"' in html:
        tables.append(_chart_table(html))
        html = html[html.index('class="table table-sm report-completion report-rows"') + 10 :]
    return tables


def test_a_manager_of_several_organizations_sees_their_completion_side_by_side(
    login_as, make_user, org_a, org_b, mixed
):
    from taskforce import roles  # noqa: PLC0415 -- the one role this test needs

    both = make_user(roles.TRAINING_MANAGER, orgs=[org_a, org_b], full_name="Bea Both")
    html = login_as(both).get(REPORT).content.decode()
    by_course, by_organization = _tables(html)
    # Bea is a member of both: c1 and c3 are assigned to everyone of their organization (due in 2020), so she is
    # one more overdue row in each. Org A: Cat done; Ann, Ben, Dan, Mona, Bea overdue; Ben not started c2.
    assert by_course[0] == ["Course c1", "1", "0", "0", "5", "6", "17%"]
    assert sorted(by_organization) == sorted(
        [
            [str(org_a.name), "1", "0", "1", "5", "7", "14%"],
            [str(org_b.name), "1", "0", "0", "2", "3", "33%"],  # Olga done; Max and Bea overdue
        ]
    )
    svg = re.search(r'<svg [^>]*aria-labelledby="training-completion-organizations-title[^"]*".*?</svg>', html, re.S)[0]
    assert 'role="img"' in svg and "Completion of assigned courses by organization" in svg and "style" not in svg
    assert f">{org_b.name}: 33%</text>" in svg


def test_a_manager_of_one_organization_has_no_chart_by_organization(login_as, manager_a, mixed):
    html = login_as(manager_a).get(REPORT).content.decode()
    assert len(_tables(html)) == 1 and "training-completion-organizations" not in html
