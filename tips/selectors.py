"""Reads of the tips app."""

from __future__ import annotations

import contextlib
import functools
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone

from taskforce import content_files, roles
from taskforce.language import i18n_text, in_page_language, text_data
from taskforce.pagination import RowValue
from taskforce.vocabulary import ExploitationKind, Province

from . import conf
from .models import AccessLogEntry, Delivery, Hotline, RoutingRule, Tip, TipReminder, TipSeen
from .stats import PercentileCont, percentile_cont
from .stats import _waits as stats_waits

LIVE_DELIVERY_STATES = (Delivery.State.DELIVERED,)


def _active(hotlines) -> list[Hotline]:
    return [h for h in hotlines if h.is_active]


def _rules_for(*, province: str, kinds, city: str) -> dict[tuple[str, str], list[Hotline]]:
    """The active receivers of the province's rules for `kinds`, keyed by (kind, lower-case city or "")."""
    rules = RoutingRule.objects.filter(province=province, kind__in=list(kinds)).filter(
        Q(city="") | Q(city__iexact=city.strip())
    )
    return {(rule.kind, rule.city.lower()): _active(rule.hotlines.all()) for rule in rules.prefetch_related("hotlines")}


def _route(rules, *, kind: str, city: str, national) -> list[Hotline]:
    """City rules first, then province rules, then the national hotline(s) as the fallback."""
    city = city.strip().lower()
    return (city and rules.get((kind, city))) or rules.get((kind, "")) or national(kind)


def national_receivers(*, kind: str) -> list[Hotline]:
    return [
        h
        for h in Hotline.objects.filter(is_active=True, is_national=True).select_related("organization")
        if not h.kinds or kind in h.kind_codes
    ]


def _national(kind: str) -> list[Hotline]:
    return national_receivers(kind=kind)


def receivers_for(*, province: str, kind: str, city: str = "", nationals: list[Hotline] | None = None) -> list[Hotline]:
    """The active hotlines a tip of `kind` from `province`/`city` goes to.

    City rules first, then province rules, then the national hotline(s) as the fallback (`nationals`, when the
    caller read them already: national_receivers(kind=kind)).
    """
    city = city or ""
    rules = _rules_for(province=province, kinds=[kind], city=city)
    return _route(rules, kind=kind, city=city, national=_national if nationals is None else lambda _kind: nationals)


def hotlines_for_province(*, province: str, kinds, city: str = "") -> list[Hotline]:
    """Every active hotline a person in `province` can turn to for any of `kinds`: those a tip would be routed
    to first (the same rules as `receivers_for`), then every other hotline that serves the province and one of
    the kinds. "Not sure" (or no kind at all) means any kind. The number of queries does not grow with the data."""
    kinds = list(dict.fromkeys(kinds)) or [ExploitationKind.UNSURE]
    city = city or ""
    rules = _rules_for(province=province, kinds=kinds, city=city)
    national = functools.cache(_national)
    found: dict[int, Hotline] = {}
    for kind in kinds:
        for hotline in _route(rules, kind=kind, city=city, national=national):
            found.setdefault(hotline.pk, hotline)
    any_kind = ExploitationKind.UNSURE in kinds
    for hotline in hotlines_public(province=province):
        if any_kind or any(hotline.serves(province=province, kind=kind) for kind in kinds):
            found.setdefault(hotline.pk, hotline)
    return list(found.values())


def tip_receivers(tip: Tip) -> QuerySet[Hotline]:
    """The hotlines a tip is with now (re-routed ones left out): what the reporter is told."""
    live = Delivery.objects.filter(tip=tip, state__in=LIVE_DELIVERY_STATES)
    return Hotline.objects.filter(id__in=live.values("hotline_id")).order_by("-is_national", "name")


def hotlines_public(*, province: str | None = None, need: str | None = None) -> QuerySet[Hotline]:
    """Active hotlines for the public directory, optionally those serving a province and a kind of need."""
    qs = Hotline.objects.filter(is_active=True)
    if province:
        qs = qs.filter(Q(regions="") | Q(regions__contains=province))
    if need:
        qs = qs.filter(Q(kinds="") | Q(kinds__contains=need))
    return qs.order_by("-is_national", "name")


