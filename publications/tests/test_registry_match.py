"""The registry as data others can match (issue 19, part 6): identifiers checked with python-stdnum, legal forms
written one way in English and French, and POST /api/registry/match with scored candidates."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from publications import selectors, services
from publications.identifiers import business_number_compact, corporate_registry_number_compact
from publications.models import RegistryEntry
from publications.names import core_name, normalize_name
from taskforce.testing.auth import login

from .factories import entry_data, make_entry

pytestmark = pytest.mark.django_db
MATCH = "/api/registry/match"
S = RegistryEntry.Status


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def match(body, **kwargs):
    return APIClient().post(MATCH, body, format="json", **kwargs)


# ----- identifiers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("123456782", "123456782"), ("123 456 782", "123456782"), ("123456782 rt 0001", "123456782RT0001")],
)
def test_business_numbers_are_checked_and_stored_compact(typed, stored):
    assert business_number_compact(typed) == stored


@pytest.mark.parametrize("typed", ["123456789", "12345678", "123456782XX0001", "12345678A", "123456782RT"])
def test_wrong_business_numbers_are_refused_naming_the_field(typed):
    with pytest.raises(ValidationError) as error:
        business_number_compact(typed)
    assert "CRA business number" in error.value.messages[0]


def test_corporate_registry_numbers_are_compacted_and_checked():
    assert corporate_registry_number_compact(" 2012-345 678 ") == "2012345678"
    with pytest.raises(ValidationError) as error:
        corporate_registry_number_compact("20123#45")
    assert "corporate registry number" in error.value.messages[0]


def test_the_service_stores_identifiers_compact_and_refuses_a_wrong_one(editor):
    entry = services.entry_create(
        actor=editor, data=entry_data(business_number="123 456 782 RT0001", corporate_registry_number="2012-34")
    )
    assert (entry.business_number, entry.corporate_registry_number) == ("123456782RT0001", "201234")
    with pytest.raises(ValidationError) as error:
        services.entry_create(actor=editor, data=entry_data(business_number="123456789"))
    assert list(error.value.message_dict) == ["business_number"]
    assert RegistryEntry.objects.count() == 1  # nothing half-saved


def test_the_staff_form_names_the_wrong_field(editor):
    client = login(Client(), editor)
    data = {k: ("" if v is None else v) for k, v in entry_data(business_number="123456789").items()}
    response = client.post(reverse("publications:entry_new"), data)
    assert response.status_code in (200, 400)
    assert "CRA business number: enter the nine-digit" in response.content.decode()
    assert not RegistryEntry.objects.exists()


def test_the_entry_page_and_the_api_show_the_identifiers(client, editor):
    entry = make_entry(created_by=editor, business_number="123456782RT0001", corporate_registry_number="2012345678")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "123456782RT0001" in page and "2012345678" in page
    shown = APIClient().get(f"/api/registry/{entry.public_id}/").json()
    assert (shown["business_number"], shown["corporate_registry_number"]) == ("123456782RT0001", "2012345678")


# ----- normalization ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["Acme Ltd.", "ACME LIMITED", "Acme Ltée", "Acme Limitée", "acme ltd", "Acme, Ltd"],
)
def test_limited_in_english_and_french_is_one_form(spelling):
    assert normalize_name(spelling) == "acme ltd"


@pytest.mark.parametrize(
    ("name", "normalized"),
    [
        ("Acme Incorporated", "acme inc"),
        ("Acme Incorporée", "acme inc"),
        ("Acme Corporation", "acme corp"),
        ("Acme Company", "acme co"),
        ("Acme & Cie", "acme and co"),
        ("Dupont et Fils S.E.N.C.", "dupont and fils gp"),
        ("Smith Limited Liability Partnership", "smith llp"),
        ("Smith L.L.P.", "smith llp"),
        ("Northern Rigs Unlimited Liability Company", "northern rigs ulc"),
        ("Boulangerie Côté Ltée.", "boulangerie cote ltd"),
    ],
)
def test_legal_forms_accents_and_punctuation_are_folded(name, normalized):
    assert normalize_name(name) == normalized


def test_the_core_name_leaves_the_legal_form_out():
    assert core_name(normalize_name("Acme Hospitality Inc.")) == "acme hospitality"
    assert core_name("ltd") == "ltd"  # a name that is only a legal form keeps it


def test_the_public_search_finds_acme_ltd_for_acme_limited(client, editor):
    make_entry(created_by=editor, legal_name="Acme Ltd.")
    make_entry(created_by=editor, legal_name="Other Business Inc.")
    for query in ("Acme Limited", "acme ltée", "ACME LTD"):
        page = client.get(reverse("publications:registry_list"), {"q": query}).content.decode()
        assert "Acme Ltd." in page and "Other Business" not in page


def test_the_service_keeps_the_normalized_names(editor):
    entry = services.entry_create(actor=editor, data=entry_data(legal_name="Érable Limitée", aliases="Maple Co."))
    assert entry.name_norm == "erable ltd\nmaple co"
    entry = services.entry_update(entry=entry, actor=editor, data={"aliases": "Maple Company"}, version=entry.version)
    entry.refresh_from_db()
    assert entry.name_norm == "erable ltd\nmaple co"


def test_the_data_migration_fills_existing_rows(editor):
    """The migration's function over rows written before the column existed."""
    migration = import_module("publications.migrations.0008_registry_identifiers_and_normalized_names")
    entry = make_entry(created_by=editor, legal_name="Acme Limitée", aliases="Acme Rooms Inc.")
    RegistryEntry.objects.filter(pk=entry.pk).update(name_norm="")
    migration.fill_normalized_names(apps, None)
    entry.refresh_from_db()
    assert entry.name_norm == "acme ltd\nacme rooms inc"


