"""Reads of the publications app. Everything public goes through `registry_public()`, so a delisted entry
disappears from the list, search, downloads, feed and API in the same instant."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from . import conf
from .models import (
    PUBLIC_FIELDS,
    PUBLIC_FIELDS_ADDED,
    PUBLIC_STATUSES,
    Industry,
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
from .names import normalize_name
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
    found = Q(search_text__contains=key)
    # "Acme Limited" finds "Acme Ltd." and "ACME Ltée": the legal forms written one way (publications/names.py).
    norm = normalize_name(q)
    if norm and norm != key:
        found |= Q(name_norm__contains=norm)
        exact |= _line_equals("name_norm", norm)
    return (
        entries.filter(found)
        .annotate(rank=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("rank", "legal_name", "id")
    )


def _line_equals(column: str, value: str) -> Q:
    """`value` is one whole line of the multi-line `column`."""
    return (
        Q(**{column: value})
        | Q(**{f"{column}__startswith": f"{value}\n"})
        | Q(**{f"{column}__endswith": f"\n{value}"})
        | Q(**{f"{column}__contains": f"\n{value}\n"})
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


def _count_figures() -> dict:
    entries = registry_public().order_by()
    by_industry = dict(entries.values("industry").annotate(n=Count("id")).values_list("industry", "n"))
    # An entry published before the date was kept (none in practice) is in the industries but not in a year.
    by_year = (
        entries.filter(published_at__isnull=False)
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
        .values_list("year", "n")
    )
    return {"by_industry": by_industry, "by_year": list(by_year), "as_of": timezone.now()}


def registry_figures() -> dict:
    """The public registry in figures: how many entries per industry (`by_industry`: {code: count}) and per year
    they were published (`by_year`: [(year, count)], oldest first), counting the entries the list shows (published,
    corrected or under appeal; never a draft, one in review or a delisted one), and when they were counted
    (`as_of`). Counts only, the same for every reader: kept in the cache for REGISTRY_FIGURES_SECONDS."""
    key = "publications:registry-figures"
    try:
        figures = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down: count for this request
        figures = None
    if figures is None:
        figures = _count_figures()
        with suppress(Exception):  # a cache that is down: the next request counts again
            cache.set(key, figures, conf.registry_figures_seconds())
    return figures


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


def registry_delta_rows(*, since, until, chunk_size: int):
    """What changed in the registry between two builds, from its change log (indexed by date), never by comparing
    two files: ("ADD", row) for an entry published in the window, ("MOD", row) for one corrected or whose appeal
    status changed, ("DEL", {"public_id", "delisted_at"}) for one delisted. Entry rows by chunks of ids."""
    window = RegistryChange.objects.filter(changed_at__gte=since, changed_at__lt=until)
    changed = sorted(set(window.values_list("entry_id", flat=True)))
    added = set(window.filter(kind=RegistryChange.Kind.ADDITION).values_list("entry_id", flat=True))
    for start in range(0, len(changed), chunk_size):
        ids = changed[start : start + chunk_size]
        rows = RegistryEntry.objects.filter(id__in=ids).order_by("id").values("id", "delisted_at", *EXPORT_FIELDS)
        for row in rows:
            entry_id = row.pop("id")
            if row["status"] == RegistryEntry.Status.DELISTED:
                yield "DEL", {"public_id": row["public_id"], "delisted_at": row["delisted_at"]}
            elif row["status"] in PUBLIC_STATUSES:
                row.pop("delisted_at")
                yield ("ADD" if entry_id in added else "MOD"), row


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


def registry_delta_is_current(delta: RegistrySnapshot) -> bool:
    """Whether the delta file belongs to the newest FollowTheMoney file (the same build)."""
    newest = registry_snapshot_current(RegistrySnapshot.Format.FTM)
    return newest is not None and newest.build_id == delta.build_id


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


@dataclass(frozen=True)
class RegistryWaiting:
    """The workspace's registry part, each list the oldest waiting first with its count: `drafts` the editor's
    own drafts to send to legal review; `to_approve` entries in legal review, `to_publish` approved entries and
    `corrections` proposed corrections, each left out for an approver who drafted or changed it (they may not
    approve it: services._refuse_self_approval)."""

    drafts: list[RegistryEntry] = field(default_factory=list)
    drafts_count: int = 0
    to_approve: list[RegistryEntry] = field(default_factory=list)
    to_approve_count: int = 0
    to_publish: list[RegistryEntry] = field(default_factory=list)
    to_publish_count: int = 0
    corrections: list[RegistryCorrection] = field(default_factory=list)
    corrections_count: int = 0


def registry_waiting(user, *, editor: bool, approver: bool, size: int) -> RegistryWaiting:
    """What waits for a registry editor (`editor`) and approver (`approver`): at most two queries per list (the
    rows and their count), whatever the size of the registry."""
    found = RegistryWaiting()
    entries = RegistryEntry.objects.order_by("updated_at", "id")
    if editor:
        drafts = entries.filter(status=RegistryEntry.Status.DRAFT, created_by=user)
        found = replace(found, drafts=list(drafts[:size]), drafts_count=drafts.count())
    if approver:
        changed = RegistryEdit.objects.filter(entry_id=OuterRef("pk"), correction__isnull=True, actor=user)
        not_theirs = entries.exclude(created_by=user).exclude(Exists(changed))
        to_approve = not_theirs.filter(status=RegistryEntry.Status.LEGAL_REVIEW)
        to_publish = not_theirs.filter(status=RegistryEntry.Status.APPROVED).order_by(
            F("notified_on").asc(nulls_last=True), "id"
        )
        proposed = RegistryEdit.objects.filter(correction_id=OuterRef("pk"), actor=user)
        corrections = (
            RegistryCorrection.objects.filter(status=RegistryCorrection.Status.PENDING)
            .exclude(proposed_by=user)
            .exclude(Exists(proposed))
            .select_related("entry")
            .order_by("created_at", "id")
        )
        found = replace(
            found,
            to_approve=list(to_approve[:size]),
            to_approve_count=to_approve.count(),
            to_publish=list(to_publish[:size]),
            to_publish_count=to_publish.count(),
            corrections=list(corrections[:size]),
            corrections_count=corrections.count(),
        )
    return found


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


# ----- public statistics (opendata/stats.py) -------------------------------------------------------------------

# The statuses counted in public: published entries and delistings. Drafts and entries in review are not counted
# (a count of pending decisions by industry could warn a business before it is notified).
STATISTICS_STATUSES = (*PUBLIC_STATUSES, RegistryEntry.Status.DELISTED)


def registry_counts_by_industry_status() -> list[dict]:
    """Real (not fictional) entries published or delisted, counted by industry and status, in one grouped query."""
    return list(
        RegistryEntry.objects.filter(status__in=STATISTICS_STATUSES, is_fictional=False)
        .values("industry", "status")
        .annotate(n=Count("id"))
        .order_by()
    )


def registry_statistics_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The industries and the statuses the statistics count, with their labels, in the models' order."""
    statuses = [(code, label) for code, label in RegistryEntry.Status.choices if code in STATISTICS_STATUSES]
    return list(Industry.choices), statuses


