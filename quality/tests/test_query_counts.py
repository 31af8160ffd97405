"""Every page's query count is the same with ten times the data: every HTML page each persona reaches (the URL
map's walk, English) is asked at 1x and at 10x the benchmark's data (bench/data.py: registry entries, tips in
the handler's hotline, learners with enrolments and assignments in the manager's organization, updates of one plan
item), and must cost the same number of queries. (`make bench` counts them again at 100x.)"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import data
from quality.tests.conftest import persona_client
from quality.walk import html_pages

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "coordinator", "member", "handler", "editor", "trainer", "learner")


def _counts(persona: str, paths: list[str]) -> dict[str, int]:
    client = persona_client(persona)
    counts = {}
    with transaction.atomic():  # what the GETs change (sessions, logs) is not kept
        for path in paths:
            client.get(path)  # the first visit may warm per-process caches (choices, labels)
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts[path] = len(queries.captured_queries)
        transaction.set_rollback(True)
    return counts


# The training report past its first page, as the training manager (the walk reaches the first page only: the next
# one's link names a row).
TRAINING_REPORT = "/en/training/staff/report/"


def _training_report_counts() -> dict[str, int]:
    client = persona_client("trainer")
    after = re.search(r"after=(\d+-\d+)", client.get(TRAINING_REPORT).content.decode())[1]
    path = f"{TRAINING_REPORT}?after={after}"
    assert client.get(path).status_code == 200
    return {"report, next page": _counts("trainer", [path])[path]}


@pytest.fixture(scope="module")
def counts_at_1x_and_10x(demo, django_db_blocker):
    with django_db_blocker.unblock():
        pages = {persona: sorted({f.path for f in html_pages(persona)}) for persona in PERSONAS}
        data.grow_to(1, log=lambda *_: None)
        one = {persona: _counts(persona, paths) for persona, paths in pages.items()}
        one["training"] = _training_report_counts()
        data.grow_to(10, log=lambda *_: None)
        ten = {persona: _counts(persona, paths) for persona, paths in pages.items()}
        ten["training"] = _training_report_counts()
        yield one, ten
        demo.reset()  # the other modules check the demo data alone


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_costs_more_queries_with_ten_times_the_data(counts_at_1x_and_10x, persona):
    one, ten = counts_at_1x_and_10x
    assert one[persona], f"the walk found no page for {persona}"
    grown = {
        path: (one[persona][path], ten[persona][path])
        for path in one[persona]
        if ten[persona][path] > one[persona][path]
    }
    assert not grown, f"queries at 1x -> 10x data, as {persona}: {grown}"


def test_the_training_reports_next_page_costs_the_same_with_ten_times_the_learners(counts_at_1x_and_10x):
    one, ten = counts_at_1x_and_10x
    assert one["training"] == ten["training"]