def hotline_directory(*, province: str = "", need: str = "") -> dict:
    """The context of the one hotline directory (tips/_hotline_directory.html): the filter's choices and the
    hotlines it selects. Values that are not a province or a kind are ignored, never an error."""
    province = province if province in Province.values else ""
    need = need if need in ExploitationKind.values else ""
    return {
        "hotlines": hotlines_public(province=province or None, need=need or None),
        "provinces": Province.choices,
        "needs": ExploitationKind.choices,
        "province": province,
        "need": need,
    }


def hotlines_all() -> QuerySet[Hotline]:
    return Hotline.objects.filter(is_active=True).order_by("name")


def handler_organization_ids(user) -> frozenset[int]:
    if not roles.has_role(user, roles.TIP_HANDLER):
        return frozenset()
    return roles.user_organization_ids(user)


def _tips_routed_to(hotlines) -> QuerySet[Tip]:
    routed = Delivery.objects.filter(hotline__in=hotlines, state__in=LIVE_DELIVERY_STATES)
    return Tip.objects.filter(id__in=routed.values("tip_id"))


def hotlines_handled(user) -> QuerySet[Hotline]:
    """The hotlines whose tips the user handles (tip handler of the hotline's organization)."""
    org_ids = handler_organization_ids(user)
    return Hotline.objects.filter(organization_id__in=org_ids) if org_ids else Hotline.objects.none()


def hotlines_coordinated(user) -> QuerySet[Hotline]:
    """The hotlines whose team the user runs (hotline coordinator of the hotline's organization). The task force
    coordinator oversees every hotline's statistics (not its tips): see access.hotlines_for_statistics."""
    if not roles.has_role(user, roles.HOTLINE_COORDINATOR):
        return Hotline.objects.none()
    return Hotline.objects.filter(organization_id__in=roles.user_organization_ids(user))


def tips_visible_to(user) -> QuerySet[Tip]:
    """Tips routed (and not re-routed away) to a hotline of one of the handler's organizations."""
    return _tips_routed_to(hotlines_handled(user))


# The inbox's order, each column descending: urgent tips nobody has opened first, then the newest; the id makes it
# a total order, so that no tip falls between two pages (tips_tip_inbox_urgent_order is this order).
INBOX_ORDER = ("urgent_waiting", "created_at", "id")
# What the inbox list shows of a tip: nothing else is read, and no encrypted field is read (so none is decrypted).
INBOX_COLUMNS = (
    "reference",
    "status",
    "kind",
    "province",
    "language",
    "danger_now",
    "urgent_waiting",
    "created_at",
    "assigned_to__full_name",
    "assigned_to__email",
)


