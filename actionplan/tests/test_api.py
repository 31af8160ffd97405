"""The public, read-only API of action items with their history; and the members' update endpoint (409 on a stale
version)."""

import pytest
from rest_framework.test import APIClient

from actionplan.models import Status, StatusUpdate
from taskforce.testing.auth import login

from .factories import ActionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anyone_reads_every_item_with_its_history(api, item, member_a, post_update):
    post_update(item, member_a, status=Status.CHALLENGES, reason="Public reason")
    body = api.get("/api/action-items/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["slug"] == "first" and row["status"] == "challenges" and row["lead_organization"] == "org-a"
    assert row["partners"] == ["org-partner"]
    assert row["history"][0]["reason"] == "Public reason" and row["history"][0]["organization"] == "org-a"
    assert "author" not in row["history"][0]
    assert api.get("/api/action-items/first/").json()["slug"] == "first"


def test_filters_by_plan_status_and_organization(api, item, org_b):
    from .factories import PlanFactory  # noqa: PLC0415 -- used by this test only

    other_plan = PlanFactory(slug="national", title="National plan", is_current=False)
    ActionItemFactory(plan=other_plan, number=1, slug="nat-1", lead_organization=org_b, status=Status.COMPLETE)

    def slugs(**params):
        return [r["slug"] for r in api.get("/api/action-items/", params).json()["results"]]

    assert slugs(plan="national") == ["nat-1"]
    assert slugs(status="complete") == ["nat-1"]
    assert slugs(status="on_track") == ["first"]
    assert slugs(organization="org-partner") == ["first"]  # a partner counts
    assert slugs(organization="org-b") == ["nat-1"]


@pytest.mark.parametrize("params", [{"status": "done"}, {"organization": "nobody"}, {"plan": "nope"}])
def test_unknown_filter_values_are_a_clear_400(api, item, params):
    response = api.get("/api/action-items/", params)
    assert response.status_code == 400 and list(params)[0] in response.json()


def test_members_post_an_update_through_the_api(api, item, member_a):
    login(api, member_a)
    response = api.post(
        f"/api/action-items/{item.slug}/updates/", {"version": 1, "progress": 55, "reason": "Via API"}, format="json"
    )
    assert response.status_code == 201 and response.json()["new_progress"] == 55
    assert StatusUpdate.objects.get().source == "api"


def test_a_stale_version_is_a_409_and_saves_nothing(api, item, member_a, coordinator, post_update):
    post_update(item, coordinator, progress=20)
    login(api, member_a)
    response = api.post(
        f"/api/action-items/{item.slug}/updates/", {"version": 1, "progress": 55, "reason": "Stale"}, format="json"
    )
    assert response.status_code == 409 and "changed since you opened it" in response.json()["detail"]
    assert response.json()["code"] == "stale"  # the same answer as every other version conflict
    assert StatusUpdate.objects.count() == 1


def test_an_unrelated_member_gets_403_and_anonymous_401_or_403(api, item, member_b):
    data = {"version": 1, "progress": 55, "reason": "No"}
    assert api.post(f"/api/action-items/{item.slug}/updates/", data, format="json").status_code in (401, 403)
    login(api, member_b)
    assert api.post(f"/api/action-items/{item.slug}/updates/", data, format="json").status_code == 403
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"version": 1, "progress": 150, "reason": "r"},
        {"version": 1, "status": "bogus", "reason": "r"},
        {"version": 1, "progress": 5, "reason": ""},
        {"version": 1, "progress": 10, "reason": "no change"},
    ],
)
def test_bad_input_through_the_api_is_a_400(api, item, member_a, data):
    login(api, member_a)
    assert api.post(f"/api/action-items/{item.slug}/updates/", data, format="json").status_code == 400
    assert not StatusUpdate.objects.exists()
