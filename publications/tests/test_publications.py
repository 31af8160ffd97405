"""Reports, news and bulletins: list, detail, Markdown sanitized, feed, API, the action plan's progress reports,
and the demo seed."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from publications import services
from publications.models import Publication, RegistryEntry

from .factories import make_publication

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_list_newest_first_and_future_items_hidden(client):
    make_publication(title="Old", published_on=date(2020, 1, 1))
    make_publication(title="New", published_on=date(2024, 1, 1))
    make_publication(title="Tomorrow", published_on=timezone.localdate() + timedelta(days=1))
    titles = [p.title for p in client.get("/en/publications/").context["page_obj"]]
    assert titles == ["New", "Old"]


def test_list_filters_and_bad_values(client):
    make_publication(title="A bulletin", kind="bulletin")
    make_publication(title="A report", kind="report", language="fr")
    assert [p.title for p in client.get("/en/publications/", {"kind": "bulletin"}).context["page_obj"]] == [
        "A bulletin"
    ]
    assert [p.title for p in client.get("/en/publications/", {"language": "fr"}).context["page_obj"]] == ["A report"]
    assert client.get("/en/publications/", {"kind": "gossip"}).status_code == 400
    assert client.get("/en/publications/", {"page": "zzz"}).status_code == 200


def test_list_runs_in_fixed_queries(client, django_assert_num_queries):
    make_publication()
    with django_assert_num_queries(2):
        client.get("/en/publications/")
    for _ in range(10):
        make_publication()
    with django_assert_num_queries(2):
        client.get("/en/publications/")


def test_markdown_body_is_rendered_and_sanitized(client):
    item = make_publication(
        body="**Bold** [ok](https://example.org) <script>alert(1)</script> "
        "[bad](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    text = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in text and 'href="https://example.org"' in text
    assert "<script>alert" not in text and "javascript:" not in text and "onerror" not in text


def test_feed_and_api(client):
    make_publication(title="Annual report", kind="report")
    root = ET.fromstring(client.get("/en/publications/feed/").content)
    assert [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")] == ["Annual report"]
    data = APIClient().get("/api/publications/").json()
    assert [p["title"] for p in data["results"]] == ["Annual report"]
    slug = data["results"][0]["slug"]
    assert APIClient().get(f"/api/publications/{slug}/").json()["kind"] == "report"


def test_progress_report_contract_is_idempotent_by_url(client):
    kwargs = {
        "title": "Progress report Q1",
        "summary": "Four of nine actions complete.",
        "published_on": date(2026, 4, 1),
        "url": "/en/action-plan/reports/1/",
    }
    services.publication_record_progress_report(**kwargs)
    services.publication_record_progress_report(**{**kwargs, "title": "Progress report, first quarter"})
    item = Publication.objects.get()
    assert item.kind == Publication.Kind.PROGRESS_REPORT and item.title == "Progress report, first quarter"
    listing = client.get("/en/publications/").content.decode()
    assert 'href="/en/action-plan/reports/1/"' in listing
    feed = client.get("/en/publications/feed/").content.decode()
    from django.conf import settings  # noqa: PLC0415 -- used by this test only

    assert f"{settings.SITE_URL}/en/action-plan/reports/1/" in feed


def test_seed_loads_titles_and_dates_only_and_fictional_entries(client, make_user):
    from publications import demo  # noqa: PLC0415 -- used by this test only
    from taskforce import roles  # noqa: PLC0415 -- used by this test only

    make_user(roles.REGISTRY_EDITOR, email="editor@demo.example")
    make_user(roles.REGISTRY_APPROVER, email="approver@demo.example")
    demo.seed(password="x")
    demo.seed(password="x")
    news = Publication.objects.filter(kind="news")
    assert {(p.title, p.published_on) for p in news} == {
        ("Fighting human trafficking", date(2022, 3, 27)),
        ("Task force to help protect some of Alberta's most vulnerable", date(2020, 5, 19)),
        ("Bill 8: Protecting Survivors of Human Trafficking Act", date(2020, 4, 7)),
        ("Standing against human trafficking", date(2020, 2, 21)),
    }
    assert all(p.body == "" and p.summary == "" for p in news)
    entries = RegistryEntry.objects.all()
    assert entries.count() == 5 and all(e.is_fictional and "(fictional)" in e.legal_name for e in entries)
    assert {e.status for e in entries} == {"published", "under_appeal", "delisted"}
    shown = RegistryEntry.objects.get(public_id="HT-DEMO001")
    assert "FICTIONAL — demonstration only" in client.get(shown.get_absolute_url()).content.decode()
    assert len(client.get("/en/registry/", {"q": "cafe prairie demo"}).context["page_obj"]) == 1
