"""Open data done properly (issue 19, part 3): every registered dataset as CSV and JSON with its licence, a data
dictionary with the vocabularies' mappings, a Frictionless data package that frictionless validates, a DCAT
catalogue that parses as JSON-LD, dated snapshots written once a day, and pages in English and French whose cost
does not grow with the data."""

import csv
import io
import json

import frictionless
import pytest
import rdflib
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplan.tests.factories import ActionItemFactory, PlanFactory
from opendata import catalogue, snapshots
from opendata.datasets import _REGISTRY, INTEGER, STRING, Dataset, Field, all_datasets
from taskforce.language import i18n_text
from taskforce.testing.factories import OrganizationFactory
from tips.models import Hotline

pytestmark = pytest.mark.django_db

LICENCE_LINK = '<https://open.alberta.ca/licence>; rel="license"'


@pytest.fixture
def plan_items(db):
    plan = PlanFactory()
    lead = OrganizationFactory(name="Lead organization (test)")
    parent = ActionItemFactory(plan=plan, number=1, slug="first", lead_organization=lead, progress=40)
    ActionItemFactory(plan=plan, number=1, slug="first-a", parent=parent, lead_organization=lead, progress=20)
    ActionItemFactory(plan=plan, number=2, slug="second", title="=HYPERLINK(1)", lead_organization=lead)
    return plan


@pytest.fixture
def hotline(db):
    return Hotline.objects.create(
        slug="line",
        name=i18n_text(en="Test line", fr="Ligne d'essai"),
        phone="1-800-555-0100",
        regions="AB",
        kinds="sex labour",
        languages="en fr",
        hours="Every day",
        organization=OrganizationFactory(),
    )


@pytest.fixture
def snapshot_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.OPEN_DATA_SNAPSHOT_FOLDER = "opendata/snapshots"
    return tmp_path


def test_the_settings_give_the_licence_and_it_can_be_changed(settings):
    assert catalogue.licence() == {
        "name": "Open Government Licence – Alberta",
        "url": "https://open.alberta.ca/licence",
        "identifier": "OGL-AB",
    }
    settings.OPEN_DATA_LICENCE = {"name": "Other", "url": "https://example.org/l", "identifier": "X"}
    assert catalogue.licence()["identifier"] == "X"


def test_the_plan_and_hotlines_are_registered():
    slugs = {ds.slug for ds in all_datasets()}
    assert {"action-plan", "hotlines"} <= slugs


def test_csv_download_has_the_licence_header_file_name_and_rows(client, plan_items):
    response = client.get("/en/data/action-plan.csv")
    assert response.status_code == 200
    assert response["Link"] == LICENCE_LINK
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="action-plan.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [f.name for f in _REGISTRY["action-plan"].fields]  # the header row first, no licence text
    column = {name: index for index, name in enumerate(rows[0])}
    by_slug = {row[column["slug"]]: row for row in rows[1:]}
    assert by_slug["first"][column["number"]] == "1" and by_slug["first-a"][column["number"]] == "1.1"
    assert by_slug["first"][column["progress"]] == "20"  # rolled up from its one sub-action, as the pages show it
    assert by_slug["second"][column["title"]] == "'=HYPERLINK(1)"  # a formula is written as text
    assert by_slug["first"][column["title_fr"]].startswith("Action numéro")  # each language in its own column
    assert by_slug["second"][column["title_fr"]] == ""  # no French written: empty, never the English again


def test_json_download_wraps_the_rows_with_licence_source_time_and_fields(client, hotline):
    response = client.get("/en/data/hotlines.json")
    assert response.status_code == 200
    assert response["Link"] == LICENCE_LINK
    assert 'filename="hotlines.json"' in response["Content-Disposition"]
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"]["identifier"] == "OGL-AB"
    assert data["source"].endswith("/en/data/hotlines/")
    assert data["generated_at"]
    assert [f["name"] for f in data["fields"]] == [f.name for f in _REGISTRY["hotlines"].fields]
    assert data["rows"] == [
        {
            **{f"name_{code}": "" for code in ("es", "tl", "pa", "zh_hans", "vi", "uk", "ar")},
            **{f"hours_{code}": "" for code in ("fr", "es", "tl", "pa", "zh_hans", "vi", "uk", "ar")},
            "name": "Test line",
            "name_fr": "Ligne d'essai",
            "phone": "1-800-555-0100",
            "regions": "AB",
            "kinds": "sex labour",
            "languages": "en fr",
            "hours": "Every day",
        }
    ]


