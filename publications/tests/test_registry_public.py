"""The public registry: list, search, filters, the entry page, and bad input."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publications.models import RegistryEntry
from taskforce.testing.auth import login

from .factories import make_entry

pytestmark = pytest.mark.django_db
LIST = "/en/registry/"


def names(response) -> list[str]:
    return [row["legal_name"] for row in response.context["page_obj"]]


def test_search_ignores_case_and_accents_over_names_and_aliases(client, published_entry):
    for q in ["creme brulee", "CRÈME BRÛLÉE", "brûlée rooms", "  Crème   brulée  "]:
        assert names(client.get(LIST, {"q": q})) == ["Crème Brûlée Hospitality Inc."], q
    assert names(client.get(LIST, {"q": "no such business"})) == []


def test_exact_name_match_is_ranked_first(client, editor):
    make_entry(created_by=editor, legal_name="Aaa Northern Star Logistics")
    make_entry(created_by=editor, legal_name="Abc Star Holdings", aliases="Northern Star")
    make_entry(created_by=editor, legal_name="Northern Star")
    # Alphabetically "Aaa..." comes first; the exact name and the exact alias are ranked above it.
    assert names(client.get(LIST, {"q": "NORTHERN star"})) == [
        "Abc Star Holdings",
        "Northern Star",
        "Aaa Northern Star Logistics",
    ]


def test_filters(client, editor):
    for name, province, city, industry, basis, decided in [
        ("A", "AB", "Calgary", "construction", "conviction", date(2024, 3, 1)),
        ("B", "BC", "Victoria", "agriculture", "court_order", date(2025, 3, 1)),
    ]:
        make_entry(
            created_by=editor, legal_name=name, province=province, city=city, industry=industry,
            legal_basis=basis, decision_date=decided,
        )  # fmt: skip
    assert names(client.get(LIST, {"province": "BC"})) == ["B"]
    assert names(client.get(LIST, {"city": "calgary"})) == ["A"]
    assert names(client.get(LIST, {"industry": "construction"})) == ["A"]
    assert names(client.get(LIST, {"legal_basis": "court_order"})) == ["B"]
    assert names(client.get(LIST, {"year": "2024"})) == ["A"]
    assert names(client.get(LIST, {"year": "2024", "province": "BC"})) == []


def test_unpublished_and_delisted_entries_are_not_listed(client, editor):
    make_entry(created_by=editor, legal_name="Draft Co", status=RegistryEntry.Status.DRAFT)
    make_entry(created_by=editor, legal_name="Gone Co", status=RegistryEntry.Status.DELISTED)
    make_entry(created_by=editor, legal_name="Shown Co")
    assert names(client.get(LIST)) == ["Shown Co"]
    assert names(client.get(LIST, {"q": "co"})) == ["Shown Co"]


@pytest.mark.parametrize(
    "params",
    [
        {"province": "ZZ"},
        {"industry": "piracy"},
        {"legal_basis": "rumour"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"q": "x" * 10_000},
        {"q": "nul\x00byte"},
        {"city": "c" * 500},
    ],
)
def test_bad_filters_get_a_clear_400(client, published_entry, params):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999999999"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "1e9"},
        {"q": "😀 \u202e \ufeff \u0301 Ω"},
        {"q": "%_\\'\";--"},
        {"q": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")},
        {"unknown": "param"},
    ],
)
def test_odd_input_never_breaks_the_page(client, published_entry, params):
    response = client.get(LIST, params)
    assert response.status_code == 200


def test_wildcards_in_search_are_literal(client, published_entry):
    assert names(client.get(LIST, {"q": "%"})) == []
    assert names(client.get(LIST, {"q": "_"})) == []


def test_pagination(client, editor, settings):
    for i in range(30):
        make_entry(created_by=editor, legal_name=f"Paged {i:02d}")
    first = client.get(LIST)
    assert len(first.context["page_obj"]) == 25
    last = client.get(LIST, {"page": "999999999"})
    assert names(last) == ["Paged 25", "Paged 26", "Paged 27", "Paged 28", "Paged 29"]


@pytest.mark.parametrize("params", [{}, {"q": "business"}, {"province": "AB", "industry": "recruitment"}])
def test_list_and_search_run_in_a_fixed_number_of_queries(client, editor, django_assert_num_queries, params):
    for _ in range(2):
        make_entry(created_by=editor)
    # Count, then the page; the unsearched list also counts its figures (by industry and year), kept in the cache.
    with django_assert_num_queries(2 if params else 4):
        assert client.get(LIST, params).status_code == 200
    for _ in range(20):
        make_entry(created_by=editor)
    with django_assert_num_queries(2):
        response = client.get(LIST, params)
    assert len(response.context["page_obj"]) == 22


def test_entry_page_shows_sources_change_log_and_citation(client, published_entry):
    response = client.get(reverse("publications:registry_entry", args=[published_entry.public_id]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Crème Brûlée Hospitality Inc." in text and "Brulee Rooms" in text
    assert f"Entry {published_entry.public_id} in the Business Registry" in text
    assert f"{settings.SITE_URL}/en/registry/{published_entry.public_id}/" in text  # the public address
    assert "Change log" in text and "Added to the registry" in text
    assert "FICTIONAL" not in text


def test_fictional_entries_say_so(client, editor):
    entry = make_entry(created_by=editor, is_fictional=True)
    assert "FICTIONAL — demonstration only" in client.get(entry.get_absolute_url()).content.decode()
    assert "FICTIONAL — demonstration only" in client.get(LIST).content.decode()


def test_entry_page_in_french(client, published_entry):
    text = client.get(f"/fr/registry/{published_entry.public_id}/").content.decode()
    assert "Journal des modifications" in text
    assert ">Ajoutée au registre</td>" in text and ">Publiée</td>" in text


def test_unknown_entry_is_404(client):
    assert client.get("/en/registry/HT-NOPE/").status_code == 404
    assert client.get("/en/registry/" + "x" * 5000 + "/").status_code == 404


def test_beyond_the_count_limit_the_list_says_more_than_and_offers_the_download(client, editor, settings):
    """At a million entries the list counts no further than LIST_COUNT_LIMIT: the heading says "more than", the
    deepest page is the limit's, and the whole registry's download is offered to go further."""
    settings.LIST_COUNT_LIMIT = 5
    settings.REGISTRY_PAGE_SIZE = 2
    for i in range(8):
        make_entry(created_by=editor, legal_name=f"Paged {i:02d}")
    response = client.get(LIST, {"page": "99"})
    text = response.content.decode()
    assert "More than 5 entries" in text and "8 entries" not in text
    assert "Page 3 of more than 3" in text and names(response) == ["Paged 04"]
    assert "To go further, download the whole registry." in text
    assert 'href="/en/registry/business-registry.csv"' in text
    settings.LIST_COUNT_LIMIT = 100
    assert "8 entries" in client.get(LIST).content.decode()


def test_a_narrow_search_offers_its_own_download(client, editor, settings):
    make_entry(created_by=editor, province="BC")
    text = client.get(LIST, {"province": "BC"}).content.decode()
    assert 'href="/en/registry/business-registry.csv?province=BC"' in text
    settings.REGISTRY_LIVE_EXPORT_MAX_ROWS = 0
    assert "business-registry.csv?province=BC" not in client.get(LIST, {"province": "BC"}).content.decode()
    assert "business-registry.csv?" not in client.get(LIST).content.decode()  # no filter: the whole file only


def test_the_filters_keep_their_labels_values_and_errors(client, published_entry):
    """The filter form is written out without crispy-forms' templates: each box keeps its label, the values
    searched for, and an invalid value its message tied to the box."""
    text = client.get(LIST, {"q": "creme", "province": "AB", "year": "abc"}).content.decode()
    for name, label in [
        ("q", "Search names and aliases"),
        ("province", "Province or territory"),
        ("year", "Year of decision"),
    ]:
        assert f'<label for="id_{name}" class="form-label">{label}</label>' in text
    assert 'name="q" value="creme" maxlength="200"' in text
    assert '<option value="AB" selected>Alberta</option>' in text
    assert 'aria-invalid="true" aria-describedby="id_year_error"' in text
    assert (
        '<div id="id_year_error" class="invalid-feedback"><p id="error_1_id_year"><strong>Enter a whole number.' in text
    )
    french = client.get("/fr/registry/", {"industry": "hospitality"}).content.decode()
    assert '<option value="hospitality" selected>Hôtels et hébergement</option>' in french
    assert (
        '<option value="hospitality" selected>Hotels and accommodation</option>'
        in client.get(LIST, {"industry": "hospitality"}).content.decode()
    )


def test_the_admin_list_of_entries_counts_at_most_the_limit(make_user, editor, settings):  # noqa: F811
    settings.LIST_COUNT_LIMIT = 3
    for _ in range(5):
        make_entry(created_by=editor)
    admin_user = make_user(is_staff=True, is_superuser=True)
    client = login(Client(), admin_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/publications/registryentry/")
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "registryentry" in q["sql"]]
    assert counts and all("LIMIT 4" in sql for sql in counts)
