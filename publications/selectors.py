"""Reads of the publications app. Everything public goes through `registry_public()`, so a delisted entry
disappears from the list, search, downloads, feed and API in the same instant."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import (
    PUBLIC_FIELDS,
    PUBLIC_FIELDS_ADDED,
    PUBLIC_STATUSES,
    Publication,
    RegistryChange,
    RegistryCorrection,
    RegistryEdit,
    RegistryEntry,
    RegistrySnapshot,
    RegistrySnapshotBuild,
    RegistrySource,
    field_label,
    shown_value,
    typed_value,
)
from .text import search_key

EXPORT_FIELDS = (*PUBLIC_FIELDS, *PUBLIC_FIELDS_ADDED)
EXPORT_COLUMNS = (*PUBLIC_FIELDS, "url", *PUBLIC_FIELDS_ADDED)  # the downloads' order: the link never moves


def registry_public() -> QuerySet[RegistryEntry]:
    return RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES)


def registry_search(
    *,
    q: str = "",
    province: str = "",
    city: str = "",
    industry: str = "",
    legal_basis: str = "",
    year: int | None = None,
) -> QuerySet[RegistryEntry]:
    """Published entries matching the filters. The search ignores case and accents, covers names and aliases,
    and ranks an exact name (or alias) match first."""
    entries = registry_public()
    if province:
        entries = entries.filter(province=province)
    if city:
        entries = entries.filter(city__iexact=city.strip())
    if industry:
        entries = entries.filter(industry=industry)
    if legal_basis:
        entries = entries.filter(legal_basis=legal_basis)
    if year:
        entries = entries.filter(decision_date__year=year)
    key = search_key(q)
    if not key:
        return entries.order_by("legal_name", "id")
    exact = Q(name_key=key) | Q(search_text__startswith=f"{key}\n") | Q(search_text__endswith=f"\n{key}")
    exact |= Q(search_text__contains=f"\n{key}\n")
    return (
        entries.filter(search_text__contains=key)
        .annotate(rank=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("rank", "legal_name", "id")
    )


# What the public list shows of each entry: only these columns are read (not the summary or the search copies).
REGISTRY_LIST_COLUMNS = (
    "public_id",
    "legal_name",
    "is_fictional",
    "city",
    "province",
    "industry",
    "legal_basis",
    "decision_date",
    "status",
)


def registry_list_rows(**filters) -> QuerySet:
    """`registry_search()` as the public list reads it: the shown columns as dicts, no model instances."""
    return registry_search(**filters).values(*REGISTRY_LIST_COLUMNS)


def registry_entry_by_public_id(public_id: str) -> RegistryEntry | None:
    """The entry whether public or delisted (its notice page); drafts are not found."""
    return RegistryEntry.objects.filter(
        public_id=public_id, status__in=(*PUBLIC_STATUSES, RegistryEntry.Status.DELISTED)
    ).first()


def registry_public_sources() -> QuerySet[RegistrySource]:
    """Sources shown publicly: never one that belongs to a correction still waiting (or rejected)."""
    return RegistrySource.objects.filter(
        Q(correction__isnull=True) | Q(correction__status=RegistryCorrection.Status.APPLIED)
    ).order_by("added_at", "id")


def registry_entry_sources_and_changes(entry: RegistryEntry) -> tuple[list, list]:
    return list(registry_public_sources().filter(entry=entry)), list(entry.changes.all())


def registry_correction_pending(entry: RegistryEntry) -> RegistryCorrection | None:
    return (
        RegistryCorrection.objects.filter(entry=entry, status=RegistryCorrection.Status.PENDING)
        .select_related("proposed_by")
        .first()
    )


def registry_correction_diff(correction: RegistryCorrection) -> dict:
    """What approving the correction changes, field by field (the public value now beside the proposed one),
    the sources it adds, and everyone who changed it: what an approver reads before deciding."""
    entry = correction.entry
    changes = []
    for name, new in correction.proposed.items():
        value = getattr(entry, name)
        old = "" if value is None else str(value)
        changes.append(
            {
                "field": name,
                "label": field_label(name),
                "old": old,
                "new": new,
                "old_display": shown_value(name, old),
                "new_display": shown_value(name, new),
            }
        )
    editors = []
    for edit in correction.edits.select_related("actor").order_by("at", "id"):
        if str(edit.actor) not in editors:
            editors.append(str(edit.actor))
    return {
        "id": correction.pk,
        "status": correction.status,
        "version": correction.version,
        "reason": correction.reason,
        "proposed_by": str(correction.proposed_by),
        "created_at": correction.created_at,
        "changes": changes,
        "sources": [{"id": s.id, "title": s.title} for s in correction.sources.order_by("added_at", "id")],
        "editors": editors,
    }


def registry_correction_changed_by(correction: RegistryCorrection, user) -> bool:
    return correction.proposed_by_id == user.pk or correction.edits.filter(actor=user).exists()


def registry_correction_preview(entry: RegistryEntry, correction: RegistryCorrection) -> RegistryEntry:
    """An unsaved copy of the entry as it would read once the correction is approved."""
    preview = RegistryEntry.objects.get(pk=entry.pk)
    for name, stored in correction.proposed.items():
        setattr(preview, name, typed_value(name, stored))
    return preview


def registry_editor_trail(entry: RegistryEntry) -> list[RegistryEdit]:
    return list(entry.edits.select_related("actor", "correction").order_by("at", "id"))


def registry_changed_by(entry: RegistryEntry, user) -> bool:
    """Whether `user` drafted or changed the entry's text before publication (then they may not approve it)."""
    return entry.created_by_id == user.pk or entry.edits.filter(correction__isnull=True, actor=user).exists()


