"""The registry in the FollowTheMoney format, its changes files between consecutive builds (delistings included),
and its place in the portal's list of datasets."""

import json

import pytest
from django.urls import reverse

from opendata.datasets import dataset
from opendata.vocabularies import vocabulary
from publications import ftm, selectors, services
from publications.models import RegistryEntry, RegistrySnapshot

from .factories import build_downloads, make_entry

pytestmark = pytest.mark.django_db


def lines(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/x-ndjson")
    body = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in body.splitlines()]


def check_entity(entity: dict) -> None:
    """Shaped as FtM's published schema: id, schema, properties of that schema, each a list of strings."""
    assert set(entity) == {"id", "schema", "properties"}
    assert set(entity["properties"]) <= ftm.PROPERTIES[entity["schema"]], entity["properties"].keys()
    for values in entity["properties"].values():
        assert values and all(isinstance(v, str) and v for v in values)


@pytest.fixture
def acme(editor):
    return make_entry(
        created_by=editor,
        legal_name="Acme Hospitality Ltd.",
        aliases="Acme Rooms\nAcme Suites",
        address="1 Main Street",
        city="Calgary",
        province="AB",
        industry="hospitality",
        business_number="123456782RT0001",
        corporate_registry_number="2012345678",
    )


def test_each_entry_is_a_company_and_the_registry_finding_on_it(client, acme, editor):
    make_entry(created_by=editor, status=RegistryEntry.Status.DRAFT, legal_name="Secret Draft Inc.")
    build_downloads()
    entities = lines(client.get(reverse("publications:registry_ftm")))
    for entity in entities:
        check_entity(entity)
    company, finding = entities
    assert company["schema"] == "Company" and company["id"] == ftm.company_id(acme.public_id)
    props = company["properties"]
    assert props["name"] == ["Acme Hospitality Ltd."] and props["alias"] == ["Acme Rooms", "Acme Suites"]
    assert props["taxNumber"] == ["123456782RT0001"] and props["registrationNumber"] == ["2012345678"]
    assert props["address"] == ["1 Main Street, Calgary, AB"] and props["country"] == ["ca"]
    assert props["topics"] == ["crime.traffick"] and props["sector"] == ["Hotels and accommodation"]
    assert props["sourceUrl"][0].endswith(acme.get_absolute_url())
    assert finding["schema"] == "Sanction" and finding["properties"]["entity"] == [company["id"]]
    assert finding["properties"]["authorityId"] == [acme.file_number]
    assert finding["properties"]["startDate"] == [acme.decision_date.isoformat()]
    assert finding["properties"]["endDate"] == [acme.review_on.isoformat()]
    assert "Secret Draft" not in json.dumps(entities)


def test_a_search_downloads_as_followthemoney_too(client, acme, editor):
    make_entry(created_by=editor, legal_name="Other Business Inc.")
    entities = lines(client.get(reverse("publications:registry_ftm"), {"q": "acme hospitality limited"}))
    assert {e["properties"].get("name", [""])[0] for e in entities if e["schema"] == "Company"} == {
        "Acme Hospitality Ltd."
    }


def test_the_changes_file_lists_additions_corrections_and_delistings(client, acme, editor, approver):
    kept = make_entry(created_by=editor, legal_name="Kept Business Ltd.")
    corrected = make_entry(created_by=editor, legal_name="Appealed Business Ltd.")
    first = {s.format: s for s in build_downloads()}
    assert first["delta"].rows == 3  # the first changes file: everything since the registry began, all additions
    first_changes = lines(client.get(reverse("publications:registry_ftm_delta")))
    assert {c["op"] for c in first_changes} == {"ADD"}
    assert {c["entity"]["id"] for c in first_changes} >= {ftm.company_id(e.public_id) for e in (acme, kept, corrected)}

    added = make_entry(created_by=editor, legal_name="New Business Ltd.")
    services.entry_set_appeal(entry=corrected, actor=approver, under_appeal=True, reason="Appealed.", version=None)
    delisted = services.entry_delist(entry=acme, actor=approver, reason="Overturned on appeal.", version=None)
    second = {s.format: s for s in build_downloads()}
    assert second["delta"].rows == 3

    changes = lines(client.get(reverse("publications:registry_ftm_delta")))
    ops = {(c["op"], c["entity"]["id"]) for c in changes}
    assert ops == {
        ("ADD", ftm.company_id(added.public_id)),
        ("ADD", ftm.sanction_id(added.public_id)),
        ("MOD", ftm.company_id(corrected.public_id)),
        ("MOD", ftm.sanction_id(corrected.public_id)),
        ("DEL", ftm.company_id(acme.public_id)),
        ("DEL", ftm.sanction_id(acme.public_id)),
    }
    for change in changes:
        if change["op"] == "DEL":
            # Only the ids and the date: the delisted business's name leaves every file.
            assert set(change["entity"]) == {"id", "schema"}
            assert change["delisted_at"].startswith(delisted.delisted_at.date().isoformat())
        else:
            check_entity(change["entity"])
    assert "Acme" not in json.dumps(changes)
    assert ftm.company_id(kept.public_id) not in {c["entity"]["id"] for c in changes}  # unchanged: not listed


