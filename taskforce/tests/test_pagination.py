"""Lists count at most LIST_COUNT_LIMIT rows: the count and the deepest page cost the same at any table size."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from taskforce.models import Organization
from taskforce.pagination import page_of


@pytest.fixture
def organizations(db):
    Organization.objects.bulk_create(
        Organization(name=f"Org {n:03}", slug=f"org-{n:03}", kind="agency") for n in range(30)
    )
    return Organization.objects.order_by("slug")


def test_a_list_within_the_limit_counts_exactly(organizations):
    page = page_of(RequestFactory().get("/", {"page": "2"}), organizations, per_page=10, limit=100)
    assert page.paginator.count == organizations.count()
    assert not page.paginator.truncated
    assert page.number == 2


def test_a_list_beyond_the_limit_says_more_and_stops_at_the_limit(organizations, settings):
    settings.LIST_COUNT_LIMIT = 20
    request = RequestFactory().get("/", {"page": "99"})
    with CaptureQueriesContext(connection) as queries:
        page = page_of(request, organizations, per_page=10)
        list(page.object_list)
    assert page.paginator.truncated
    assert page.paginator.count == 20
    assert page.paginator.num_pages == 2
    assert page.number == 2, "a page past the limit gives the last page within it"
    count_sql = queries.captured_queries[0]["sql"].upper()
    assert "COUNT(" in count_sql and "LIMIT 21" in count_sql, "the count reads at most limit + 1 rows"


def test_the_page_tells_the_reader_there_are_more(organizations, settings):

    settings.LIST_COUNT_LIMIT = 20
    page = page_of(RequestFactory().get("/"), organizations, per_page=10)
    html = render_to_string("_pagination.html", {"page_obj": page, "query": ""})
    assert "More than 20 results" in html
    assert "Page 1 of more than 2" in html
