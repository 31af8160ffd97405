from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from publications import services
from publications.models import Publication, RegistryChange, RegistryEntry, RegistrySnapshot
from publications.services import _refresh_search_columns

_n = count(1)


def entry_data(**overrides) -> dict:
    """Valid form data for a draft entry whose business was notified long enough ago to be published."""
    today = timezone.localdate()
    data = {
        "legal_name": "Maple Leaf Staffing Ltd.",
        "aliases": "Maple Labour",
        "address": "1 Main Street",
        "city": "Calgary",
        "province": "AB",
        "industry": "recruitment",
        "legal_basis": "administrative",
        "authority": "Alberta Employment Standards",
        "decision_date": date(2025, 5, 1),
        "file_number": "ES-2025-001",
        "summary": "Held workers' passports.",
        "notified_on": today - timedelta(days=30),
        "review_on": today + timedelta(days=365),
    }
    data.update(overrides)
    return data


def make_entry(*, created_by, status=RegistryEntry.Status.PUBLISHED, **overrides) -> RegistryEntry:
    """An entry straight in the database (for read tests at 1x and 10x); the workflow tests use the services."""
    n = next(_n)
    data = entry_data(legal_name=f"Business {n} Ltd.", aliases="", file_number=f"F-{n}")
    data.update(overrides)
    entry = RegistryEntry(
        public_id=f"HT-T{n:06d}", created_by=created_by, status=status, representations_days=14, **data
    )
    if status in (RegistryEntry.Status.PUBLISHED, RegistryEntry.Status.CORRECTED, RegistryEntry.Status.UNDER_APPEAL):
        entry.published_at = timezone.now()
    _refresh_search_columns(entry)
    entry.save()
    if entry.published_at:
        RegistryChange.objects.create(
            entry=entry, kind=RegistryChange.Kind.ADDITION, field="status", new_value="published", reason="Published."
        )
    return entry


def make_publication(**overrides) -> Publication:
    n = next(_n)
    values = {"title": f"Report {n}", "slug": f"report-{n}", "published_on": date(2024, 1, 1), "summary": "A summary."}
    values.update(overrides)
    return Publication.objects.create(**values)


def build_downloads() -> list[RegistrySnapshot]:
    """Build the whole registry's download files now, as the queued task does after a change (in a test the task
    queued after commit never runs: the test's transaction is never committed)."""
    build = services.registry_snapshot_request()
    return services.registry_snapshot_build(build_id=build.id)