# ----- the match endpoint -----------------------------------------------------------------------------------------


@pytest.fixture
def registry(editor):
    return {
        "acme": make_entry(
            created_by=editor,
            legal_name="Acme Hospitality Ltd.",
            aliases="Acme Rooms",
            city="Calgary",
            province="AB",
            business_number="123456782RT0001",
            corporate_registry_number="2012345678",
        ),
        "boulangerie": make_entry(
            created_by=editor, legal_name="Boulangerie Côté Ltée", city="Montréal", province="QC"
        ),
        "northern": make_entry(created_by=editor, legal_name="Northern Staffing Inc.", city="Edmonton", province="AB"),
        "draft": make_entry(created_by=editor, legal_name="Acme Hospitality Limited", status=S.DRAFT),
        "review": make_entry(created_by=editor, legal_name="Acme Hospitality Limitée", status=S.LEGAL_REVIEW),
    }


def ids(response) -> list[str]:
    return [r["public_id"] for r in response.json()["results"]]


def test_an_exact_business_number_is_a_full_match(registry):
    response = match({"name": "Something Else Entirely", "identifiers": {"business_number": "123 456 782"}})
    assert response.status_code == 200
    best = response.json()["results"][0]
    assert best["public_id"] == registry["acme"].public_id and best["score"] == 1.0
    assert best["features"]["business_number"] == "exact"


def test_a_corporate_registry_number_matches_in_its_province_only(registry):
    body = {"name": "Zzz", "identifiers": {"corporate_registry_number": "2012345678"}}
    assert match({**body, "province": "AB"}).json()["results"][0]["score"] == 1.0
    other = match({**body, "province": "ON"}).json()["results"]
    assert all(r["score"] < 1.0 for r in other)


@pytest.mark.parametrize(
    "typed", ["Acme Hospitality Limited", "ACME HOSPITALITY LTÉE", "Acme Hospitality Ltd", "acme hospitality limitee"]
)
def test_legal_form_variants_in_english_and_french_match_exactly(registry, typed):
    best = match({"name": typed}).json()["results"][0]
    assert best["public_id"] == registry["acme"].public_id
    assert best["score"] == 1.0 and best["features"]["name_normalized_exact"] is True


def test_accents_do_not_matter(registry):
    best = match({"name": "Boulangerie Cote Limited"}).json()["results"][0]
    assert best["public_id"] == registry["boulangerie"].public_id and best["features"]["name_normalized_exact"]


