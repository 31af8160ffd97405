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
# The registry list's other doors, which the walk does not take: a search, filters, a deep page, French.
REGISTRY_PATHS = [
    f"/en/registry/?q={data.SEARCH_WORD}",
    "/en/registry/?province=AB&industry=construction&legal_basis=conviction",
    "/en/registry/?page=999999",
    f"/fr/registry/?q={data.SEARCH_WORD}&page=2",
]


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


# Pages past the first, reached by their keyset link, which names a row (so the walk finds the first page only):
# persona -> (page, the pattern of its "next" link). Counted as "<page> (a later page)" among the persona's pages.
LATER_PAGES = {
    "handler": ("/en/tips/staff/inbox/", r'href="\?(after=[^"&]+)'),
    "trainer": ("/en/training/staff/report/", r"(after=\d+-\d+)"),
}


def _later_page_counts(persona: str) -> dict[str, int]:
    page, link = LATER_PAGES[persona]
    client = persona_client(persona)
    with transaction.atomic():  # as _counts: what the GET changes is not kept
        later = f"{page}?{re.search(link, client.get(page).content.decode())[1]}"
        assert client.get(later).status_code == 200, later
        transaction.set_rollback(True)
    return {f"{page} (a later page)": _counts(persona, [later])[later]}


@pytest.fixture(scope="module")
def counts_at_1x_and_10x(demo, django_db_blocker):
    with django_db_blocker.unblock():
        pages = {persona: sorted({f.path for f in html_pages(persona)}) for persona in PERSONAS}
        pages["anonymous"] += REGISTRY_PATHS
        data.grow_to(1, log=lambda *_: None)
        one = {persona: _counts(persona, paths) for persona, paths in pages.items()}
        for persona in LATER_PAGES:
            one[persona].update(_later_page_counts(persona))
        data.grow_to(10, log=lambda *_: None)
        ten = {persona: _counts(persona, paths) for persona, paths in pages.items()}
        for persona in LATER_PAGES:
            ten[persona].update(_later_page_counts(persona))
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