def tips_inbox(*, user, status: str = "", kind: str = "", province: str = "") -> QuerySet[Tip]:
    """The handler's tips in the inbox's order (INBOX_ORDER), with only the columns the list shows; each says
    whether the reporter wrote since this handler last looked (`unread`). PostgreSQL reads them in the order of the `tips_tip_inbox_*` indexes and stops at the page
    (`inbox_page`). The hotlines are named by id, not by a join on their organization: with the ids PostgreSQL
    estimates from the deliveries' statistics how many tips are the handler's, and so walks the index instead of
    sorting all of them."""
    qs = _tips_routed_to(list(hotlines_handled(user).values_list("id", flat=True)))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    return (
        qs.select_related("assigned_to")
        .only(*INBOX_COLUMNS)
        .annotate(unread=_unread(user))
        .order_by(*(f"-{name}" for name in INBOX_ORDER))
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_CURSOR = re.compile(r"([01])-(\d{1,17})-(\d{1,18})")


@dataclass(frozen=True)
class InboxCursor:
    """A tip at the edge of an inbox page, by its place in INBOX_ORDER, as a link writes it: `<urgent 1 or
    0>-<microseconds since 1970 UTC>-<id>`. Exact (no rounding of the time), so that tips received in the same
    second, or the same microsecond, are neither skipped nor shown twice."""

    urgent: bool
    created_at: datetime
    id: int

    @classmethod
    def of(cls, tip: Tip) -> InboxCursor:
        return cls(urgent=tip.urgent_waiting, created_at=tip.created_at, id=tip.id)

    @classmethod
    def parse(cls, text: str) -> InboxCursor:
        """ValueError for anything a link of the inbox never carries."""
        found = _CURSOR.fullmatch(text)
        if found is None:
            raise ValueError(text)
        urgent, micros, tip_id = found.groups()
        return cls(urgent=urgent == "1", created_at=_EPOCH + int(micros) * _MICROSECOND, id=int(tip_id))

    def __str__(self) -> str:
        return f"{int(self.urgent)}-{(self.created_at - _EPOCH) // _MICROSECOND}-{self.id}"

    @property
    def key(self) -> tuple:
        return (self.urgent, self.created_at, self.id)


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox; `newer` and `older` are where the pages before and after it start (None: none);
    `count` is how many tips match in all, counted up to the limit + 1 (more than the limit: "more than")."""

    tips: list[Tip]
    newer: InboxCursor | None
    older: InboxCursor | None
    count: int


def inbox_page(
    tips: QuerySet[Tip],
    *,
    size: int,
    count_limit: int,
    after: InboxCursor | None = None,
    before: InboxCursor | None = None,
) -> InboxPage:
    """The `size` tips of `tips` (tips_inbox) that follow `after` or precede `before` in INBOX_ORDER, or the first
    ones, and how many match in all (up to `count_limit` + 1), in one query. Each page is one walk of the index
    from its edge (a row comparison the index answers), never an OFFSET: the thousandth page costs what the first
    does. The count is a subquery the database runs once for the page, not a round trip of its own."""
    counted = Tip.objects.filter(id__in=tips.order_by().values("id")[: count_limit + 1]).order_by()
    tips = tips.annotate(matching=Subquery(counted.annotate(n=Func(F("id"), function="COUNT")).values("n")))
    columns = RowValue(*INBOX_ORDER)
    if before is not None:
        edge = RowValue(*map(Value, before.key))
        found = list(tips.filter(GreaterThan(columns, edge)).order_by(*INBOX_ORDER)[: size + 1])
        page = found[:size][::-1]
        newer = InboxCursor.of(page[0]) if len(found) > size else None
        older = InboxCursor.of(page[-1]) if page else None
    else:
        edge = RowValue(*map(Value, after.key)) if after else None
        found = list((tips.filter(LessThan(columns, edge)) if after else tips)[: size + 1])
        page = found[:size]
        newer = InboxCursor.of(page[0]) if after is not None and page else None
        older = InboxCursor.of(page[-1]) if len(found) > size else None
    return InboxPage(tips=page, newer=newer, older=older, count=found[0].matching if found else 0)


def tips_hotline_names(tips) -> dict[int, list[str]]:
    """tip id -> the names of the hotlines each of `tips` is with now (re-routed ones left out), in one query."""
    names: dict[int, list[str]] = {tip.id: [] for tip in tips}
    live = Delivery.objects.filter(tip_id__in=names, state__in=LIVE_DELIVERY_STATES).order_by("id")
    for tip_id, name in live.values_list("tip_id", "hotline__name"):
        names[tip_id].append(in_page_language(name))
    return names


def _unread(user) -> Q:
    """The reporter wrote and this handler has not looked since (or never looked)."""
    seen_since = TipSeen.objects.filter(tip=OuterRef("pk"), user=user, seen_at__gte=OuterRef("reporter_activity_at"))
    return Q(reporter_activity_at__isnull=False) & ~Exists(seen_since)


UNREAD_COUNT_LIMIT = 99  # the staff menu says "99+" beyond it; the count never reads more rows
_UNREAD_COUNT_KEY = "tips:unread-count:{}"
# Set anew whenever a reporter writes: every handler's kept count is then counted again.
_REPORTER_ACTIVITY_KEY = "tips:reporter-activity"


def tips_unread_count(user) -> int:
    """How many of the handler's tips have reporter activity they have not seen, counted up to
    UNREAD_COUNT_LIMIT + 1 in one query (0 without a query for anyone who is not a tip handler). Shown on every
    staff page, so the number is kept in the cache for conf.unread_count_seconds() (a number only, nothing of a
    tip) and counted again as soon as a reporter writes or the handler opens a tip (`unread_counts_changed`);
    with the cache out of reach it is counted every time."""
    if not handler_organization_ids(user):
        return 0
    key = _UNREAD_COUNT_KEY.format(user.pk)
    try:
        kept = cache.get_many([key, _REPORTER_ACTIVITY_KEY])
    except Exception:  # noqa: BLE001 -- a cache that is down costs a query, never the page
        kept = None
    activity = (kept or {}).get(_REPORTER_ACTIVITY_KEY, 0)
    stored = (kept or {}).get(key)
    if stored is not None and stored[0] == activity:
        return stored[1]
    tips = _tips_routed_to(hotlines_handled(user).values("id")).filter(_unread(user)).order_by()
    # Their ids, at most the limit + 1 of them: cheaper than a COUNT around a LIMIT.
    count = len(tips.values_list("id", flat=True)[: UNREAD_COUNT_LIMIT + 1])
    if kept is not None:
        with contextlib.suppress(Exception):
            cache.set(key, (activity, count), conf.unread_count_seconds())
    return count


def unread_counts_changed(*, handler=None) -> None:
    """Count the menu's unread tips again: a handler's own (they opened a tip), or everyone's (a reporter wrote, a
    tip moved to another hotline).
    The services call it at once and again after the commit, so no count read in between is kept."""

    def forget():
        with contextlib.suppress(Exception):
            if handler is not None:
                cache.delete(_UNREAD_COUNT_KEY.format(handler.pk))
            else:
                cache.set(_REPORTER_ACTIVITY_KEY, time.time_ns(), None)

    forget()
    transaction.on_commit(forget)


def tip_by_receipt_hash(receipt_hash: str) -> Tip | None:
    return Tip.objects.filter(receipt_hash=receipt_hash).first()


def tip_thread(tip: Tip, *, include_notes: bool):
    qs = tip.messages.select_related("author")
    return qs if include_notes else qs.exclude(kind="note")


def hotlines_reference() -> list[Hotline]:
    """The hotlines of the reference data, without touching the database: what the 503 page lists while the
    database is out of reach. The same records the seed loads, so the page never needs editing by hand."""
    from .reference import HOTLINES  # noqa: PLC0415 -- the reference data imports this app's services

    fields = {field.name for field in Hotline._meta.concrete_fields}
    texts = content_files.read("hotlines.yaml").data
    hotlines = [
        Hotline(
            **{key: value for key, value in data.items() if key in fields},
            **{
                name: i18n_text(texts.get(data["slug"], {}).get(name) or {})
                for name in ("name", "hours", "description")
            },
        )
        for data in HOTLINES
    ]
    return sorted(hotlines, key=lambda hotline: (not hotline.is_national, str(hotline.name)))


# ----- reminders and stale tips (tips/reminders.py) ----------------------------------------------------------


def tip_hotlines_of(user, tip: Tip) -> QuerySet[Hotline]:
    """The user's hotlines (as a handler) that the tip is with now."""
    live = Delivery.objects.filter(tip=tip, state__in=LIVE_DELIVERY_STATES)
    return hotlines_handled(user).filter(id__in=live.values("hotline_id")).order_by("name")