def test_an_alias_matches_and_says_which_name(registry):
    best = match({"name": "Acme Rooms"}).json()["results"][0]
    assert best["public_id"] == registry["acme"].public_id and best["features"]["matched_name"] == 1


@pytest.mark.parametrize("typo", ["Acme Hospitalty Ltd", "Acmee Hospitality Inc.", "Hospitality Acme"])
def test_typos_and_word_order_still_find_it_with_a_fuzzy_score(registry, typo):
    best = match({"name": typo}).json()["results"][0]
    assert best["public_id"] == registry["acme"].public_id
    assert 0.8 <= best["features"]["name_fuzzy"] < 1.0 or best["features"]["name_fuzzy"] == 1.0
    assert best["features"]["name_normalized_exact"] is False


def test_city_and_province_count_and_are_reported(registry):
    same = match({"name": "Acme Hospitalty", "city": "calgary", "province": "AB"}).json()["results"][0]
    elsewhere = match({"name": "Acme Hospitalty", "city": "Halifax", "province": "NS"}).json()["results"][0]
    assert same["features"]["city"] is True and same["features"]["province"] is True
    assert elsewhere["features"]["city"] is False and same["score"] > elsewhere["score"]


def test_a_business_number_that_differs_halves_the_score(registry):
    plain = match({"name": "Acme Hospitality Ltd"}).json()["results"][0]
    differs = match({"name": "Acme Hospitality Ltd", "identifiers": {"business_number": "100000009"}}).json()
    assert differs["results"] == [] or differs["results"][0]["score"] == plain["score"] / 2


def test_no_match_answers_an_empty_list(registry):
    response = match({"name": "Quantum Widgets of Saskatchewan"})
    assert response.status_code == 200 and response.json()["results"] == []


def test_drafts_and_entries_in_review_are_never_returned(registry):
    for body in ({"name": "Acme Hospitality Limited"}, {"name": "Acme Hospitality Limitée", "include_delisted": True}):
        found = ids(match({**body, "threshold": 0}))
        assert registry["draft"].public_id not in found and registry["review"].public_id not in found


def test_delisted_entries_only_when_asked_and_then_marked_without_their_name(registry, approver):
    acme = registry["acme"]
    services.entry_delist(entry=acme, actor=approver, reason="Review date passed.", version=acme.version)
    assert acme.public_id not in ids(match({"name": "Acme Hospitality Ltd"}))
    found = match({"name": "Acme Hospitality Ltd", "include_delisted": True}).json()["results"]
    delisted = next(r for r in found if r["public_id"] == acme.public_id)
    assert delisted["delisted"] is True and delisted["delisted_at"]
    assert "legal_name" not in delisted and "aliases" not in delisted and "matched_name" not in delisted["features"]


