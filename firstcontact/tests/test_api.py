import pytest
from django.test import Client
from rest_framework.test import APIClient

from taskforce.testing.auth import login

from .helpers import full_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_providers(member_a, member_b, content, hotlines):
    login(Client(), member_a).post("/en/assess/", full_post(province="MB"))
    login(Client(), member_b).post("/en/assess/", full_post(province="AB"))


def test_provider_lists_own_assessments_only(member_a, two_providers):
    api = login(APIClient(), member_a)
    data = api.get("/api/assessments/").json()
    assert [row["province"] for row in data["results"]] == ["MB"]
    assert data["results"][0]["version"] == 1 and data["results"][0]["referred"] is False
    assert APIClient().get("/api/assessments/").status_code in (401, 403)


def test_counts_for_coordinator_only(coordinator, member_a, two_providers):
    data = login(APIClient(), coordinator).get("/api/assessments/counts/").json()
    assert data["total"] == 2
    assert {"province": "MB", "kind": "labour", "count": 1} in data["rows"]
    assert "provider" not in str(data) and "email" not in str(data)
    assert login(APIClient(), member_a).get("/api/assessments/counts/").status_code == 403
    assert APIClient().get("/api/assessments/counts/").status_code in (401, 403)


def test_rights_pages_are_public(content):
    api = APIClient()
    data = api.get("/api/rights-pages/?language=fr").json()
    assert all("fr" in row["languages"] for row in data["results"]) and len(data["results"]) == 3
    assert all(row["translations"]["title"]["fr"] for row in data["results"])
    assert "language" not in data["results"][0] and "title_fr" not in data["results"][0]
    assert api.get("/api/rights-pages/?language=" + "x" * 500).status_code == 200
    assert api.get("/api/rights-pages/?page=999").status_code == 404
    assert not api.get("/api/rights-pages/").cookies
