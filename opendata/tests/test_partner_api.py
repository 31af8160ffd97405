"""The partner exchange's statistics: the rows of the public datasets, the same suppressed numbers and nothing
finer, for clients allowed to read them."""

import pytest
from rest_framework.test import APIClient

from opendata.datasets import all_datasets, dataset
from taskforce import partners

pytestmark = pytest.mark.django_db
STATS = "/api/partners/statistics/"


def key_for(coordinator, org, **scopes):
    scopes = {"can_read_statistics": True, "can_submit_values": False, **scopes}
    client = partners.partner_client_create(actor=coordinator, organization=org, name="feed", **scopes)
    _row, key = partners.partner_key_issue(actor=coordinator, client=client)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Partner {key}")
    return api


def test_the_list_names_the_public_statistics_datasets_and_the_licence(coordinator, org_a):
    answer = key_for(coordinator, org_a).get(STATS)
    assert answer.status_code == 200
    slugs = [d["slug"] for d in answer.json()["datasets"]]
    assert slugs == [ds.slug for ds in all_datasets() if ds.theme == "statistics"]
    assert slugs and answer.json()["licence"]["identifier"]
    assert 'rel="license"' in answer["Link"]


def test_a_dataset_gives_the_public_rows_and_nothing_finer(coordinator, org_a):
    slug = "statistics-registry-by-industry-status"
    answer = key_for(coordinator, org_a).get(f"{STATS}{slug}/")
    assert answer.status_code == 200
    assert answer.json()["rows"] == [dict(row) for row in dataset(slug).rows()]
    assert [f["name"] for f in answer.json()["fields"]] == [f.name for f in dataset(slug).fields]


def test_only_statistics_datasets_are_offered(coordinator, org_a):
    api = key_for(coordinator, org_a)
    others = [ds.slug for ds in all_datasets() if ds.theme != "statistics"]
    assert others
    for slug in others[:3] + ["no-such-dataset"]:
        assert api.get(f"{STATS}{slug}/").status_code == 404


def test_a_client_without_the_statistics_scope_is_refused(coordinator, org_a):
    api = key_for(coordinator, org_a, can_read_statistics=False, can_submit_values=True)
    assert api.get(STATS).status_code == 403
    assert api.get(f"{STATS}statistics-registry-by-industry-status/").status_code == 403


def test_a_signed_in_person_is_not_a_partner(client, login_as, coordinator):
    login_as(coordinator)
    assert client.get(STATS).status_code in (401, 403)


def test_a_client_over_its_rate_gets_a_429_and_another_client_is_not_slowed(coordinator, org_a, org_b, settings):
    """Counted per client, whichever key it uses; the limit of one client never falls on another."""
    from django.core.cache import cache  # noqa: PLC0415 -- used by this test only

    cache.clear()
    settings.OPEN_DATA_PARTNER_RATE = "3/minute"
    busy, other = key_for(coordinator, org_a), key_for(coordinator, org_b)
    assert [busy.get(STATS).status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get(STATS)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert other.get(STATS).status_code == 200
    cache.clear()