def registry_export_rows(*, chunk_size: int, entries: QuerySet[RegistryEntry] | None = None):
    """Every published entry (or every one of `entries`) as a dict, in id order, by keyset pages: each query is
    `WHERE id > <last id seen> ORDER BY id LIMIT chunk_size`, so memory stays flat, every query is as cheap as the
    first at any depth, and no server-side cursor holds a connection between pages."""
    entries = (registry_public() if entries is None else entries).order_by("id")
    last = 0
    while True:
        chunk = list(entries.filter(id__gt=last).values("id", *EXPORT_FIELDS)[:chunk_size])
        for row in chunk:
            last = row.pop("id")
            yield row
        if len(chunk) < chunk_size:
            return


def registry_count_at_most(entries: QuerySet[RegistryEntry], limit: int) -> int:
    """How many rows `entries` has, counting no further than limit + 1 (`SELECT COUNT(*) FROM (... LIMIT n)`)."""
    return entries.order_by()[: limit + 1].count()


def registry_snapshot_current(file_format: str) -> RegistrySnapshot | None:
    """The newest built file of the whole registry in this format."""
    return RegistrySnapshot.objects.filter(format=file_format).order_by("-as_of", "-id").first()


def registry_snapshot_outdated(snapshot: RegistrySnapshot) -> bool:
    """Whether the registry took something back since the file was built (a correction, an appeal change, a
    delisting): such a file must not be served any more. A mere addition leaves it served until the next build."""
    return (
        RegistryChange.objects.filter(changed_at__gte=snapshot.as_of)
        .exclude(kind=RegistryChange.Kind.ADDITION)
        .exists()
    )


def registry_snapshots() -> QuerySet[RegistrySnapshot]:
    """Every file built so far, newest first: the record a journalist checks a copy against."""
    return RegistrySnapshot.objects.order_by("-as_of", "-id")


def registry_snapshot_builds_pending() -> QuerySet[RegistrySnapshotBuild]:
    return RegistrySnapshotBuild.objects.filter(state=RegistrySnapshotBuild.State.PENDING).order_by("id")


def registry_feed_changes(*, limit: int) -> list[RegistryChange]:
    """Additions, corrections and appeal changes of entries still public, plus delistings (which name only the id)."""
    return list(
        RegistryChange.objects.filter(Q(entry__status__in=PUBLIC_STATUSES) | Q(kind=RegistryChange.Kind.DELISTING))
        .select_related("entry")
        .order_by("-changed_at", "-id")[:limit]
    )


def registry_staff_entries(*, status: str = "") -> QuerySet[RegistryEntry]:
    entries = RegistryEntry.objects.select_related("created_by", "approved_by").order_by("-updated_at", "-id")
    return entries.filter(status=status) if status else entries


def publications_public(*, kind: str = "", language: str = "") -> QuerySet[Publication]:
    items = Publication.objects.filter(published_on__lte=timezone.localdate())
    if kind:
        items = items.filter(kind=kind)
    if language:
        items = items.filter(language=language)
    return items.order_by("-published_on", "-id")


def publication_by_slug(slug: str) -> Publication | None:
    return publications_public().filter(slug=slug).first()


def registry_source_document(source_id: int) -> RegistrySource | None:
    """A source with a stored file (a link-only source has nothing to download), with its entry."""
    return RegistrySource.objects.select_related("entry").exclude(file="").filter(id=source_id).first()
