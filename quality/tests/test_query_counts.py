"""Every page's query count is the same with ten times the data: every HTML page each persona reaches (the URL
map's walk, English) is asked at 1x and at 10x the benchmark's data (bench/data.py: registry entries, tips in
the handler's hotline, learners with enrolments and assignments in the manager's organization, updates of one plan
item), and must cost the same number of queries. (`make bench` counts them again at 100x.)"""

import re

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bench import data
from quality.tests.conftest import persona_client
from quality.walk import html_pages
from taskforce.accounts import sessions

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "coordinator", "member", "handler", "editor", "trainer", "learner")
# The registry list's other doors, which the walk does not take: a search, filters, a deep page, French.
REGISTRY_PATHS = [
    f"/en/registry/?q={data.SEARCH_WORD}",
    "/en/registry/?province=AB&industry=construction&legal_basis=conviction",
    "/en/registry/?page=999999",
    f"/fr/registry/?q={data.SEARCH_WORD}&page=2",
]
# The training report's other doors (issue 20): its overdue rows alone, one course, French.
REPORT_PATHS = ["/en/training/staff/report/?show=overdue", "/fr/training/staff/report/?show=overdue"]


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
    "handler": [("/en/tips/staff/inbox/", r'href="\?(after=[^"&]+)')],
    "trainer": [
        ("/en/training/staff/report/", r"(after=\d+-\d+)"),
        ("/en/training/staff/report/?show=overdue", r"(show=overdue&amp;after=\d+-\d+)"),
    ],
}


def _later_page_counts(persona: str) -> dict[str, int]:
    client = persona_client(persona)
    found = {}
    for page, link in LATER_PAGES[persona]:
        with transaction.atomic():  # as _counts: what the GET changes is not kept
            tail = re.search(link, client.get(page).content.decode())[1].replace("&amp;", "&")
            later = f"{page.split('?')[0]}?{tail}"
            assert client.get(later).status_code == 200, later
            transaction.set_rollback(True)
        found[f"{page} (a later page)"] = _counts(persona, [later])[later]
    return found


@pytest.fixture(scope="module")
def counts_at_1x_and_10x(demo, django_db_blocker):
    # Two things come back after a while, whatever the data: a signed-in session notes activity at most once a
    # minute (one UPDATE), and the staff menu counts a handler's unread tips again when its kept count ends
    # (TIPS_UNREAD_COUNT_SECONDS, one SELECT). When that while ended between a page's two visits, the second one
    # cost a query more (CI: the handler's /en/staff/, 5 -> 6). Both are held for a day here: the data alone counts.
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(TIPS_UNREAD_COUNT_SECONDS=24 * 3600),
    ):
        patch.setattr(sessions, "SEEN_RESOLUTION_SECONDS", 24 * 3600)
        pages = {persona: sorted({f.path for f in html_pages(persona)}) for persona in PERSONAS}
        pages["anonymous"] += REGISTRY_PATHS
        pages["trainer"] += REPORT_PATHS
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
