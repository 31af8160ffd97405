"""The registry's CSV and JSON downloads follow the search of the page they were downloaded from, and give each
entry as the API does: the same link (from SITE_URL) and the same timestamp strings."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from publications.models import RegistryEntry
from publications.selectors import EXPORT_COLUMNS

from .factories import build_downloads, make_entry

pytestmark = pytest.mark.django_db
LIST = reverse("publications:registry_list")
CSV = reverse("publications:registry_csv")
JSON = reverse("publications:registry_json")


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def _json(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    return json.loads(b"".join(response.streaming_content))["entries"]


def _download_links(page: str) -> list[str]:
    """The selection's download links the list page shows (its HTML unescaped)."""
    hrefs = re.findall(r'href="(/en/registry/business-registry\.(?:csv|json)\?[^"]*)"', page)
    return [href.replace("&amp;", "&") for href in hrefs]


@pytest.fixture
def three_provinces(editor, settings):
    settings.REGISTRY_LIVE_EXPORT_MAX_ROWS = 50
    make_entry(created_by=editor, legal_name="Coastal Staffing Ltd.", province="BC", city="Victoria")
    make_entry(created_by=editor, legal_name="Coastal Farms Ltd.", province="BC", city="Kelowna")
    make_entry(created_by=editor, legal_name="Prairie Labour Inc.", province="AB", city="Calgary")


def test_the_pages_links_download_exactly_the_entries_the_page_lists(client, three_provinces):
    page = client.get(LIST, {"q": "coastal", "province": "BC", "city": "Victoria"})
    assert page.status_code == 200
    links = _download_links(page.content.decode())
    assert len(links) == 2, "a CSV and a JSON link for the search"
    for link in links:
        assert "q=coastal" in link and "province=BC" in link and "city=Victoria" in link
    assert [r["legal_name"] for r in _csv(client.get(links[0]))] == ["Coastal Staffing Ltd."]
    assert [e["legal_name"] for e in _json(client.get(links[1]))] == ["Coastal Staffing Ltd."]


def test_a_filtered_download_holds_only_the_matching_entries_and_the_whole_one_all(client, three_provinces):
    assert sorted(r["legal_name"] for r in _csv(client.get(CSV, {"province": "BC"}))) == [
        "Coastal Farms Ltd.",
        "Coastal Staffing Ltd.",
    ]
    assert [e["legal_name"] for e in _json(client.get(JSON, {"province": "AB"}))] == ["Prairie Labour Inc."]
    build_downloads()
    everything = {"Coastal Farms Ltd.", "Coastal Staffing Ltd.", "Prairie Labour Inc."}
    assert {r["legal_name"] for r in _csv(client.get(CSV))} == everything
    assert {e["legal_name"] for e in _json(client.get(JSON))} == everything


def test_a_filtered_files_name_says_it_is_a_selection_of_the_day_and_carries_the_licence(client, three_provinces):
    response = client.get(JSON, {"province": "BC"})
    day = timezone.localdate().isoformat()
    assert f'filename="business-registry-selection-{day}.json"' in response["Content-Disposition"]
    assert response.streaming, "written as it is read, never held whole in memory"
    assert "licence" in response["Link"]


def test_one_entry_is_the_same_in_the_csv_the_json_and_the_api(client, editor, settings):
    settings.SITE_URL = "https://registry.example.org"
    entry = make_entry(created_by=editor, legal_name="Coastal Staffing Ltd.", province="BC", aliases="Coast\nCS")
    # Microseconds and a UTC instant the API shows in the portal's time zone: every digit must agree.
    RegistryEntry.objects.filter(pk=entry.pk).update(
        published_at=datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)
    )
    headers = {"HTTP_HOST": "testserver"}  # a host other than SITE_URL's: the links never follow the request
    api = APIClient().get("/api/registry/", {"province": "BC"}, **headers).json()["results"][0]
    for selection in ({"province": "BC"}, {}):  # written live, and the whole registry's built file
        if not selection:
            build_downloads()
        row = _csv(client.get(CSV, selection, **headers))[0]
        entry_json = _json(client.get(JSON, selection, **headers))[0]
        assert list(row) == list(entry_json) == list(EXPORT_COLUMNS)
        for column in EXPORT_COLUMNS:
            assert entry_json[column] == api[column], column
            expected = api[column]
            if column == "aliases":
                expected = "\n".join(expected)
            elif expected is None:
                expected = ""
            assert row[column] == str(expected), column
        assert row["url"] == f"https://registry.example.org/en/registry/{entry.public_id}/"
        assert row["published_at"] == api["published_at"] == "2026-01-01T20:04:05.678901-07:00"
        assert entry_json["updated_at"] == api["updated_at"] and "T" in api["updated_at"]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"year": "nineteen"}, "Year of decision: Enter a whole number."),
        ({"province": "XX"}, "Province or territory: Select a valid choice."),
        ({"industry": "<script>"}, "Industry: Select a valid choice."),
        ({"q": "x" * 5000}, "Search names and aliases: Ensure this value has at most"),
    ],
)
def test_a_bad_filter_gets_the_pages_clear_400_never_a_500(client, three_provinces, params, says):
    page = client.get(LIST, params)
    assert page.status_code == 400
    for url in (CSV, JSON):
        response = client.get(url, params)
        assert response.status_code == 400 and not response.streaming
        text = response.content.decode()
        assert says in text
        assert "Some of the search values are not valid" in text
    assert "&lt;script&gt;" in text or "<script>" not in text


def _download_queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        b"".join(response.streaming_content)
    return len(queries.captured_queries)


def test_a_filtered_download_costs_the_same_queries_with_ten_times_the_entries(client, editor, settings):
    settings.REGISTRY_LIVE_EXPORT_MAX_ROWS = 500
    settings.REGISTRY_EXPORT_CHUNK_SIZE = 1000
    for _ in range(3):
        make_entry(created_by=editor, province="BC")
    small = {url: _download_queries(client, url, {"province": "BC"}) for url in (CSV, JSON)}
    for _ in range(27):
        make_entry(created_by=editor, province="BC")
    large = {url: _download_queries(client, url, {"province": "BC"}) for url in (CSV, JSON)}
    assert small == large
