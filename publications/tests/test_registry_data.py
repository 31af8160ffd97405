"""Downloads, the Atom feed and the API of the registry; a delisted entry leaves all of them at once."""

import csv
import io
import json
import re
import tracemalloc
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from publications import services
from publications.models import RegistryEntry
from taskforce.testing.auth import login

from .factories import make_entry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(client) -> list[dict]:
    response = client.get(reverse("publications:registry_csv"))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def json_entries(client) -> list[dict]:
    response = client.get(reverse("publications:registry_json"))
    assert response.streaming
    return json.loads(b"".join(response.streaming_content))["entries"]


def feed_titles(client) -> list[str]:
    response = client.get(reverse("publications:registry_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


def api_names(client, **params) -> list[str]:
    response = APIClient().get("/api/registry/", params)
    assert response.status_code == 200
    return [e["legal_name"] for e in response.json()["results"]]


def test_csv_and_json_hold_every_published_entry(client, editor, published_entry):
    make_entry(created_by=editor, legal_name="Hidden Draft", status=RegistryEntry.Status.DRAFT)
    rows = csv_rows(client)
    assert [r["legal_name"] for r in rows] == ["Crème Brûlée Hospitality Inc."]
    assert rows[0]["public_id"] == published_entry.public_id
    assert rows[0]["url"].endswith(f"/en/registry/{published_entry.public_id}/")
    entries = json_entries(client)
    assert [e["legal_name"] for e in entries] == ["Crème Brûlée Hospitality Inc."]
    assert entries[0]["aliases"] == ["Brulee Rooms"] and entries[0]["decision_date"] == "2025-05-01"


def test_csv_defuses_spreadsheet_formulas(client, editor):
    make_entry(created_by=editor, legal_name='=HYPERLINK("http://x")')
    assert csv_rows(client)[0]["legal_name"].startswith("'=")


def test_exports_stream_with_flat_memory(client, editor, settings):
    for _ in range(60):
        make_entry(created_by=editor, summary="s" * 2000)
    settings.REGISTRY_EXPORT_CHUNK_SIZE = 10
    response = client.get(reverse("publications:registry_json"))
    chunks = response.streaming_content
    tracemalloc.start()
    first = next(chunks)
    biggest = 0
    count = 0
    for chunk in chunks:
        biggest = max(biggest, len(chunk))
        count += 1
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert first == b'{"entries": ['
    assert count == 61 and biggest < 5000  # one entry per chunk, never the whole file
    assert peak < 2_000_000


def test_feed_lists_additions_corrections_and_delistings(client, editor, approver, published_entry):
    correction = services.correction_propose(
        entry=published_entry,
        actor=editor,
        data={"city": "Leduc"},
        version=published_entry.version,
        reason="Wrong city.",
    )
    assert len(feed_titles(client)) == 1  # a correction waiting for approval is not announced
    services.correction_approve(correction=correction, actor=approver, version=correction.version)
    assert feed_titles(client) == [
        f"Corrected: Crème Brûlée Hospitality Inc. ({published_entry.public_id})",
        f"Added: Crème Brûlée Hospitality Inc. ({published_entry.public_id})",
    ]
    published_entry.refresh_from_db()
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    assert feed_titles(client) == [f"Delisted: entry {published_entry.public_id}"]


def test_delisting_removes_the_entry_everywhere_at_once(client, approver, published_entry):
    assert published_entry.public_id in client.get("/en/registry/").content.decode()
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    name = published_entry.legal_name
    assert name not in client.get("/en/registry/").content.decode()
    assert name not in client.get("/en/registry/", {"q": "creme"}).content.decode()
    assert csv_rows(client) == [] and json_entries(client) == []
    assert api_names(client) == [] and api_names(client, q="creme") == []
    assert all(name not in t for t in feed_titles(client))
    gone = APIClient().get(f"/api/registry/{published_entry.public_id}/")
    assert gone.status_code == 410 and gone.json()["reason"] == "Overturned."


# ----- API ------------------------------------------------------------------------------------------------------


def test_api_is_open_to_anonymous_readers_with_the_same_filters(editor, published_entry):
    make_entry(created_by=editor, legal_name="Other", province="BC")
    assert api_names(None) == ["Crème Brûlée Hospitality Inc.", "Other"]
    assert api_names(None, q="CREME brulee") == ["Crème Brûlée Hospitality Inc."]
    assert api_names(None, province="BC") == ["Other"]
    detail = APIClient().get(f"/api/registry/{published_entry.public_id}/").json()
    assert detail["aliases"] == ["Brulee Rooms"] and detail["changes"][0]["kind"] == "addition"


@pytest.mark.parametrize("params", [{"province": "ZZ"}, {"year": "x"}, {"q": "q" * 10_000}])
def test_api_rejects_bad_filters_with_400(params):
    assert APIClient().get("/api/registry/", params).status_code == 400


def test_api_page_past_the_end_is_404_not_500(published_entry):
    assert APIClient().get("/api/registry/", {"page": "999999999"}).status_code == 404


def test_api_list_runs_in_fixed_queries(editor, django_assert_num_queries):
    make_entry(created_by=editor)
    with django_assert_num_queries(2):
        APIClient().get("/api/registry/")
    for _ in range(10):
        make_entry(created_by=editor)
    with django_assert_num_queries(2):
        APIClient().get("/api/registry/")


def test_api_correction_carries_the_version_and_conflicts_get_409(editor, approver, published_entry):
    api = APIClient()
    api.force_authenticate(editor)
    url = f"/api/registry/{published_entry.public_id}/"
    ok = api.patch(url, {"version": 1, "city": "Leduc", "reason": "Wrong city."}, format="json")
    assert ok.status_code == 202
    assert ok.json()["correction"]["changes"][0] == {
        "field": "city",
        "label": "city",
        "old": "Edmonton",
        "new": "Leduc",
    }
    correction = published_entry.corrections.get()
    services.correction_approve(correction=correction, actor=approver, version=correction.version)
    stale = api.patch(url, {"version": 1, "city": "Banff", "reason": "Other."}, format="json")
    assert stale.status_code == 409 and "changed since you opened it" in stale.json()["detail"]
    assert stale.json()["code"] == "stale"
    published_entry.refresh_from_db()
    assert published_entry.city == "Leduc" and published_entry.version == 2


@pytest.mark.parametrize("persona", ["anonymous", "member", "approver"])
def test_api_correction_is_for_editors_only(persona, member_a, approver, published_entry):
    api = APIClient()
    if persona == "member":
        api.force_authenticate(member_a)
    elif persona == "approver":
        login(api, approver)
    response = api.patch(f"/api/registry/{published_entry.public_id}/", {"version": 1, "city": "X"}, format="json")
    assert response.status_code in (401, 403)
    published_entry.refresh_from_db()
    assert published_entry.city == "Edmonton"


def test_staff_page_lists_entries_for_editors(editor, published_entry):
    response = login(Client(), editor).get(reverse("publications:registry_staff"))
    assert published_entry.public_id in response.content.decode()


@pytest.mark.parametrize("feed", ["publications:registry_feed", "publications:publication_feed"])
def test_feed_links_start_at_the_portals_public_address_whatever_the_host(client, settings, published_entry, feed):
    """Like the CSV, the API and mail (taskforce.links): a feed's links come from SITE_URL, not from the Host
    header of whoever asked (behind a proxy that drops the port, or through another allowed name)."""
    settings.SITE_URL = "https://portal.example:8443"
    settings.ALLOWED_HOSTS = ["internal.example"]
    body = client.get(reverse(feed), HTTP_HOST="internal.example").content.decode()
    hrefs = re.findall(r'href="([^"]+)"', body)
    assert hrefs
    assert all(h.startswith("https://portal.example:8443/") for h in hrefs), hrefs
