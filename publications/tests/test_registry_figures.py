"""The registry list's figures: its public entries by industry and by year published, each a chart (an image named
and described, no style nor script) with the table of the same numbers beside it; drafts, entries in review and
delisted ones are not counted; shown on the first page of the unsearched list; numbers in the reader's language."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from bench import data
from publications.models import RegistryEntry

from .factories import make_entry

pytestmark = pytest.mark.django_db
LIST = "/en/registry/"


def _table(page: str, table_id: str) -> dict[str, str]:
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = re.findall(
        r'<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td class="text-end">([^<]+)</td></tr>', table
    )
    return dict(rows)


def _svg(page: str, chart_id: str) -> str:
    return re.search(rf'<svg [^>]*aria-labelledby="{chart_id}-title {chart_id}-desc".*?</svg>', page, re.S)[0]


@pytest.fixture
def entries(editor):
    def at(year):
        return timezone.make_aware(datetime(year, 6, 1, 12))

    made = [
        make_entry(created_by=editor, industry="construction"),
        make_entry(created_by=editor, industry="construction", status=RegistryEntry.Status.CORRECTED),
        make_entry(created_by=editor, industry="hospitality", status=RegistryEntry.Status.UNDER_APPEAL),
        make_entry(created_by=editor, industry="hospitality", status=RegistryEntry.Status.DRAFT),
        make_entry(created_by=editor, industry="care", status=RegistryEntry.Status.LEGAL_REVIEW),
        make_entry(created_by=editor, industry="care", status=RegistryEntry.Status.DELISTED),
    ]
    for entry, year in zip(made[:3], (2023, 2025, 2025), strict=True):
        RegistryEntry.objects.filter(id=entry.id).update(published_at=at(year))
    return made


def test_the_first_page_counts_the_public_entries_by_industry_and_year_with_their_tables(client, entries):
    page = client.get(LIST).content.decode()
    industries = _table(page, "registry-by-industry")
    assert industries["Construction"] == "2" and industries["Hotels and accommodation"] == "1"
    assert industries["Domestic work and caregiving"] == "0"  # one in review, one delisted: not counted
    assert sum(int(n) for n in industries.values()) == 3
    assert _table(page, "registry-by-year") == {"2023": "1", "2025": "2"}
    assert 'href="/en/registry/?industry=construction">Construction</a>' in page  # the table leads to the entries
    for chart_id, title in (
        ("registry-industries", "Registry entries by industry"),
        ("registry-years", "Registry entries by year published"),
    ):
        svg = _svg(page, chart_id)
        assert 'role="img"' in svg and f'<title id="{chart_id}-title">{title}</title>' in svg
        assert f'<desc id="{chart_id}-desc">' in svg and "style" not in svg and "<script" not in svg
    assert ">Construction: 2</text>" in _svg(page, "registry-industries")
    assert ">2025: 2</text>" in _svg(page, "registry-years")
    assert "3 published entries (corrected and under appeal included)" in page


def test_a_search_or_a_later_page_does_not_show_the_whole_registry_s_figures(client, entries):
    assert "registry-by-industry" not in client.get(LIST, {"q": "Business"}).content.decode()
    assert "registry-by-industry" not in client.get(LIST, {"industry": "construction"}).content.decode()


def test_an_empty_registry_shows_no_figures(client):
    assert "The registry in figures" not in client.get(LIST).content.decode()


def test_the_figures_are_written_in_french_on_the_french_page(client):
    data.registry_to(1200)
    english = _svg(client.get(LIST).content.decode(), "registry-industries")
    french = _svg(client.get("/fr/registry/").content.decode(), "registry-industries")
    assert re.search(r'<desc id="registry-industries-desc">1,200 ', english)
    assert re.search(r'<desc id="registry-industries-desc">1\xa0200 ', french)  # grouped as French writes it
    assert "Hôtels et hébergement" in french and "Hotels and accommodation" not in french
    summary = client.get("/fr/registry/").content.decode().split('id="figures-heading"')[1].split("</p>")[0]
    assert "1\xa0200 " in summary
