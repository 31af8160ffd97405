"""The walk-throughs in CONTRIBUTING.md, performed: each test makes the change the way the guide says and checks that
it shows where the guide says it shows. If a walk-through goes stale, its test fails."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from publications import api, models, selectors
from publications.tests.factories import build_downloads, make_entry
from taskforce.notifications import notify
from tips import reference as tips_reference
from tips import selectors as tips_selectors
from tips import services as tips_services
from tips.tests.factories import hotline_organizations

pytestmark = pytest.mark.django_db

# ----- (a) a hotline with its routing ---------------------------------------------------------------------------

NEW_HOTLINE = {
    "slug": "walkthrough-nunavut-line",
    "org": "chrysalis",
    "phone": "1-800-555-0199",
    "regions": "NU",
    "kinds": "labour",
}


NEW_HOTLINE_TEXTS = {
    "en": "\nwalkthrough-nunavut-line:\n  name: Walk-through Nunavut Line\n  hours: Weekdays\n"
    "  description: A line added by following CONTRIBUTING.md.\n",
    "fr": "\nwalkthrough-nunavut-line:\n  name: Ligne d'essai du Nunavut\n  hours: En semaine\n"
    "  description: Une ligne ajoutée en suivant CONTRIBUTING.md.\n",
}


def test_adding_a_hotline_with_its_routing(client, monkeypatch, settings, tmp_path):
    # Step 1: one more record in the reference data (tips/reference.py, HOTLINES), its texts in
    # content/<code>/hotlines.yaml.
    monkeypatch.setattr(tips_reference, "HOTLINES", [*tips_reference.HOTLINES, NEW_HOTLINE])
    shutil.copytree(Path(settings.CONTENT_DIR), tmp_path / "content")
    for code, text in NEW_HOTLINE_TEXTS.items():
        with (tmp_path / "content" / code / "hotlines.yaml").open("a", encoding="utf-8") as handle:
            handle.write(text)
    settings.CONTENT_DIR = tmp_path / "content"
    # Step 2: load it, as `manage.py load_reference` does (or enter the same record in the admin).
    hotline_organizations()
    tips_reference.load()
    added = tips_selectors.hotlines_all().get(slug=NEW_HOTLINE["slug"])
    # Step 3: its routing, one rule through the service (load() or the admin's Routing rules page).
    tips_services.routing_rule_set(kind="labour", province="NU", hotlines=[added])

    assert NEW_HOTLINE["phone"] in client.get("/en/hotlines/").content.decode()
    assert "Ligne d&#x27;essai du Nunavut" in client.get("/fr/hotlines/").content.decode()
    assert tips_selectors.receivers_for(province="NU", kind="labour") == [added]
    names = [h["name"] for h in APIClient().get("/api/hotlines/?province=NU&need=labour").json()["results"]]
    assert "Walk-through Nunavut Line" in names
    # A tip of another kind from Nunavut still reaches the national line, not the new one.
    assert added not in tips_selectors.receivers_for(province="NU", kind="organs")


# ----- (b) a field of registry entries: appended, so column positions never shift -------------------------------

# What journalists' scripts read by position today. A new public field goes after these, never between them.
CSV_COLUMNS = [
    "public_id", "legal_name", "aliases", "address", "city", "province", "industry", "legal_basis", "authority",
    "decision_date", "file_number", "summary", "review_on", "status", "published_at", "updated_at", "is_fictional",
    "url", "corporate_registry_number", "business_number",
]  # fmt: skip
JSON_KEYS = CSV_COLUMNS
_URL = CSV_COLUMNS.index("url")
API_KEYS = [*CSV_COLUMNS[:_URL], "version", *CSV_COLUMNS[_URL:]]


@pytest.fixture
def published(make_user, settings, tmp_path):
    settings.REGISTRY_SNAPSHOT_DIR = str(tmp_path)  # the whole registry's download files (build_downloads)
    return make_entry(created_by=make_user())


def test_registry_csv_columns_keep_their_positions(client, published):
    build_downloads()
    response = client.get(reverse("publications:registry_csv"))
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert header[: len(CSV_COLUMNS)] == CSV_COLUMNS, "a new column goes at the end, never between existing ones"


def test_registry_json_keys_keep_their_order(client, published):
    build_downloads()
    response = client.get(reverse("publications:registry_json"))
    entry = json.loads(b"".join(response.streaming_content))["entries"][0]
    assert list(entry)[: len(JSON_KEYS)] == JSON_KEYS


def test_registry_api_keys_keep_their_order(published):
    entry = APIClient().get("/api/registry/").json()["results"][0]
    assert list(entry)[: len(API_KEYS)] == API_KEYS


def test_appending_a_public_field_keeps_every_earlier_position(client, published, monkeypatch):
    """The walk-through's step: the new field's name appended to PUBLIC_FIELDS_ADDED (publications/models.py).
    An existing column the public does not see yet stands in for the new field (no migration in a test)."""
    added = ("representations_days",)
    appended = (*models.PUBLIC_FIELDS_ADDED, *added)
    monkeypatch.setattr(selectors, "EXPORT_FIELDS", (*models.PUBLIC_FIELDS, *appended))
    monkeypatch.setattr(selectors, "EXPORT_COLUMNS", (*models.PUBLIC_FIELDS, "url", *appended))
    monkeypatch.setattr(api.EntrySerializer.Meta, "fields", [*models.PUBLIC_FIELDS, "version", "url", *appended])

    build_downloads()
    response = client.get(reverse("publications:registry_csv"))
    assert next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))) == [*CSV_COLUMNS, *added]
    response = client.get(reverse("publications:registry_json"))
    assert list(json.loads(b"".join(response.streaming_content))["entries"][0]) == [*JSON_KEYS, *added]
    assert list(APIClient().get("/api/registry/").json()["results"][0]) == [*API_KEYS, *added]


# ----- (c) a notification kind ----------------------------------------------------------------------------------

KIND = "walkthrough_reminder"
TEMPLATES = {
    f"{KIND}.subject.txt": '{% load i18n %}{% translate "French" %}: {{ reference }}',
    f"{KIND}.txt": '{% load i18n %}{% translate "French" %} {{ reference }}\n{{ site_url }}\n',
    f"{KIND}.html": '{% load i18n %}<p>{% translate "French" %} <a href="{{ site_url }}">{{ reference }}</a></p>',
}


def test_adding_a_notification_kind(settings, tmp_path, make_user, django_capture_on_commit_callbacks):
    # Step 1: three templates, notifications/<app>_<event>.{subject.txt,txt,html} (in <app>/templates/).
    folder = tmp_path / "notifications"
    folder.mkdir()
    for name, text in TEMPLATES.items():
        (folder / name).write_text(text)
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]} for engine in settings.TEMPLATES]
    english, french = make_user(), make_user()
    french.preferred_language = "fr"
    french.save()
    # Step 2: one notify() call in the service, inside its transaction; references and links only.
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[english, french], template=KIND, context={"reference": "AP-7"})

    sent = {message.to[0]: message for message in mail.outbox}
    assert sent[english.email].subject == "French: AP-7"
    assert sent[french.email].subject == "Français: AP-7"
    assert "Français AP-7" in sent[french.email].body
    assert "Français" in sent[french.email].alternatives[0][0] and "<a href=" in sent[french.email].alternatives[0][0]


def notification_kinds() -> list[str]:
    root = Path(__file__).resolve().parents[2]
    found = set()
    for path in root.glob("*/templates/notifications/*.subject.txt"):
        found.add(path.name.removesuffix(".subject.txt"))
    for path in root.glob("templates/notifications/*.subject.txt"):
        found.add(path.name.removesuffix(".subject.txt"))
    return sorted(found)


@pytest.mark.parametrize("kind", notification_kinds())
def test_every_notification_kind_has_its_three_templates(kind):
    for language in ("en", "fr"):
        with translation.override(language):
            for suffix in (".subject.txt", ".txt", ".html"):
                assert get_template(f"notifications/{kind}{suffix}")
