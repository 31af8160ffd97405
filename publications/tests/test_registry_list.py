"""The public registry list as it is written since issue 16: rows, filters and the search's count, at any size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import data

from .factories import make_entry

pytestmark = pytest.mark.django_db
LIST = "/en/registry/"
PATHS = [
    LIST,
    f"{LIST}?page=2",
    f"{LIST}?page=999999",
    f"{LIST}?q=group",  # every generated alias says "Group"
    f"{LIST}?q=ferncliff&page=2",
    f"{LIST}?province=AB&industry=construction&year=2015",
    "/fr/registry/?q=summit",
]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries.captured_queries)


def test_list_search_filters_and_deep_pages_cost_two_queries_at_any_size(client):
    """A count of at most LIST_COUNT_LIMIT rows and the page: no query per row, per label or per filter. (The first
    page's figures are counted once per REGISTRY_FIGURES_SECONDS: measured below, kept here from the first call.)"""
    data.registry_to(60)
    client.get(LIST)
    small = {path: _queries(client, path) for path in PATHS}
    data.registry_to(600)
    large = {path: _queries(client, path) for path in PATHS}
    assert small == large == dict.fromkeys(PATHS, 2)


def test_the_figures_are_two_grouped_counts_at_any_size_then_kept(client):
    data.registry_to(60)
    small = _queries(client, LIST)
    assert _queries(client, LIST) == 2  # kept in the cache
    cache.clear()
    data.registry_to(600)
    assert small == _queries(client, LIST) == 4


def test_the_rows_escape_what_the_editors_typed(client, editor):
    make_entry(created_by=editor, legal_name='<script>alert("x")</script> & Co', city="O'Brien <b>")
    text = client.get(LIST).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a>" in text
    assert "<td>O&#x27;Brien &lt;b&gt;, AB</td>" in text
    assert "<script>alert" not in text and "<b>," not in text


def test_each_row_links_its_entry_with_labels_in_the_readers_language(client, editor):
    entry = make_entry(created_by=editor, industry="hospitality", legal_basis="conviction", is_fictional=True)
    for _ in range(2):  # the labels are worked out once per language: each language keeps its own
        english = client.get(LIST).content.decode()
        french = client.get("/fr/registry/").content.decode()
        assert f'<a href="/en/registry/{entry.public_id}/">{entry.legal_name}</a>' in english
        assert "<td>Hotels and accommodation</td>" in english and "<td>Criminal conviction</td>" in english
        assert "FICTIONAL — demonstration only" in english
        assert f'<a href="/fr/registry/{entry.public_id}/">{entry.legal_name}</a>' in french
        assert "<td>Hôtels et hébergement</td>" in french and "<td>Publiée</td>" in french
        assert "Hotels and accommodation" not in french


def test_the_blank_filters_follow_the_language_and_the_search_limit(client, published_entry, settings):
    for _ in range(2):
        assert '<option value="hospitality">Hotels and accommodation</option>' in client.get(LIST).content.decode()
        french = client.get("/fr/registry/", {"page": "1"}).content.decode()
        assert '<option value="hospitality">Hôtels et hébergement</option>' in french
        assert "selected" not in french
    settings.REGISTRY_SEARCH_MAX_LENGTH = 20
    assert 'name="q" maxlength="20"' in client.get(LIST).content.decode()
    assert client.get(LIST, {"q": "x" * 21}).status_code == 400
    assert client.get(LIST, {"q": "x" * 20}).status_code == 200


def test_a_bad_value_beside_a_page_and_good_filters_is_a_400_that_keeps_them(client, published_entry):
    response = client.get("/fr/registry/", {"q": "creme", "province": "AB", "year": "abc", "page": "2"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Certaines valeurs de recherche ne sont pas valides." in text
    assert 'name="q" value="creme"' in text and '<option value="AB" selected>Alberta</option>' in text
    assert 'aria-invalid="true" aria-describedby="id_year_error"' in text
    assert 'value="abc"' not in text  # a number box holds numbers only (valid HTML); the message says why


@pytest.mark.parametrize("q", ["ème brû", "RULEE RO", "hospitality inc", "brulee rooms"])
def test_the_search_still_finds_any_part_of_a_name_or_alias(client, published_entry, q):
    text = client.get(LIST, {"q": q}).content.decode()
    assert "Crème Brûlée Hospitality Inc." in text and "1 entry" in text