def test_limit_and_threshold(registry):
    assert len(match({"name": "Acme", "limit": 1, "threshold": 0}).json()["results"]) <= 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "..."}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "Acme", "province": "ZZ"}, "province"),
        ({"name": "Acme", "limit": 0}, "limit"),
        ({"name": "Acme", "limit": 26}, "limit"),
        ({"name": "Acme", "threshold": 2}, "threshold"),
        ({"name": "Acme", "city": "c" * 101}, "city"),
        ({"name": "Acme", "identifiers": "123456782"}, "identifiers"),
        ({"name": "Acme", "identifiers": {"business_number": "123456789"}}, "identifiers"),
        ({"name": "Acme", "identifiers": {"corporate_registry_number": "12#4"}}, "identifiers"),
        (["not", "an", "object"], "non_field_errors"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(registry, body, field):
    response = match(body)
    assert response.status_code == 400
    assert field in response.json()


def test_a_wrong_business_number_says_which(registry):
    response = match({"name": "Acme", "identifiers": {"business_number": "123456789"}})
    assert "business_number" in response.json()["identifiers"]


def test_a_body_that_is_not_json_is_a_400():
    response = APIClient().post(MATCH, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_a_huge_body_is_refused_before_it_is_read(settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    response = APIClient().post(MATCH, {"name": "a" * 5000}, format="json")
    assert response.status_code == 413


def test_it_is_throttled_per_client(settings, registry):
    settings.REGISTRY_MATCH_RATE_PER_CLIENT = 2
    assert [match({"name": "Acme"}).status_code for _ in range(3)] == [200, 200, 429]


def test_only_post(registry):
    assert APIClient().get(MATCH).status_code == 405


def test_it_is_in_the_api_schema():
    schema = APIClient().get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/registry/match"]["post"]
    assert "requestBody" in operation and "200" in operation["responses"]
    assert reverse("api-publications-registry-match") == MATCH


# ----- the candidate query stays bounded ---------------------------------------------------------------------------


def _fill(editor, n):
    for i in range(n):
        make_entry(created_by=editor, legal_name=f"Filler Company {i} Ltd.", business_number="")


@pytest.mark.parametrize("body", [
    {"name": "Acme Hospitality Ltd", "city": "Calgary", "province": "AB"},
    {"name": "Acme Hospitalty", "identifiers": {"business_number": "123456782", "corporate_registry_number": "20123"}},
])  # fmt: skip
def test_a_match_costs_the_same_number_of_queries_at_1x_and_10x(registry, editor, body, django_assert_max_num_queries):
    _fill(editor, 5)
    with django_assert_max_num_queries(5) as small:
        assert match(body).status_code == 200
    _fill(editor, 50)
    with django_assert_max_num_queries(5) as big:
        assert match(body).status_code == 200
    assert len(small.captured_queries) == len(big.captured_queries)


def test_each_candidate_query_is_limited(registry, editor, settings):
    """Every query of the pool ends in LIMIT: the database stops at REGISTRY_MATCH_POOL rows, whatever its size."""
    settings.REGISTRY_MATCH_POOL = 7
    with CaptureQueriesContext(connection) as captured:
        match({"name": "Acme Hospitality", "identifiers": {"business_number": "123456782"}})
    selects = [q["sql"] for q in captured.captured_queries if "publications_registryentry" in q["sql"]]
    assert selects and all(sql.rstrip().endswith("LIMIT 7") for sql in selects)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_on_postgresql_the_candidate_queries_are_answered_from_indexes(registry):
    """The identifiers' queries use their btree indexes; the name's condition (`name_norm %> query`, pg_trgm's
    word similarity) is answered by the trigram index over the normalized names. (At 200,000 entries the planner
    chooses it for the whole name query too; at a test's few rows the status index is cheaper.)"""
    from publications.matching import MatchQuery  # noqa: PLC0415 -- only here

    query = MatchQuery(name="Acme Hospitalty", business_number="123456782", corporate_registry_number="2012345678")
    with CaptureQueriesContext(connection) as queries:
        selectors.registry_match_candidates(
            norm=query.norm,
            core=query.core,
            business_number=query.business_number,
            corporate_registry_number=query.corporate_registry_number,
            include_delisted=False,
            pool=10,
        )
    sqls = [q["sql"] for q in queries.captured_queries]
    assert len(sqls) == 3 and '"name_norm" %> ' in sqls[2]
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in [*sqls[:2], "SELECT id FROM publications_registryentry WHERE name_norm %> 'acme hospitalty'"]:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert "registry_business_number" in plans[0] and "registry_corporate_number" in plans[1]
    assert "publications_entry_name_norm_trgm" in plans[2]


def test_an_editor_proposes_an_identifier_through_the_api_and_a_wrong_one_is_a_400(editor, published_entry):
    api = APIClient()
    api.force_authenticate(editor)
    url = f"/api/registry/{published_entry.public_id}/"
    wrong = api.patch(url, {"version": 1, "business_number": "123456789", "reason": "BN."}, format="json")
    assert wrong.status_code == 400 and "business_number" in wrong.json()
    ok = api.patch(url, {"version": 1, "business_number": "123 456 782", "reason": "BN."}, format="json")
    assert ok.status_code == 202
    assert ok.json()["correction"]["changes"][0]["new"] == "123456782"
