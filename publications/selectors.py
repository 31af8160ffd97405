"""Reads of the publications app. Everything public goes through `registry_public()`, so a delisted entry
disappears from the list, search, downloads, feed and API in the same instant."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .models import PUBLIC_FIELDS, PUBLIC_STATUSES, Publication, RegistryChange, RegistryEntry, RegistrySource
from .text import search_key

EXPORT_FIELDS = PUBLIC_FIELDS


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


def registry_entry_by_public_id(public_id: str) -> RegistryEntry | None:
    """The entry whether public or delisted (its notice page); drafts are not found."""
    return RegistryEntry.objects.filter(
        public_id=public_id, status__in=(*PUBLIC_STATUSES, RegistryEntry.Status.DELISTED)
    ).first()


def registry_entry_sources_and_changes(entry: RegistryEntry) -> tuple[list, list]:
    return list(entry.sources.all()), list(entry.changes.all())


def registry_export_rows(*, chunk_size: int):
    """Every published entry as a dict, fetched in chunks so memory stays flat however large the registry."""
    return registry_public().order_by("id").values(*EXPORT_FIELDS).iterator(chunk_size=chunk_size)


def registry_cities() -> list[str]:
    return list(registry_public().order_by("city").values_list("city", flat=True).distinct())


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
