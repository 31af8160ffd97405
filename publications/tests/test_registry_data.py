"""Downloads, the Atom feed and the API of the registry; a delisted entry leaves all of them at once."""

import base64
import csv
import datetime
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from opendata.vocabularies import INDUSTRY
from publications import exports, services
from publications.models import Industry, RegistryEntry, RegistrySnapshot, RegistrySnapshotBuild
from taskforce.testing.auth import login

from .factories import build_downloads, make_entry

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def csv_rows(client, **params) -> list[dict]:
    """The whole registry's CSV as served once the download files are built (or a selection, with filters)."""
    if not params:
        build_downloads()
    response = client.get(reverse("publications:registry_csv"), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def json_entries(client, **params) -> list[dict]:
    if not params:
        build_downloads()
    response = client.get(reverse("publications:registry_json"), params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
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


def _export_queries(settings, entries: int) -> list[str]:
    settings.REGISTRY_EXPORT_CHUNK_SIZE = 10
    with CaptureQueriesContext(connection) as queries:
        build_downloads()
    # The whole-registry files only: the changes file reads its entries by the ids of the change log's window, in
    # chunks too (publications/tests/test_registry_ftm.py).
    return [
        q["sql"]
        for q in queries.captured_queries
        if "publications_registryentry" in q["sql"] and '"publications_registryentry"."id" IN (' not in q["sql"]
    ]


def test_the_files_are_read_by_keyset_pages_so_memory_stays_flat(editor, settings):
    """Each file reads the registry in pages of REGISTRY_EXPORT_CHUNK_SIZE rows, each `WHERE id > last ORDER BY
    id LIMIT n`: never the whole table at once, never a deep OFFSET, never a server-side cursor. The number of
    queries grows with rows / chunk; what each one holds does not."""
    for _ in range(6):
        make_entry(created_by=editor)
    small = _export_queries(settings, 6)
    for _ in range(54):
        make_entry(created_by=editor)
    RegistrySnapshot.objects.all().delete()
    large = _export_queries(settings, 60)
    # Per file (CSV, JSON, FollowTheMoney): 1 page of 6; 6 pages of 10 and an empty one.
    assert len(small) == 3 * 1 and len(large) == 3 * 7
    for sql in large:
        assert re.search(r'ORDER BY (1|"publications_registryentry"."id") ASC LIMIT 10$', sql) and "OFFSET" not in sql
    assert sum('"publications_registryentry"."id" >' in sql for sql in large) == len(large)


def test_a_built_file_carries_its_checksum_and_row_count(client, editor, snapshot_dir):
    for _ in range(3):
        make_entry(created_by=editor)
    files = {s.format: s for s in build_downloads()}
    assert set(files) == {"csv", "json", "ftm", "delta"}  # the first changes file: everything, all additions
    for file_format, snapshot in files.items():
        data = (snapshot_dir / snapshot.file_name).read_bytes()
        assert snapshot.rows == 3 and snapshot.bytes == len(data)
        assert snapshot.sha256 == hashlib.sha256(data).hexdigest()
        url = reverse(
            "publications:registry_ftm_delta" if file_format == "delta" else f"publications:registry_{file_format}"
        )
        response = client.get(url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200 and body == data
        assert response["Digest"] == "sha-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        assert response["X-Row-Count"] == "3"
        day = timezone.localtime(snapshot.as_of).date().isoformat()
        assert (
            f'filename="business-registry-{day}.{exports.EXTENSIONS[file_format]}"' in response["Content-Disposition"]
        )
    assert len(list(csv.reader(io.StringIO(data_text(snapshot_dir, files["csv"]))))) == 1 + 3
    assert not list(snapshot_dir.glob(".*.part"))  # written under a temporary name, then renamed


def test_behind_nginx_the_proxy_sends_the_file_and_no_worker_is_held(client, editor, snapshot_dir, settings):
    """REGISTRY_SNAPSHOT_ACCEL_PREFIX: the answer names the file for nginx's internal location (deploy/nginx) and
    carries the same checksum, row count and name; its body is empty."""
    settings.REGISTRY_SNAPSHOT_ACCEL_PREFIX = "/_registry-files/"
    make_entry(created_by=editor)
    files = {s.format: s for s in build_downloads()}
    response = client.get("/en/registry/business-registry.json")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_registry-files/{files['json'].file_name}"
    assert response["X-Row-Count"] == "1" and response["X-Checksum-SHA256"] == files["json"].sha256
    assert "attachment" in response["Content-Disposition"] and response["Content-Type"].startswith("application/json")
    conf = (settings.BASE_DIR / "deploy" / "nginx" / "portal.conf").read_text()
    assert "location ^~ /_registry-files/ {\n        internal;" in conf, "nginx serves the folder to no one else"


def data_text(folder, snapshot) -> str:
    return (folder / snapshot.file_name).read_text()


def test_without_a_file_the_download_says_so_and_queues_one_never_a_partial_file(client, editor):
    make_entry(created_by=editor)
    response = client.get("/en/registry/business-registry.csv")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert "being prepared" in response.content.decode() and not response.streaming
    assert RegistrySnapshotBuild.objects.filter(state="pending").count() == 1
    client.get("/en/registry/business-registry.json")
    assert RegistrySnapshotBuild.objects.count() == 1  # debounced: one build for both


def test_a_file_older_than_a_correction_or_delisting_is_not_served(client, editor, approver, published_entry):
    build_downloads()
    make_entry(created_by=editor)  # an addition alone leaves the file served until the next build
    assert client.get("/en/registry/business-registry.csv").status_code == 200
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    assert client.get("/en/registry/business-registry.csv").status_code == 503
    assert published_entry.public_id not in "".join(r["public_id"] for r in csv_rows(client))


def test_only_the_newest_file_of_each_format_is_kept(editor, snapshot_dir, django_capture_on_commit_callbacks):
    make_entry(created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        first = build_downloads()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        second = build_downloads()
    assert (snapshot_dir / first[0].file_name).exists(), "nothing is deleted before the build commits"
    for callback in pending:
        callback()
    assert sorted(p.name for p in snapshot_dir.iterdir()) == sorted(s.file_name for s in second)
    assert RegistrySnapshot.objects.filter(id__in=[s.id for s in first], is_kept=False).count() == 4
    assert {s.format for s in second} == {"csv", "json", "ftm", "delta"}  # the second: what changed since the first


def test_the_build_runs_once_when_queued_twice(editor):
    make_entry(created_by=editor)
    build = services.registry_snapshot_request()
    assert len(services.registry_snapshot_build(build_id=build.id)) == 4
    assert services.registry_snapshot_build(build_id=build.id) == []
    assert RegistrySnapshot.objects.count() == 4


def test_publishing_queues_one_debounced_build_after_commit(editor, approver, django_capture_on_commit_callbacks):
    """A change to what the public sees asks for new files; changes in a row join the build still waiting."""
    make_entry(created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(created_by=editor)
        services.entry_set_appeal(entry=entry, actor=approver, under_appeal=True, reason="Appealed.", version=None)
        services.entry_delist(entry=entry, actor=approver, reason="Overturned.", version=None)
    assert RegistrySnapshotBuild.objects.get().state == "done"  # eager here; a worker waits the debounce first
    assert RegistrySnapshot.objects.get(format="csv").rows == 1


def test_a_pending_build_whose_message_was_lost_is_queued_again(editor, django_capture_on_commit_callbacks):
    """A broker outage can lose the queued build; while it stays pending, later changes would only join it. Once
    its message is clearly overdue the next request queues it again (once, not at every request)."""
    make_entry(created_by=editor)
    build = RegistrySnapshotBuild.objects.create()
    with django_capture_on_commit_callbacks() as queued:
        services.registry_snapshot_request()
    assert queued == []  # just queued: joined, not queued twice
    RegistrySnapshotBuild.objects.filter(id=build.id).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as queued:
        services.registry_snapshot_request()
        services.registry_snapshot_request()
    assert len(queued) == 1
    queued[0]()  # the worker (eager here) runs it
    build.refresh_from_db()
    assert build.state == "done" and RegistrySnapshot.objects.filter(build=build).count() == 4


def test_the_list_of_files_gives_dates_rows_and_checksums(client, editor):
    make_entry(created_by=editor)
    files = build_downloads()
    page = client.get(reverse("publications:registry_snapshots"))
    assert page.status_code == 200
    assert all(s.sha256 in page.content.decode() for s in files)
    as_of = timezone.localtime(files[0].as_of)
    utc = files[0].as_of.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'<time datetime="{utc}">' in page.content.decode(), "the time a journalist can compare, valid HTML"
    assert as_of.strftime("%H:%M ") + as_of.tzname() in page.content.decode(), "the time says its zone"
    listed = client.get(reverse("publications:registry_snapshots"), {"format": "json"}).json()["snapshots"]
    assert {(s["format"], s["rows"], s["sha256"]) for s in listed} == {(s.format, 1, s.sha256) for s in files}


def test_a_filtered_download_within_the_limit_is_written_live(client, editor, settings):
    settings.REGISTRY_LIVE_EXPORT_MAX_ROWS = 2
    make_entry(created_by=editor, province="BC", legal_name="Coastal Staffing Ltd.")
    make_entry(created_by=editor, province="AB")
    assert [r["legal_name"] for r in csv_rows(client, province="BC")] == ["Coastal Staffing Ltd."]
    assert [e["legal_name"] for e in json_entries(client, q="coastal")] == ["Coastal Staffing Ltd."]
    response = client.get(reverse("publications:registry_csv"), {"province": "BC"})
    assert response["X-Row-Count"] == "1" and "business-registry-selection-" in response["Content-Disposition"]
    assert RegistrySnapshot.objects.count() == 0  # a selection never needs the whole registry's file


def test_a_filtered_download_beyond_the_limit_is_refused_clearly(client, editor, settings):
    settings.REGISTRY_LIVE_EXPORT_MAX_ROWS = 2
    for _ in range(3):
        make_entry(created_by=editor, province="BC")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("publications:registry_csv"), {"province": "BC"})
    assert response.status_code == 400 and not response.streaming
    text = response.content.decode()
    assert "More than 2 entries match" in text and "/en/registry/business-registry.csv" in text
    assert any("COUNT(*)" in q["sql"] and "LIMIT 3" in q["sql"] for q in queries.captured_queries)
    bad = client.get(reverse("publications:registry_json"), {"year": "nineteen"})
    assert bad.status_code == 400 and "not valid" in bad.content.decode()


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
    build_downloads()
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    name = published_entry.legal_name
    assert client.get(reverse("publications:registry_csv")).status_code == 503  # the earlier file is not served
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


def test_api_list_counts_at_most_the_limit_and_pages_within_it(editor, settings):
    """No full COUNT over the registry per request: the count stops at LIST_COUNT_LIMIT, says it is not exact, and
    the pages (and `next` links) stay within it; the page after them is a clear 404."""
    settings.LIST_COUNT_LIMIT = 5
    for _ in range(8):
        make_entry(created_by=editor)
    api = APIClient()
    with CaptureQueriesContext(connection) as queries:
        first = api.get("/api/registry/", {"page_size": 2}).json()
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 6" in counts[0]
    assert first["count"] == 5 and first["count_exact"] is False and first["next"].endswith("page=2&page_size=2")
    last = api.get("/api/registry/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None  # the pages hold the first 5 rows
    beyond = api.get("/api/registry/", {"page_size": 2, "page": 4})
    assert beyond.status_code == 404 and beyond["Content-Type"] == "application/json"
    assert "Only the first 5 results can be paged through" in beyond.json()["detail"]
    settings.LIST_COUNT_LIMIT = 100
    exact = api.get("/api/registry/", {"page_size": 2, "page": 4}).json()
    assert exact["count"] == 8 and exact["count_exact"] is True and exact["next"] is None
    past = api.get("/api/registry/", {"page_size": 2, "page": 5})
    assert past.status_code == 404 and past.json()["detail"] == "There is no page 5: the list has 4."
    for bad in ("abc", "0", "-1", "1.0", "\uff12", "<script>"):
        answer = api.get("/api/registry/", {"page": bad})
        assert answer.status_code == 400, bad
        assert answer.json() == {"page": ["A page is a whole number from 1."]}, bad


def test_api_schema_describes_the_bounded_count(client):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    page = schema["components"]["schemas"]["PaginatedEntryList"]
    assert page["properties"]["count_exact"]["type"] == "boolean" and "count_exact" in page["required"]


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


def test_the_open_data_registry_is_the_registrys_own_file_with_the_licence(client, editor, snapshot_dir):
    """/data/business-registry.csv|json send the reader to the file the registry builds (302), which carries the
    licence like every download: a live download of a million entries outlasted a worker's 30 s (make bench)."""
    from opendata.catalogue import licence_link_header  # noqa: PLC0415 -- used by this test only

    make_entry(created_by=editor)
    build_downloads()
    for file_format in ("csv", "json"):
        sent = client.get(f"/en/data/business-registry.{file_format}")
        assert sent.status_code == 302 and sent["Location"] == f"/en/registry/business-registry.{file_format}"
        assert sent["Link"] == licence_link_header()
        served = client.get(sent["Location"])
        assert served.status_code == 200 and served["Link"] == licence_link_header()
        assert served["X-Row-Count"] == "1"
    assert client.get("/en/data/action-plan.csv").status_code == 200  # the others are written live


def test_the_registrys_dictionary_maps_every_industry_to_the_htcds_labour_industry(client):
    """One mapping (opendata/vocabularies.py), found by the name the registry's field gives it, for every industry;
    and the dictionary says why methods of control have none."""
    html = client.get("/en/data/business-registry/").content.decode()
    assert 'id="vocabulary-Industry"' in html and 'href="#vocabulary-Industry"' in html
    table = html.split('id="vocabulary-Industry"', 1)[1].split("</table>", 1)[0]
    assert "Labour industry" in table
    htcds = {term.value: term.htcds for term in INDUSTRY.terms}
    for value, label in Industry.choices:
        assert htcds.get(value), f"industry {value} has no HTCDS labour-industry term"
        row = re.search(rf"<code>{value}</code></th>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", table)
        assert row is not None, f"industry {value} is missing from the dictionary"
        assert row.groups() == (str(label), htcds[value])
    assert 'id="vocabulary-Province"' in html and "CA-AB" in html
    assert "No published dataset carries methods of control" in html