# ----- the matcher (/api/registry/match): a bounded pool of candidates, scored by publications/matching.py -----

MATCH_COLUMNS = ("id", "public_id", "legal_name", "aliases", "address", "city", "province", "status", "delisted_at",
                 "business_number", "corporate_registry_number", "name_norm", "is_fictional")  # fmt: skip


def registry_match_candidates(
    *, norm: str, core: str, business_number: str, corporate_registry_number: str, include_delisted: bool, pool: int
) -> list[dict]:
    """At most a few `pool`-sized queries, each answered from an index, whatever the registry's size: entries
    whose identifier equals the one given (the Business Number by its nine digits, any program account), and
    entries whose normalized names are near the name given (PostgreSQL: the trigram index, `<%`; elsewhere a
    bounded search for the name, then for the beginnings of its longest words). Published entries only, and
    delisted ones when asked; never a draft."""
    statuses = (*PUBLIC_STATUSES, RegistryEntry.Status.DELISTED) if include_delisted else PUBLIC_STATUSES
    base = RegistryEntry.objects.filter(status__in=statuses)
    queries = []
    if business_number:
        root = business_number[:9]  # an index range: the same business under any program account
        queries.append(base.filter(business_number__gte=root, business_number__lte=f"{root}ZZ9999"))
    if corporate_registry_number:
        queries.append(base.filter(corporate_registry_number=corporate_registry_number))
    if core:
        queries.extend(_name_candidates(base, norm, core))
    found: dict[int, dict] = {}
    for query in queries:
        ordered = query if query.query.order_by else query.order_by("id")
        for row in ordered.values(*MATCH_COLUMNS)[:pool]:
            found.setdefault(row["id"], row)
    return list(found.values())


def _name_candidates(base: QuerySet, norm: str, core: str) -> list[QuerySet]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramWordSimilar  # noqa: PLC0415 -- PostgreSQL only
        from django.contrib.postgres.search import TrigramWordDistance  # noqa: PLC0415 -- PostgreSQL only

        near = base.filter(TrigramWordSimilar(F("name_norm"), Value(core)))
        return [near.order_by(TrigramWordDistance(Value(core), "name_norm"), "id")]
    words = sorted(set(core.split()), key=len, reverse=True)[:3]
    prefixes = Q()
    for word in words:
        prefixes |= Q(name_norm__contains=word[:4])
    return [
        base.filter(_line_equals("name_norm", norm)),
        base.filter(name_norm__contains=core),
        base.filter(prefixes),
    ]
