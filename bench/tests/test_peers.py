"""The benchmark compares like with like (issue 16): the action items API's peers carry the same rows as the
portal's list, each item with its latest 10 history entries, at a fixed number of queries."""

import pytest

from actionplan.models import Status
from actionplan.tests.factories import ActionItemFactory, dated_history

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def _history(results) -> dict[str, list[str]]:
    """Each item's history entries, by their reasons, newest first."""
    return {item["slug"]: sorted((e["reason"] for e in item["history"]), reverse=True) for item in results}


@pytest.fixture
def items():
    long_story, short_story = ActionItemFactory(slug="long"), ActionItemFactory(slug="short")
    days = [f"2025-01-{day:02d}" for day in range(1, 13)]
    dated_history(long_story, created="2024-12-01", entries=[(d, Status.ON_TRACK, 5, f"long {d}") for d in days])
    dated_history(short_story, created="2024-12-01", entries=[(d, Status.ON_TRACK, 5, f"short {d}") for d in days[:3]])
    return long_story, short_story


@pytest.mark.parametrize("peer", ["/_bench/api/action-items/one-query/", "/_bench/api/action-items/listapiview/"])
def test_the_action_items_api_peers_carry_the_portal_s_latest_10_entries_per_item(
    client, items, peer, django_assert_max_num_queries
):
    portal = _history(client.get("/api/action-items/").json()["results"])
    assert len(portal["long"]) == 10 and len(portal["short"]) == 3
    with django_assert_max_num_queries(3):  # the page (and its count), then one query for all the entries
        answer = client.get(peer)
    assert _history(answer.json()["results"]) == portal