def tip_reminders_for(user, tip: Tip) -> QuerySet:
    """The tip's reminders set for the user's hotlines: a handler of another hotline the tip is with sees none."""
    return tip.reminders.filter(hotline__in=hotlines_handled(user)).select_related("created_by", "hotline")


def tips_stale(*, user, days: int) -> QuerySet[Tip]:
    """Open tips of the handler's hotlines without activity for `days` days, the longest waiting first."""
    cutoff = timezone.now() - timedelta(days=days)
    qs = _tips_routed_to(list(hotlines_handled(user).values_list("id", flat=True)))
    return (
        qs.exclude(status=Tip.Status.CLOSED)
        .filter(last_activity_at__lt=cutoff)
        .select_related("assigned_to")
        .defer("what_happened", "people_description", "contact_preference", "place", "when", "city")
        .order_by("last_activity_at", "id")
    )


# Entries about one hotline's handling (its escalations, its reminders) name that hotline first ("<slug>: ..."):
# a handler of another hotline the tip is also with does not see them.
HOTLINE_SCOPED_ACTIONS = (
    AccessLogEntry.Action.ESCALATED,
    AccessLogEntry.Action.REMINDER_SET,
    AccessLogEntry.Action.REMINDER_SENT,
)


def tip_log(user, tip: Tip) -> QuerySet[AccessLogEntry]:
    """The tip's access log as the handler sees it: everything but other hotlines' escalations and reminders."""
    visible = ~Q(action__in=HOTLINE_SCOPED_ACTIONS)
    for slug in hotlines_handled(user).values_list("slug", flat=True):
        visible |= Q(detail__startswith=f"{slug}:")
    return tip.access_log.filter(visible).select_related("actor")


