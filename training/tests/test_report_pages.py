"""The completion report's pages by keyset: every row once in order, forwards and back, ties included; a page's
cost independent of the organization's size; links that name ids only, and bad ones refused with a 400; the
counts kept a while; the CSV whole or refused."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from taskforce.models import Membership
from taskforce.testing.factories import UserFactory
from training import selectors, services
from training.models import Course

from .factories import complete_course, make_course
from .test_reports import REPORT, _populate

pytestmark = pytest.mark.django_db

CSV = "/en/training/staff/report/csv/"
LINK = re.compile(r'href="\?(?:[^"]*&amp;)?(after|before)=(\d+-\d+)"')


def _table_rows(html: str) -> list[tuple[str, str]]:
    """(learner's address, course title) of each row of the page's table of rows (after the chart's table)."""
    table = html[html.index('class="table table-sm align-middle report-rows"') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return re.findall(r'<span class="small">([^<]+)</span></th>\s*<td[^>]*>([^<]+?)(?: <span|</td>)', body)


def _links(html: str) -> dict[str, str]:
    return dict(LINK.findall(html))


@pytest.fixture
def tied(org_a, manager_a):
    """Eleven members with four names between them (ties broken by address) and three courses, two of them with
    the same title (ties broken by id): 36 rows with the manager's own."""
    courses = [make_course(slug) for slug in ("same-a", "same-b", "other")]
    Course.objects.filter(slug__startswith="same-").update(title={"en": "Same title"})
    for n in range(11):
        user = UserFactory(full_name=f"Name {n % 4}", email=f"person{(n * 7) % 11:02d}@example.org")
        Membership.objects.create(user=user, organization=org_a)
    for course in courses:
        services.assignment_create(actor=manager_a, course=course, organization=org_a)
    return courses


def _expected(org):
    rows = selectors.report_rows(organization=org, today=timezone.localdate())
    titles = {course.id: str(course.title) for course in Course.objects.all()}
    return [(row.user.email, titles[row.course_id]) for row in rows]


def test_next_links_walk_every_row_once_in_order_and_previous_links_walk_back(
    settings, login_as, org_a, manager_a, tied
):
    settings.TRAINING_REPORT_PAGE_SIZE = 5
    expected = _expected(org_a)
    assert len(expected) == 36 and len(set(expected)) < 36  # the title ties make the pairs alone ambiguous
    client = login_as(manager_a)
    pages, html = [], client.get(REPORT).content.decode()
    while True:
        pages.append(_table_rows(html))
        after = _links(html).get("after")
        if after is None:
            break
        html = client.get(REPORT, {"after": after}).content.decode()
    assert [len(p) for p in pages] == [5] * 7 + [1]
    assert [row for page in pages for row in page] == expected
    assert "before" in _links(html) and "First page" in html
    back = [pages[-1]]
    while before := _links(html).get("before"):
        html = client.get(REPORT, {"before": before}).content.decode()
        back.append(_table_rows(html))
    assert back[::-1] == pages  # the same pages, the first one last, with no previous link on it
    assert "First page" not in html


def test_a_page_after_a_cursor_keeps_the_course_filter(settings, login_as, org_a, manager_a, tied):
    settings.TRAINING_REPORT_PAGE_SIZE = 5
    other = tied[2]
    client = login_as(manager_a)
    html = client.get(REPORT, {"course": other.id}).content.decode()
    assert f"course={other.id}&amp;after=" in html
    second = client.get(REPORT, {"course": other.id, "after": _links(html)["after"]}).content.decode()
    titles = {title for _email, title in _table_rows(html) + _table_rows(second)}
    assert titles == {other.title.data["en"]} and len(_table_rows(second)) == 5


@pytest.mark.parametrize("learners", [5, 50])
def test_a_next_page_costs_the_same_queries_whatever_the_size(
    learners, settings, login_as, org_a, manager_a, django_assert_num_queries
):
    """Session, user, roles, organizations (form and access), then the cursor's row, the page's learners, the
    assignments that may reach them and the latest runs of its rows (the counts are in the cache since the first
    page)."""
    settings.TRAINING_REPORT_PAGE_SIZE = 4
    _populate(org_a, manager_a, [make_course(f"c{i}") for i in range(3)], learners)
    assert connection.features.supports_json_field  # SQLite's one-time probe, not the page's
    client = login_as(manager_a)
    after = _links(client.get(REPORT).content.decode())["after"]
    with django_assert_num_queries(13):
        response = client.get(REPORT, {"after": after, "organization": org_a.id})
    assert response.status_code == 200 and len(_table_rows(response.content.decode())) == 4


def test_the_counts_are_counted_once_then_kept_with_their_time(login_as, org_a, manager_a, tied):
    client = login_as(manager_a)
    with CaptureQueriesContext(connection) as first:
        page = client.get(REPORT).content.decode()
    assert "36 assigned courses, 0 completed, 0 overdue." in page and "(counted at " in page
    complete_course(Membership.objects.filter(organization=org_a).last().user, tied[2])
    with CaptureQueriesContext(connection) as again:
        page = client.get(REPORT).content.decode()
    assert "36 assigned courses, 0 completed" in page  # the figures of a few minutes ago, with their time
    assert len(again.captured_queries) == len(first.captured_queries) - 6  # the six grouped counts
    from django.core.cache import cache  # noqa: PLC0415 -- the test empties it as time would

    cache.clear()
    assert "36 assigned courses, 1 completed" in client.get(REPORT).content.decode()


def test_the_cached_counts_hold_no_one_s_name(login_as, org_a, manager_a, tied):
    from django.core.cache import cache  # noqa: PLC0415 -- what the page left there

    login_as(manager_a).get(REPORT)
    key = f"training:report-summary:{org_a.id}:all:{timezone.localdate().isoformat()}"
    figures = cache.get(key)
    assert set(figures) == {"total", "completed", "overdue", "by_course", "as_of"} and figures["total"] == 36
    assert {key for row in figures["by_course"] for key in row} == {
        "course_id",
        "course_title",
        "total",
        "completed_any",
        "completed",
        "in_progress",
        "not_started",
        "overdue",
    }


@pytest.mark.parametrize(
    "query",
    [
        {"after": "abc"},
        {"after": "12"},
        {"after": "1-2-3"},
        {"before": "-1-2"},
        {"after": "1-1", "before": "1-1"},
        {"after": "9" * 30 + "-1"},
        {"after": "\u0661-\u0662"},  # digits, but not ASCII ones
    ],
)
def test_a_malformed_page_link_is_refused_with_a_message(login_as, manager_a, tied, query):
    response = login_as(manager_a).get(REPORT, query)
    assert response.status_code == 400
    assert "open the report again from its first page" in response.content.decode()


def test_a_page_link_to_someone_outside_the_organization_is_refused(login_as, manager_a, learner_b, tied):
    """A cursor is a position in the organization's report: another organization's member is not one (and the
    refusal says nothing of them); the manager's own organization's member is."""
    client = login_as(manager_a)
    member = Membership.objects.filter(organization__training_assignments__course=tied[0]).first().user
    assert client.get(REPORT, {"after": f"{member.id}-{tied[0].id}"}).status_code == 200
    refused = client.get(REPORT, {"after": f"{learner_b.id}-{tied[0].id}"})
    assert refused.status_code == 400 and learner_b.full_name not in refused.content.decode()
    assert client.get(REPORT, {"after": f"{member.id}-999999"}).status_code == 400


def test_another_organizations_manager_cannot_page_through_this_one(login_as, manager_b, org_a, tied):
    member = Membership.objects.filter(organization=org_a).first().user
    client = login_as(manager_b)
    assert client.get(REPORT, {"organization": org_a.id, "after": f"{member.id}-{tied[0].id}"}).status_code == 404
    own = client.get(REPORT, {"after": f"{member.id}-{tied[0].id}"})  # their own organization's report
    assert own.status_code == 400


def test_the_revoke_link_of_a_row_opens_that_certificate(login_as, org_a, manager_a, learner, course):
    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    certificate = complete_course(learner, course).certificate
    page = login_as(manager_a).get(REPORT).content.decode()
    assert f'href="{reverse("training:certificate_revoke", args=[certificate.id])}"' in page


def test_the_whole_csv_comes_with_its_length(settings, login_as, org_a, manager_a, tied):
    settings.TRAINING_REPORT_CSV_CHUNK = 4
    response = login_as(manager_a).get(CSV)
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and int(response["Content-Length"]) == len(content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(r[1], r[2]) for r in rows[1:]] == _expected(org_a)
    assert (
        "attachment" in response["Content-Disposition"]
        and f"training-{org_a.slug}.csv" in response["Content-Disposition"]
    )


def test_a_csv_that_cannot_be_written_in_time_is_refused_not_cut_short(settings, login_as, manager_a, tied):
    settings.TRAINING_REPORT_CSV_SECONDS = -1  # the time is up before the first row
    response = login_as(manager_a).get(CSV)
    assert response.status_code == 503 and "took too long to prepare" in response.content.decode()
    assert not response["Content-Type"].startswith("text/csv")
