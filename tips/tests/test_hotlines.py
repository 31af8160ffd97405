"""The public hotline directory, on a page and in the API, for anyone."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_directory_page_lists_real_hotlines_and_filters(client, hotlines):
    html = client.get("/en/hotlines/").content.decode()
    for number in ("1-833-900-1010", "1-844-333-2211", "905-546-4904", "1-866-528-7109"):
        assert number in html
    html = client.get("/en/hotlines/?province=AB&need=organs").content.decode()
    assert "1-833-900-1010" in html and "1-844-333-2211" not in html and "1-866-528-7109" not in html
    assert client.get("/en/hotlines/?province=ZZ&need=<b>").status_code == 200
    response = client.get("/en/hotlines/")
    assert not response.cookies and "no-store" in response["Cache-Control"]


def test_directory_in_french(client, hotlines):
    html = client.get("/fr/hotlines/").content.decode()
    assert "Ligne d&#x27;urgence du Manitoba contre la traite des personnes" in html


def test_api_is_public_and_filters(hotlines):
    api = APIClient()
    response = api.get("/api/hotlines/")
    assert response.status_code == 200
    names = [h["name"] for h in response.json()["results"]]
    assert names[0] == "Canadian Human Trafficking Hotline" and len(names) == 4
    mb = api.get("/api/hotlines/?province=MB&need=sex").json()["results"]
    assert {h["organization"] for h in mb} == {"cceht", "klinic", "chrysalis"}
    assert mb[0]["regions"] == [] and "phone" in mb[0]


def test_api_is_read_only(hotlines):
    assert APIClient().post("/api/hotlines/", {"name": "x"}).status_code == 405


def test_inactive_hotlines_are_not_listed(hotlines):
    hotlines["chrysalis"].is_active = False
    hotlines["chrysalis"].save()
    results = APIClient().get("/api/hotlines/").json()["results"]
    assert "chrysalis" not in {h["organization"] for h in results}