def test_a_delisting_after_the_build_withdraws_the_changes_file_too(client, acme, editor, approver):
    build_downloads()
    make_entry(created_by=editor)
    build_downloads()
    assert client.get(reverse("publications:registry_ftm_delta")).status_code == 200
    services.entry_delist(entry=acme, actor=approver, reason="Overturned.", version=None)
    assert client.get(reverse("publications:registry_ftm_delta")).status_code == 503
    assert client.get(reverse("publications:registry_ftm")).status_code == 503


def test_only_the_newest_changes_file_is_kept(acme, editor, snapshot_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        build_downloads()
        make_entry(created_by=editor)
        build_downloads()
        make_entry(created_by=editor)
        third = build_downloads()
    kept = RegistrySnapshot.objects.filter(format="delta", is_kept=True)
    assert [s.file_name for s in kept] == [s.file_name for s in third if s.format == "delta"]
    assert sorted(p.name for p in snapshot_dir.iterdir()) == sorted(s.file_name for s in third)


def test_the_list_of_files_links_the_followthemoney_files(client, acme, editor):
    build_downloads()
    make_entry(created_by=editor)
    build_downloads()
    page = client.get(reverse("publications:registry_snapshots")).content.decode()
    assert reverse("publications:registry_ftm") in page and reverse("publications:registry_ftm_delta") in page


def test_the_changes_are_read_from_the_change_log_in_bounded_queries(acme, editor, django_assert_max_num_queries):
    build_downloads()
    previous = selectors.registry_snapshot_current("ftm")
    for _ in range(30):
        make_entry(created_by=editor)
    from django.utils import timezone  # noqa: PLC0415 -- only here

    with django_assert_max_num_queries(2 + 3):  # the changed ids, the additions, then 3 chunks of 10
        rows = list(selectors.registry_delta_rows(since=previous.as_of, until=timezone.now(), chunk_size=10))
    assert len(rows) == 30 and {op for op, _row in rows} == {"ADD"}


# ----- the dataset --------------------------------------------------------------------------------------------------


def test_the_registry_is_in_the_portals_list_of_datasets(acme, editor):
    make_entry(created_by=editor, status=RegistryEntry.Status.DRAFT)
    registry = dataset("business-registry")
    assert registry is not None and registry.theme == "registry"
    assert [f.name for f in registry.fields] == list(selectors.EXPORT_COLUMNS)
    assert all(f.description and f.type for f in registry.fields)
    types = {f.name: f.type for f in registry.fields}
    assert (
        types["decision_date"] == "date" and types["published_at"] == "datetime" and types["is_fictional"] == "boolean"
    )
    industry = next(f for f in registry.fields if f.name == "industry")
    assert industry.vocabulary == "Industry"  # its HTCDS mapping is the vocabulary's (opendata/vocabularies.py)
    htcds = {term.value: term.htcds for term in vocabulary("Industry").terms}
    assert htcds["agriculture"] == "Agriculture" and htcds["care"] == "Domestic work"
    rows = list(registry.rows())
    assert [r["public_id"] for r in rows] == [acme.public_id]
    assert list(rows[0]) == list(selectors.EXPORT_COLUMNS) and rows[0]["business_number"] == "123456782RT0001"


def test_the_changes_file_refuses_a_search(client):
    assert client.get(reverse("publications:registry_ftm_delta"), {"q": "acme"}).status_code == 400
