"""Demo data: a few clearly fictional registry entries so the registry can be tried (on top of the news items
`reference.py` loads), one of them under appeal and one delisted, both taken through the registry's own workflow
(draft, review, approval, publication, then the appeal or the delisting) so that their states, change logs and
review trails are those a real entry would have. No real business is named anywhere."""

from datetime import date, timedelta

from django.utils import timezone

from taskforce.models import User

from . import reference, services
from .models import RegistryChange, RegistryEntry
from .services import _refresh_search_columns

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


# (file number, legal name, city, industry, legal basis, summary, what happened after publication, its reason).
# All invented. The file number finds the entry again on a second run (its public id is drawn at creation).
WORKFLOW_ENTRIES = [
    (
        "DEMO-APPEAL",
        "Harvest Moon Farms Demo Ltd. (fictional)",
        "Lethbridge",
        "agriculture",
        "administrative",
        "Invented example: an employment standards finding that a farm operator withheld seasonal workers' wages "
        "and housed them in unsafe bunkhouses.",
        "appeal",
        "Demonstration entry: the business appealed the finding; the appeal is being heard.",
    ),
    (
        "DEMO-DELISTED",
        "Blue Spruce Cleaning Demo Co. (fictional)",
        "Fort McMurray",
        "other",
        "administrative",
        "Invented example: a finding that a cleaning contractor confiscated workers' identity documents.",
        "delist",
        "Demonstration entry: the finding was overturned on review, so the entry was taken off the registry.",
    ),
]


def _seed_workflow_entries() -> None:
    """Entries taken through the real services: drafted by the editor, approved and published by the approver,
    then appealed or delisted. An entry already made (found by its file number) is left as it is."""
    editor = User.objects.filter(email="editor@demo.example").first()
    approver = User.objects.filter(email="approver@demo.example").first()
    if editor is None or approver is None:
        return
    today = timezone.localdate()
    for file_number, name, city, industry, basis, summary, outcome, reason in WORKFLOW_ENTRIES:
        if RegistryEntry.objects.filter(file_number=file_number, is_fictional=True).exists():
            continue
        data = {
            "legal_name": name,
            "aliases": "",
            "address": "200 Example Avenue (fictional)",
            "city": city,
            "province": "AB",
            "industry": industry,
            "legal_basis": basis,
            "authority": "Demonstration Tribunal (fictional)",
            "decision_date": date(2025, 9, 15),
            "file_number": file_number,
            "summary": summary,
            "notified_on": today - timedelta(days=60),
            "review_on": today + timedelta(days=365),
        }
        entry = services.entry_create(actor=editor, data=data, is_fictional=True)
        entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
        entry = services.entry_approve(entry=entry, actor=approver, version=entry.version)
        entry = services.entry_publish(entry=entry, actor=approver, version=entry.version)
        if outcome == "appeal":
            services.entry_set_appeal(
                entry=entry, actor=approver, under_appeal=True, reason=reason, version=entry.version
            )
        else:
            services.entry_delist(entry=entry, actor=approver, reason=reason, version=entry.version)


def seed(*, password: str) -> None:
    reference.load()
    _seed_registry()
    _seed_workflow_entries()
    # The downloads' files, as the background task builds them after a change (the demo entries are written
    # directly, not through the workflow that asks for a build).
    services.registry_snapshot_build(build_id=services.registry_snapshot_request().id)
