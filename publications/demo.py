"""Demo data: the task force news items named in the source documents (titles and dates only), and a few
clearly fictional registry entries so the registry can be tried. No real business is named anywhere."""

from datetime import date, timedelta

from django.utils import timezone

from taskforce.models import User

from .models import Publication, RegistryChange, RegistryEntry
from .services import _refresh_search_columns, publication_upsert

# Titles and dates as listed in the Government of Alberta's page on the action plan; no text is reproduced.
NEWS = [
    ("2022-03-27-fighting-human-trafficking", "Fighting human trafficking", date(2022, 3, 27)),
    (
        "2020-05-19-task-force-to-help-protect-some-of-albertas-most-vulnerable",
        "Task force to help protect some of Alberta's most vulnerable",
        date(2020, 5, 19),
    ),
    (
        "2020-04-07-bill-8-protecting-survivors-of-human-trafficking-act",
        "Bill 8: Protecting Survivors of Human Trafficking Act",
        date(2020, 4, 7),
    ),
    ("2020-02-21-standing-against-human-trafficking", "Standing against human trafficking", date(2020, 2, 21)),
]

# (public id, legal name, aliases, city, industry, legal basis, summary). All invented.
FICTIONAL_ENTRIES = [
    (
        "HT-DEMO001",
        "Exemplar Staffing Demo Ltd. (fictional)",
        "Exemplar Labour Demo",
        "Calgary",
        "recruitment",
        "administrative",
        "Invented example: an employment standards finding that a staffing agency held workers' "
        "passports and charged illegal recruitment fees.",
    ),
    (
        "HT-DEMO002",
        "Prairie Café Démo Inc. (fictional)",
        "Café Prairie Démo",
        "Edmonton",
        "food_service",
        "conviction",
        "Invented example: a restaurant company convicted of facilitating forced labour of kitchen staff.",
    ),
    (
        "HT-DEMO003",
        "Northern Lights Spa Demo Corp. (fictional)",
        "",
        "Red Deer",
        "personal_services",
        "court_order",
        "Invented example: a court order naming a spa business for facilitating sexual exploitation.",
    ),
]


def _seed_news() -> None:
    for slug, title, published_on in NEWS:
        publication_upsert(slug=slug, title=title, published_on=published_on, kind=Publication.Kind.NEWS)


def _seed_registry() -> None:
    editor = User.objects.filter(email="editor@demo.example").first()
    approver = User.objects.filter(email="approver@demo.example").first()
    if editor is None or approver is None:
        return
    today = timezone.localdate()
    for public_id, name, aliases, city, industry, basis, summary in FICTIONAL_ENTRIES:
        entry = RegistryEntry.objects.filter(public_id=public_id).first() or RegistryEntry(
            public_id=public_id,
            created_by=editor,
            approved_by=approver,
            published_at=timezone.now(),
            status=RegistryEntry.Status.PUBLISHED,
            representations_days=14,
        )
        entry.legal_name, entry.aliases, entry.city, entry.province = name, aliases, city, "AB"
        entry.industry, entry.legal_basis, entry.summary, entry.is_fictional = industry, basis, summary, True
        entry.address = "100 Example Street (fictional)"
        entry.authority = "Demonstration Tribunal (fictional)"
        entry.decision_date = date(2025, 6, 2)
        entry.file_number = f"DEMO-{public_id[-3:]}"
        entry.notified_on = today - timedelta(days=30)
        entry.review_on = today + timedelta(days=365)
        _refresh_search_columns(entry)
        entry.save()
        if not entry.changes.exists():
            RegistryChange.objects.create(
                entry=entry,
                actor=approver,
                kind=RegistryChange.Kind.ADDITION,
                field="status",
                new_value=RegistryEntry.Status.PUBLISHED,
                reason="Published (demonstration data).",
            )


def seed(*, password: str) -> None:
    _seed_news()
    _seed_registry()
