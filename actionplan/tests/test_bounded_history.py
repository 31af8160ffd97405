"""An item's page and the API carry only its latest updates, whatever the length of its history; the whole history
is on a paged page and a paged endpoint. Sizes and query counts do not grow with the history."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from actionplan.models import Evidence, StatusUpdate

from .factories import ActionItemFactory

pytestmark = pytest.mark.django_db


def _history(item, organization, count: int, *, start: int = 0) -> None:
    """`count` dated updates, each with a piece of evidence: "Update <n>" (n from `start`), newest last."""
    base = timezone.now() - dt.timedelta(days=1)
    entries = StatusUpdate.objects.bulk_create(
        StatusUpdate(
            item=item,
            organization=organization,
            created_at=base + dt.timedelta(seconds=n),
            old_status=item.status,
            new_status=item.status,
            old_progress=n % 100,
            new_progress=(n + 1) % 100,
            reason=f"Update {n}.",
            author_name="Secret Author",
        )
        for n in range(start, start + count)
    )
    Evidence.objects.bulk_create(
        Evidence(item=item, update=e, title=f"Proof {e.reason[7:-1]}", url="https://example.org/p") for e in entries
    )


def _get(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return response, len(ctx.captured_queries)


def _reasons(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Update (\d+)\.", html)]


def _proofs(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Proof (\d+)<", html)]


def test_the_item_page_shows_the_latest_updates_with_their_evidence_and_links_the_history(client, item, org_a):
    url = reverse("actionplan:item", args=[item.url_key])
    _history(item, org_a, 3)
    small, at_3 = _get(client, url)
    assert _reasons(small.content.decode()) == [2, 1, 0]
    assert "All updates" not in small.content.decode()

    _history(item, org_a, 57, start=3)
    big, at_60 = _get(client, url)
    html = big.content.decode()
    assert at_60 == at_3
    assert _reasons(html) == list(range(59, 49, -1))  # the latest ten, newest first
    # each shown update keeps its own evidence; the evidence list holds the latest ten
    assert html.count("Proof 59<") == 2 and "Proof 49<" not in html and "Proof 0<" not in html
    assert "The latest 10 updates are shown." in html
    assert reverse("actionplan:item_history", args=[item.url_key]) in html
    assert len(big.content) < 2 * len(small.content)


def test_the_number_of_recent_updates_is_a_setting(client, item, org_a, settings):
    settings.ACTIONPLAN_ITEM_RECENT_UPDATES = 2
    _history(item, org_a, 5)
    html = client.get(reverse("actionplan:item", args=[item.url_key])).content.decode()
    assert _reasons(html) == [4, 3]


def test_the_history_page_pages_through_every_update_newest_first_with_its_evidence(client, item, org_a):
    url = reverse("actionplan:item_history", args=[item.url_key])
    _history(item, org_a, 60)
    seen = []
    for page in (1, 2, 3):
        html = client.get(url, {"page": page}).content.decode()
        assert _proofs(html) == _reasons(html)
        seen += _reasons(html)
    assert seen == list(range(59, -1, -1))
    assert "Page 1 of 3" in client.get(url).content.decode()
    assert "Secret Author" not in html


def test_the_history_page_runs_the_same_queries_at_1x_and_10x(client, item, org_a):
    url = reverse("actionplan:item_history", args=[item.url_key])
    _history(item, org_a, 60)
    _, at_1x = _get(client, url, page=2)
    _history(item, org_a, 540, start=60)
    response, at_10x = _get(client, url, page=2)
    assert at_10x == at_1x
    assert len(_reasons(response.content.decode())) == 25


@pytest.mark.parametrize("key", ["99", "no-such-item"])
def test_the_history_of_an_unknown_item_is_404_and_any_page_value_is_safe(client, item, key):
    assert client.get(reverse("actionplan:item_history", args=[key])).status_code == 404
    assert client.get(reverse("actionplan:item_history", args=[item.slug]), {"page": "x' OR 1"}).status_code == 200


def test_the_history_page_is_in_french(client, item, org_a):
    _history(item, org_a, 1)
    html = client.get(f"/fr/action-plan/{item.url_key}/history/").content.decode()
    assert "Historique de 1." in html


@pytest.fixture
def api():
    return APIClient()


def _items(plan, org, count: int, updates: int, *, start: int = 0):
    for n in range(start, start + count):
        grown = ActionItemFactory(plan=plan, number=100 + n, lead_organization=org)
        _history(grown, org, updates)


def test_the_api_list_carries_the_latest_updates_of_each_item_in_a_fixed_number_of_queries(api, item, org_a):
    _items(item.plan, org_a, 2, updates=3)
    small, at_1x = _get(api, "/api/action-items/")
    assert [len(row["history"]) for row in small.json()["results"]] == [0, 3, 3]

    _items(item.plan, org_a, 18, updates=60, start=2)
    _history(item, org_a, 60)
    big, at_10x = _get(api, "/api/action-items/")
    assert at_10x == at_1x
    rows = big.json()["results"]
    assert len(rows) == 21 and all(len(row["history"]) <= 10 for row in rows)
    first = rows[0]
    # still oldest first, the last entry being the latest
    assert [e["reason"] for e in first["history"]] == [f"Update {n}." for n in range(50, 60)]
    assert first["history_url"].endswith(f"/api/action-items/{item.slug}/updates/")
    assert len(big.content) < 25 * len(small.content)  # 7 times the items, twenty times the updates


def test_the_api_detail_carries_the_latest_updates(api, item, org_a, settings):
    settings.ACTIONPLAN_ITEM_RECENT_UPDATES = 4
    _history(item, org_a, 60)
    body = api.get(f"/api/action-items/{item.slug}/").json()
    assert [e["reason"] for e in body["history"]] == [f"Update {n}." for n in range(56, 60)]


def test_the_history_endpoint_pages_through_every_update_for_anyone(api, item, org_a):
    _history(item, org_a, 60)
    url, reasons = f"/api/action-items/{item.slug}/updates/?page_size=25", []
    while url:
        body = api.get(url).json()
        assert body["count"] == 60
        reasons += [e["reason"] for e in body["results"]]
        url = body["next"]
    assert reasons == [f"Update {n}." for n in range(59, -1, -1)]
    assert "author_name" not in body["results"][0] and "author" not in body["results"][0]


def test_the_history_endpoint_runs_the_same_queries_at_1x_and_10x(api, item, org_a):
    url = f"/api/action-items/{item.slug}/updates/"
    _history(item, org_a, 60)
    _, at_1x = _get(api, url)
    _history(item, org_a, 540, start=60)
    response, at_10x = _get(api, url)
    assert at_10x == at_1x and len(response.json()["results"]) == 50


def test_the_history_endpoint_answers_404_for_an_unknown_item_or_page(api, item):
    assert api.get("/api/action-items/nope/updates/").status_code == 404
    assert api.get(f"/api/action-items/{item.slug}/updates/", {"page": 9}).status_code == 404


def test_reading_the_history_does_not_open_posting_to_anonymous(api, item):
    assert api.get(f"/api/action-items/{item.slug}/updates/").status_code == 200
    data = {"version": 1, "progress": 55, "reason": "No"}
    assert api.post(f"/api/action-items/{item.slug}/updates/", data, format="json").status_code in (401, 403)
    assert not StatusUpdate.objects.exists()


def test_the_schema_describes_the_paged_history_and_the_update_endpoint(client, coordinator):
    from taskforce.testing.auth import login  # noqa: PLC0415 -- used by this test only

    login(client, coordinator)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    operations = response.json()["paths"]["/api/action-items/{slug}/updates/"]
    assert set(operations) >= {"get", "post"}
    names = [p["name"] for p in operations["get"]["parameters"]]
    assert "page" in names and "status" not in names
    schemas = response.json()["components"]["schemas"]
    assert "history_url" in schemas["ActionItem"]["properties"]