# ----- the handler's workspace (taskforce/workspace.py) ---------------------------------------------------------

WORKSPACE_COUNT_LIMIT = 99  # as the unread count: "99+" beyond it, never more rows read
REMINDER_LOOKBACK_DAYS = 7  # a follow-up date passed this week still waits on the workspace


@dataclass(frozen=True)
class TipsWaiting:
    """What waits for a tip handler, as the inbox shows it (reference, kind, due time), never a tip's text:
    `to_open` the first tips of their hotlines nobody of the hotline opened yet (urgent first, then the earliest
    due), each as a dict (id, reference, kind, urgent, danger_now, due_at); `reminders` the follow-up dates set on
    their open tips (id, tip_id, reference, remind_on), earliest first; the counts go up to WORKSPACE_COUNT_LIMIT
    + 1."""

    to_open: list[dict]
    to_open_count: int
    reminders: list[dict]
    reminders_count: int


def _count_up_to(queryset) -> int:
    return len(queryset.order_by().values_list("id", flat=True)[: WORKSPACE_COUNT_LIMIT + 1])


def delivery_open_by():
    """When a delivery must be opened by: its delivery time plus its hotline's time (`open_within_urgent` for
    "someone is in danger now", `open_within` otherwise). The escalation's clock (tips/escalation.py), written once
    for every query that needs it."""
    within = Case(
        When(tip__danger_now=True, then=F("hotline__open_within_urgent")),
        default=F("hotline__open_within"),
        output_field=DurationField(),
    )
    return ExpressionWrapper(F("delivered_at") + within, output_field=DateTimeField())


def tips_waiting(user, *, size: int, today=None) -> TipsWaiting:
    """The tip handler's workspace: five queries whatever the number of tips (the hotlines, then a list and a count
    each of the tips to open and of the reminders). A tip is due to be opened by its hotline's time
    (`open_within_urgent` for "someone is in danger now", `open_within` otherwise) after it was delivered there,
    the escalation's clock (tips/escalation.py)."""
    today = today or timezone.localdate()
    hotline_ids = list(hotlines_handled(user).values_list("id", flat=True))
    if not hotline_ids:
        return TipsWaiting(to_open=[], to_open_count=0, reminders=[], reminders_count=0)
    waiting = Delivery.objects.filter(
        hotline_id__in=hotline_ids,
        state__in=LIVE_DELIVERY_STATES,
        opened_at__isnull=True,
        delivered_at__isnull=False,
    )
    earliest_due = (
        waiting.filter(tip_id=OuterRef("pk")).annotate(due=delivery_open_by()).order_by("due").values("due")[:1]
    )
    to_open = Tip.objects.exclude(status=Tip.Status.CLOSED).filter(id__in=waiting.values("tip_id"))
    rows = (
        to_open.annotate(due_at=Subquery(earliest_due, output_field=DateTimeField()))
        .order_by("-urgent_waiting", "due_at", "id")
        .values("id", "reference", "kind", "urgent_waiting", "danger_now", "due_at")[:size]
    )
    reminders = TipReminder.objects.filter(
        hotline_id__in=hotline_ids, remind_on__gte=today - timedelta(days=REMINDER_LOOKBACK_DAYS)
    ).exclude(tip__status=Tip.Status.CLOSED)
    reminder_rows = reminders.order_by("remind_on", "id").values("id", "tip_id", "tip__reference", "remind_on")
    return TipsWaiting(
        to_open=list(rows),
        to_open_count=_count_up_to(to_open),
        reminders=[
            {"id": r["id"], "tip_id": r["tip_id"], "reference": r["tip__reference"], "remind_on": r["remind_on"]}
            for r in reminder_rows[:size]
        ],
        reminders_count=_count_up_to(reminders),
    )