def test_the_hotlines_dataset_has_public_fields_only():
    names = {f.name for f in _REGISTRY["hotlines"].fields}
    assert not names & {"organization", "open_within", "open_within_urgent", "slug", "is_active", "labels"}


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/en/data/no-such-thing.csv", 404, "no-such-thing"),
        ("/en/data/no-such-thing.json", 404, "no-such-thing"),
        ("/en/data/no-such-thing.xlsx", 404, "no-such-thing"),
        ("/en/data/action-plan.xlsx", 400, "xlsx"),
        ("/en/data/snapshots/2026-13-45/action-plan.csv", 400, "YYYY-MM-DD"),
        ("/en/data/snapshots/yesterday/action-plan.csv", 400, "YYYY-MM-DD"),
        ("/en/data/snapshots/2026-W05-1/action-plan.csv", 400, "YYYY-MM-DD"),
        ("/en/data/snapshots/2026-01-31/action-plan.xml", 400, "xml"),
        ("/en/data/snapshots/2026-01-31/no-such-thing.csv", 404, "no-such-thing"),
        ("/en/data/snapshots/2026-01-31/action-plan.csv", 404, "2026-01-31"),
    ],
)
def test_bad_slugs_formats_and_dates_get_a_clear_4xx(client, snapshot_folder, path, status, says):
    response = client.get(path)
    assert response.status_code == status
    assert says in response.content.decode()


def test_an_unknown_dataset_has_no_dictionary(client):
    assert client.get("/en/data/no-such-thing/").status_code == 404


def test_downloads_refuse_a_post(client):
    assert client.post("/en/data/action-plan.csv").status_code == 405


def test_the_data_package_is_valid_and_its_data_matches_its_schema(client, plan_items, hotline, tmp_path):
    response = client.get("/en/data/datapackage.json")
    assert response.status_code == 200
    assert response["Link"] == LICENCE_LINK
    descriptor = response.json()
    assert descriptor["licenses"][0]["path"] == "https://open.alberta.ca/licence"
    assert {r["name"] for r in descriptor["resources"]} == {ds.slug for ds in all_datasets()}
    # The descriptor alone
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    # The whole package, the descriptor beside the CSVs as /data/ serves them
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    for name in ("action-plan", "hotlines"):
        body = b"".join(client.get(f"/en/data/{name}.csv").streaming_content)
        (tmp_path / f"{name}.csv").write_bytes(body)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in ("action-plan", "hotlines")]
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {task.name: task.stats["rows"] for task in report.tasks} == {"action-plan": 3, "hotlines": 1}


def test_frictionless_catches_data_that_does_not_match_the_schema(tmp_path):
    schema = {"fields": [{"name": "progress", "type": "integer"}]}
    (tmp_path / "bad.csv").write_text("progress\nhalf\n")
    resource = frictionless.Resource(
        path="bad.csv", basepath=str(tmp_path), schema=frictionless.Schema.from_descriptor(schema)
    )
    assert not resource.validate().valid


DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def test_the_dcat_catalogue_parses_as_json_ld_with_what_a_harvester_needs(client, plan_items):
    response = client.get("/en/data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=response.content.decode(), format="json-ld")
    ns_dcat, ns_dct = rdflib.Namespace(DCAT), rdflib.Namespace(DCT)
    catalogs = list(graph.subjects(rdflib.RDF.type, ns_dcat.Catalog))
    assert len(catalogs) == 1
    datasets = list(graph.objects(catalogs[0], ns_dcat.dataset))
    assert len(datasets) == len(all_datasets())
    licence = rdflib.URIRef("https://open.alberta.ca/licence")
    for ds in datasets:
        assert (ds, rdflib.RDF.type, ns_dcat.Dataset) in graph
        for prop in (ns_dct.title, ns_dct.description, ns_dct.publisher, ns_dct.modified, ns_dcat.keyword):
            assert graph.value(ds, prop) is not None, prop
        assert (ds, ns_dct.license, licence) in graph
        assert str(graph.value(ds, ns_dcat.theme)).startswith(catalogue.THEME_VOCABULARY)
        distributions = list(graph.objects(ds, ns_dcat.distribution))
        assert len(distributions) == 2
        for dist in distributions:
            assert (dist, rdflib.RDF.type, ns_dcat.Distribution) in graph
            assert str(graph.value(dist, ns_dcat.downloadURL)).startswith("http://testserver/en/data/")
            assert (dist, ns_dct.license, licence) in graph
    modified = graph.value(datasets[0], ns_dct.modified)
    assert modified.datatype == rdflib.XSD.dateTime
    publisher = graph.value(catalogs[0], ns_dct.publisher)
    assert graph.value(publisher, rdflib.FOAF.name) is not None


def test_the_dictionary_shows_every_field_and_the_mappings(client, hotline):
    html = client.get("/en/data/hotlines/").content.decode()
    for field in _REGISTRY["hotlines"].fields:
        assert f"<code>{field.name}</code>" in html
    assert "Sexual exploitation" in html and "Forced labour" in html and "Removal of organs" in html
    assert "279.04(3)" in html and "IRPA s. 118" in html
    assert "CA-AB" in html  # provinces as ISO 3166-2
    assert 'rel="license" href="https://open.alberta.ca/licence"' in html


def test_a_fields_own_mapping_text_is_shown(client):
    ds = Dataset(
        slug="test-mapped",
        title="Test mapped",
        description="A dataset for this test.",
        fields=(Field("kind", STRING, "Kind.", vocabulary="ExploitationKind", mapping="Maps to HTCDS somehow."),),
        rows=lambda: iter([{"kind": "sex"}]),
        theme="statistics",
    )
    _REGISTRY[ds.slug] = ds
    try:
        html = client.get("/en/data/test-mapped/").content.decode()
    finally:
        del _REGISTRY[ds.slug]
    assert "Maps to HTCDS somehow." in html and "Type of exploitation" in html


def test_the_catalogue_lists_every_dataset_with_its_links_in_english_and_french(client):
    for language in ("en", "fr"):
        response = client.get(f"/{language}/data/")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'lang="{language}"' in html
        for ds in all_datasets():
            assert f"/{language}/data/{ds.slug}.csv" in html
            assert f"/{language}/data/{ds.slug}.json" in html
            assert f"/{language}/data/{ds.slug}/" in html
        assert 'rel="license" href="https://open.alberta.ca/licence"' in html
    assert "Données ouvertes" in client.get("/fr/data/").content.decode()
    assert "Dictionnaire de données" in client.get("/fr/data/hotlines/").content.decode()


def test_the_snapshot_task_is_idempotent_and_its_files_are_served_with_the_licence(
    client, plan_items, hotline, snapshot_folder
):
    from opendata import tasks  # noqa: PLC0415 -- the task module, imported as the worker does

    written = tasks.snapshots_write()
    expected = 2 * len([ds for ds in all_datasets() if snapshots.snapshotted(ds)])
    assert written == expected
    assert tasks.snapshots_write() == 0  # a second run the same day writes nothing
    day = snapshots.snapshot_days()["action-plan"][0]
    path = f"opendata/snapshots/{day.isoformat()}/action-plan.csv"
    assert default_storage.exists(path)
    with default_storage.open(path) as file:
        stored = file.read()
    response = client.get(f"/en/data/snapshots/{day.isoformat()}/action-plan.csv")
    assert response.status_code == 200
    assert response.content == stored
    assert response["Link"] == LICENCE_LINK
    assert f'filename="action-plan-{day.isoformat()}.csv"' in response["Content-Disposition"]
    json_copy = client.get(f"/en/data/snapshots/{day.isoformat()}/hotlines.json").json()
    assert json_copy["licence"]["identifier"] == "OGL-AB" and json_copy["rows"][0]["phone"] == "1-800-555-0100"
    page = client.get("/en/data/").content.decode()
    assert f"/en/data/snapshots/{day.isoformat()}/action-plan.csv" in page


def test_the_registry_links_to_its_own_dated_files(client):
    ds = Dataset(
        slug="test-registry", title="Registry (test)", description="Test.", fields=(), rows=list, theme="registry"
    )
    _REGISTRY[ds.slug] = ds
    try:
        assert not snapshots.snapshotted(ds)
        html = client.get("/en/data/").content.decode()
    finally:
        del _REGISTRY[ds.slug]
    assert "/en/registry/downloads/" in html


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


def test_the_pages_cost_the_same_with_ten_times_the_data(client, snapshot_folder):
    plan = PlanFactory()
    lead = OrganizationFactory()
    ActionItemFactory(plan=plan, lead_organization=lead)
    paths = ["/en/data/", "/en/data/action-plan/", "/en/data/datapackage.json", "/en/data/catalog.jsonld"]
    once = {path: _queries(client, path) for path in paths}
    ActionItemFactory.create_batch(9, plan=plan, lead_organization=lead)
    snapshots.snapshots_write()
    assert {path: _queries(client, path) for path in paths} == once


def test_the_action_plan_download_costs_the_same_with_ten_times_the_items(client):
    plan = PlanFactory()
    lead = OrganizationFactory()
    ActionItemFactory(plan=plan, lead_organization=lead)

    def count():
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get("/en/data/action-plan.csv").streaming_content)
        return len(queries.captured_queries)

    once = count()
    ActionItemFactory.create_batch(9, plan=plan, lead_organization=lead)
    assert count() == once


def test_integer_fields_are_written_as_numbers(client):
    ds = Dataset(
        slug="test-numbers",
        title="Numbers",
        description="Test.",
        fields=(Field("n", INTEGER, "A count."),),
        rows=lambda: iter([{"n": 12}]),
    )
    _REGISTRY[ds.slug] = ds
    try:
        data = json.loads(b"".join(client.get("/en/data/test-numbers.json").streaming_content))
    finally:
        del _REGISTRY[ds.slug]
    assert data["rows"] == [{"n": 12}]


def test_the_registry_statistics_map_their_industries_like_the_registry(client):
    html = client.get("/en/data/statistics-registry-by-industry-status/").content.decode()
    assert 'href="#vocabulary-Industry"' in html and 'id="vocabulary-Industry"' in html
    assert "Labour industry" in html and "Domestic work" in html