# ----- public statistics (opendata/stats.py) -------------------------------------------------------------------


def tip_counts_by_month(*, before) -> list[dict]:
    """Tips received before `before`, counted by month (its first day, in the portal's time zone), province, kind
    and source, in one grouped query: structured columns only, never a tip's text."""
    return list(
        Tip.objects.filter(created_at__lt=before)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "province", "kind", "source")
        .annotate(n=Count("id"))
        .order_by()
    )


def hotline_waits_by_month(*, before) -> list[dict]:
    """Each hotline's deliveries before `before`, by month of delivery: how many, and the median hours to the
    hotline's first opening and to the tip's first reply, and how many openings and replies each median is of (replies before the delivery left out, as in tips/stats.py).
    One query whatever the number of tips: PostgreSQL's percentile_cont grouped by month and hotline; elsewhere
    (SQLite) the timestamps in one query and the same interpolation here."""
    deliveries = Delivery.objects.filter(delivered_at__isnull=False, delivered_at__lt=before)
    to_open, to_reply = stats_waits()
    # The hotline's name is a translated text (a JSON column, grouped as it is stored): given as {code: text}.
    grouped = ("month", "hotline__slug", "hotline__name")
    if connections[deliveries.db].vendor == "postgresql":
        rows = (
            deliveries.annotate(month=TruncMonth("delivered_at"))
            .values(*grouped)
            .annotate(
                n=Count("tip_id", distinct=True),
                opened=Count("opened_at"),
                replied=Count(to_reply),
                to_open=PercentileCont(to_open, 0.5, output_field=DurationField()),
                to_reply=PercentileCont(to_reply, 0.5, output_field=DurationField()),
            )
            .order_by()
        )
        return [{**row, "hotline__name": text_data(row["hotline__name"])} for row in rows]
    found: dict[tuple, dict] = {}
    waits = deliveries.annotate(month=TruncMonth("delivered_at")).values_list(
        *grouped, "tip_id", "delivered_at", "opened_at", "tip__first_replied_at"
    )
    for month, slug, name, tip_id, delivered, opened, replied in waits:
        group = found.setdefault((month, slug), {"name": text_data(name), "tips": set(), "opens": [], "replies": []})
        group["tips"].add(tip_id)
        if opened is not None:
            group["opens"].append(opened - delivered)
        if replied is not None and replied >= delivered:
            group["replies"].append(replied - delivered)
    return [
        {
            **dict(zip(grouped, (*key, group["name"]), strict=True)),
            "n": len(group["tips"]),
            "opened": len(group["opens"]),
            "replied": len(group["replies"]),
            "to_open": percentile_cont(sorted(group["opens"]), 0.5),
            "to_reply": percentile_cont(sorted(group["replies"]), 0.5),
        }
        for key, group in found.items()
    ]


TIP_SOURCE_ASSESSMENT = Tip.Source.ASSESSMENT  # a referral made from an assessment is a tip from this source


def tip_source_choices() -> list[tuple[str, str]]:
    return list(Tip.Source.choices)
