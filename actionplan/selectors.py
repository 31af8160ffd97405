"""Reads of the action plan tracker. Every public read runs a fixed number of queries, whatever the data size."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from taskforce import roles
from taskforce.models import User
from taskforce.selectors import users_with_role

from .models import (
    ActionItem,
    Evaluation,
    Evidence,
    Indicator,
    IndicatorValue,
    Milestone,
    Plan,
    ProgressReport,
    ReportingPeriod,
    Status,
    StatusUpdate,
)


def plan_current() -> Plan | None:
    return Plan.objects.order_by("-is_current", "id").first()


def plan_by_slug(slug: str) -> Plan | None:
    return Plan.objects.filter(slug=slug).first()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the portal's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)) - dt.timedelta(
        microseconds=1
    )


@dataclass
class ItemState:
    """An item as shown at a moment: its own status, its progress (rolled up from sub-actions) and sub-actions.
    As of a past date, an item with no update recorded by then has no data (status and progress None)."""

    item: ActionItem
    status: str | None
    own_progress: int | None
    sub_items: list[ItemState] = field(default_factory=list)

    @property
    def progress(self) -> int | None:
        """Rolled up (by weight) from the sub-actions that have data; None when none has."""
        known = [s for s in self.sub_items if s.progress is not None]
        if not known:
            return None if self.sub_items and self.own_progress is None else self.own_progress
        total_weight = sum(s.item.weight for s in known)
        return round(sum(s.progress * s.item.weight for s in known) / total_weight)

    @property
    def has_data(self) -> bool:
        return self.status is not None or self.progress is not None

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status else ""

    @property
    def number(self) -> str:
        return self.item.display_number


@dataclass
class PlanState:
    plan: Plan
    as_of: dt.date | None
    items: list[ItemState]
    last_update: dt.datetime | None

    @property
    def reflects_date(self) -> dt.date | None:
        return timezone.localdate(self.last_update) if self.last_update else None


def _items_of_plan(plan: Plan) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(plan=plan)
        .select_related("lead_organization", "plan")
        .prefetch_related("partners")
        .order_by("number", "id")
    )


def _tree(items: list[ActionItem], states: dict[int, tuple[str, int]]) -> list[ItemState]:
    by_id = {item.id: ItemState(item, *states[item.id]) for item in items}
    top = []
    for item in items:
        if item.parent_id in by_id:
            item.parent = by_id[item.parent_id].item  # no extra query for display_number
            by_id[item.parent_id].sub_items.append(by_id[item.id])
        elif item.parent_id is None:
            top.append(by_id[item.id])
    return top


def _states_as_of(items: list[ActionItem], cutoff: dt.datetime) -> tuple[dict, dt.datetime | None]:
    """Each item's status and progress at `cutoff` from what was known then: its last history entry up to
    `cutoff`. An item with no entry by then had no data yet: (None, None), never today's values nor what a later
    entry says it was."""
    history = StatusUpdate.objects.filter(item__in=[i.id for i in items], created_at__lte=cutoff)
    before: dict[int, StatusUpdate] = {}
    last = None
    for entry in history.order_by("created_at", "id").only("item_id", "created_at", "new_status", "new_progress"):
        before[entry.item_id] = entry
        last = entry.created_at
    states = {}
    for item in items:
        entry = before.get(item.id)
        states[item.id] = (entry.new_status, entry.new_progress) if entry else (None, None)
    return states, last


def plan_state(plan: Plan, *, as_of: dt.date | None = None) -> PlanState:
    """The whole plan now, or as it stood at the end of `as_of` (items created later are left out)."""
    items = _items_of_plan(plan)
    if as_of is None:
        states = {item.id: (item.status, item.progress) for item in items}
        last = StatusUpdate.objects.filter(item__plan=plan).aggregate(last=Max("created_at"))["last"]
    else:
        cutoff = end_of_day(as_of)
        items = [item for item in items if item.created_at <= cutoff]
        states, last = _states_as_of(items, cutoff)
    return PlanState(plan=plan, as_of=as_of, items=_tree(items, states), last_update=last)


@dataclass
class StatusCount:
    status: str  # a Status value, or "" for the actions with no data yet (a past date)
    label: str
    count: int


def plan_status_counts(state: PlanState) -> list[StatusCount]:
    """How many of the plan's actions (the top-level ones, as the plan numbers them) are in each status, in the
    statuses' order, every status shown even at 0; the actions with no data yet at a past date as one more row.
    Counted from the state the page already has: no query."""
    counts = Counter(row.status or "" for row in state.items)
    rows = [StatusCount(status.value, str(status.label), counts.get(status.value, 0)) for status in Status]
    if counts.get(""):
        rows.append(StatusCount("", _("No data yet"), counts[""]))
    return rows


def item_by_slug(slug: str) -> ActionItem | None:
    return ActionItem.objects.select_related("plan", "lead_organization", "parent").filter(slug=slug).first()


def item_by_key(key: str) -> ActionItem | None:
    """An item by its number in the current plan (top-level items) or by its short name."""
    items = ActionItem.objects.select_related("plan", "lead_organization", "parent")
    if key.isdigit():
        plan = plan_current()
        if plan is None or int(key) > 32767:
            return None
        return items.filter(plan=plan, parent=None, number=int(key)).first()
    return item_by_slug(key)


def item_detail(key: str) -> ActionItem | None:
    """One item with its partners, sub-actions and milestones, in a fixed number of queries (its history is read
    apart, bounded: item_recent_activity, item_history)."""
    item = item_by_key(key)
    if item is None:
        return None
    prefetch_related_objects(
        [item],
        "partners",
        Prefetch("children", queryset=ActionItem.objects.select_related("lead_organization").order_by("number")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")),
    )
    for child in item.children.all():
        child.parent = item
    return item


def item_history(item: ActionItem, *, with_evidence: bool = False) -> QuerySet[StatusUpdate]:
    """An item's whole history, newest first, to be paged (its history page, the API)."""
    history = StatusUpdate.objects.filter(item=item).select_related("organization").order_by("-created_at", "-id")
    return history.prefetch_related("evidence") if with_evidence else history


@dataclass
class RecentActivity:
    """What an item's page shows of its history: the latest updates (newest first) with their evidence, the
    latest evidence, and whether there is more (then the page links to the history). Fixed size, fixed queries."""

    updates: list[StatusUpdate]
    evidence: list[Evidence]
    more_updates: bool
    more_evidence: bool


def item_recent_activity(item: ActionItem, *, limit: int, as_of: dt.date | None = None) -> RecentActivity:
    """The latest updates and evidence, or the latest known at the end of `as_of`."""
    history = item_history(item, with_evidence=True)
    evidence = Evidence.objects.filter(item=item)
    if as_of is not None:
        history = history.filter(created_at__lte=end_of_day(as_of))
        evidence = evidence.filter(added_at__lte=end_of_day(as_of))
    updates = list(history[: limit + 1])
    evidence = list(evidence.order_by("-added_at", "-id")[: limit + 1])
    return RecentActivity(
        updates=updates[:limit],
        evidence=evidence[:limit],
        more_updates=len(updates) > limit,
        more_evidence=len(evidence) > limit,
    )


def item_state(item: ActionItem, *, as_of: dt.date | None = None) -> ItemState:
    """The item as the public sees it now, or as it stood at the end of `as_of` from what was known then (no data
    when nothing had been recorded): its status, and its progress rolled up by weight from its sub-actions. As of
    a date, one query for the item and its sub-actions."""
    children = list(item.children.all())
    family = [item, *children]
    if as_of is None:
        states = {member.id: (member.status, member.progress) for member in family}
    else:
        states, _last = _states_as_of(family, end_of_day(as_of))
    return ItemState(item, *states[item.id], sub_items=[ItemState(child, *states[child.id]) for child in children])


def items_updatable_by(user) -> list[ItemState]:
    """The items the signed-in user may post updates on, in plan order (1, 2, … 4, 4.1, 4.2, 5), each as the
    public page shows it now (a parent's progress rolled up from its sub-actions): the plans' items in two
    queries and the user's items in one."""
    if roles.is_coordinator(user):
        mine = ActionItem.objects.all()
    elif roles.has_role(user, roles.MEMBER):
        organizations = roles.user_organization_ids(user)
        mine = ActionItem.objects.filter(Q(lead_organization__in=organizations) | Q(partners__in=organizations))
    else:
        return []
    ids = set(mine.values_list("id", flat=True))
    if not ids:
        return []
    items = list(
        ActionItem.objects.filter(plan__in=ActionItem.objects.filter(id__in=ids).values("plan_id"))
        .select_related("lead_organization", "plan")
        .prefetch_related("partners")
        .order_by("plan_id", "number", "id")
    )
    states = {item.id: (item.status, item.progress) for item in items}
    in_order = []
    for state in _tree(items, states):
        in_order += [s for s in (state, *state.sub_items) if s.item.id in ids]
    return in_order


def items_for_api(
    *, recent_updates: int, plan: str = "", status: str = "", organization: str = ""
) -> QuerySet[ActionItem]:
    """Items with their latest `recent_updates` history entries each (newest first, in `item.recent_history`): one
    query for all the items' entries, whatever the length of their histories."""
    latest = StatusUpdate.objects.select_related("organization").order_by("-created_at", "-id")
    items = ActionItem.objects.select_related("plan", "lead_organization", "parent").prefetch_related(
        "partners", Prefetch("updates", queryset=latest[:recent_updates], to_attr="recent_history")
    )
    if plan:
        items = items.filter(plan__slug=plan)
    if status:
        items = items.filter(status=status)
    if organization:
        items = items.filter(Q(lead_organization__slug=organization) | Q(partners__slug=organization)).distinct()
    return items.order_by("plan_id", "parent_id", "number", "id")


def items_for_export(plan: Plan) -> list[ActionItem]:
    return list(ActionItem.objects.filter(plan=plan).select_related("parent").order_by("parent_id", "number", "id"))


def reports_public(plan: Plan | None = None) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.select_related("plan")
    return reports.filter(plan=plan) if plan else reports


def report_by_date(plan_slug: str, as_of: dt.date) -> ProgressReport | None:
    return ProgressReport.objects.select_related("plan").filter(plan__slug=plan_slug, as_of=as_of).first()


def milestones_overdue(*, today: dt.date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(done_on=None, due_date__lt=today, overdue_notified_at=None).select_related(
        "item__lead_organization", "item__plan", "item__parent"
    )


@dataclass(frozen=True)
class MilestonesWaiting:
    """The workspace's action plan part: the open milestones of the items the user may update (overdue first:
    the earliest due date first), and how many there are and how many are overdue."""

    milestones: list[Milestone]
    count: int
    overdue_count: int


def _items_of(user) -> QuerySet[ActionItem] | None:
    """The items the user may post updates on (access.item_can_update, as a query), or None for nobody's."""
    if roles.is_coordinator(user):
        return ActionItem.objects.all()
    if roles.has_role(user, roles.MEMBER):
        organizations = list(roles.user_organization_ids(user))
        return ActionItem.objects.filter(Q(lead_organization__in=organizations) | Q(partners__in=organizations))
    return None


CLOSED_STATUSES = (Status.COMPLETE, Status.NOT_PURSUED)


def milestones_waiting(user, *, today: dt.date, size: int) -> MilestonesWaiting:
    """The milestones not done of the open items the user may update, the earliest due first (the overdue ones:
    what milestones_overdue mails about), in two queries whatever the size of the plan."""
    items = _items_of(user)
    if items is None:
        return MilestonesWaiting(milestones=[], count=0, overdue_count=0)
    open_items = items.exclude(status__in=CLOSED_STATUSES).values("id")
    waiting = Milestone.objects.filter(done_on=None, item__in=open_items)
    counts = waiting.aggregate(count=Count("id"), overdue=Count("id", filter=Q(due_date__lt=today)))
    rows = waiting.select_related("item__plan", "item__parent").order_by("due_date", "id")[:size]
    return MilestonesWaiting(milestones=list(rows), count=counts["count"], overdue_count=counts["overdue"])


# The roles that act on or follow the plan: its news goes to them, not to everyone of their organization
# (learners, tip handlers).
PLAN_ROLES = (roles.MEMBER, roles.COORDINATOR)


def _plan_people(organization_ids) -> Q:
    ids = list(organization_ids)
    people = Q()
    for role in PLAN_ROLES:
        people |= Q(id__in=users_with_role(role, ids).values("id"))
    return people


def status_change_recipients(entry: StatusUpdate) -> QuerySet[User]:
    """Who hears of a status change: the item's followers, and the task force members and coordinators of its
    lead and partner organizations; not the author. Each once, active only."""
    item = entry.item
    organizations = [item.lead_organization_id, *item.partners.values_list("id", flat=True)]
    followers = Q(id__in=item.followers.values("id"))
    return User.objects.filter(followers | _plan_people(organizations), is_active=True).exclude(id=entry.author_id)


def milestone_overdue_recipients(milestone: Milestone) -> QuerySet[User]:
    """Who hears of an overdue milestone: the task force members and coordinators of the lead organization."""
    return User.objects.filter(_plan_people([milestone.item.lead_organization_id]), is_active=True)


def evidence_document(evidence_id: int) -> Evidence | None:
    """An evidence entry that has a stored document (link-only evidence has nothing to download)."""
    return Evidence.objects.exclude(file="").filter(id=evidence_id).first()


# ----- indicators and the monitoring calendar ---------------------------------------------------------------------


def _accepted_values(as_of: dt.date | None) -> QuerySet[IndicatorValue]:
    """Accepted values, oldest period first; as of a date, only those accepted by the end of that day (what the
    public could see then)."""
    values = IndicatorValue.objects.accepted().select_related("organization").order_by("period_end", "id")
    if as_of is not None:
        values = values.filter(reviewed_at__lte=end_of_day(as_of))
    return values


def item_indicators(item: ActionItem, *, as_of: dt.date | None = None, public_only: bool = True) -> list[Indicator]:
    """An item's indicators with their accepted values (in `indicator.accepted_values`): two queries, however
    many values. As of a date, only the values accepted by then, and only the indicators that existed."""
    indicators = Indicator.objects.filter(item=item).order_by("order", "id")
    if public_only:
        indicators = indicators.filter(is_public=True)
    if as_of is not None:
        indicators = indicators.filter(created_at__lte=end_of_day(as_of))
    return list(
        indicators.prefetch_related(Prefetch("values", queryset=_accepted_values(as_of), to_attr="accepted_values"))
    )


def indicator_values_pending(item: ActionItem) -> list[IndicatorValue]:
    """The partners' submissions waiting for the item's lead to review them, oldest first."""
    return list(
        IndicatorValue.objects.filter(indicator__item=item, status=IndicatorValue.Status.PENDING_REVIEW)
        .select_related("indicator", "organization")
        .order_by("created_at", "id")
    )


def indicators_public_values() -> QuerySet[IndicatorValue]:
    """Every accepted value of the public indicators (the open dataset), one query."""
    return (
        IndicatorValue.objects.accepted()
        .filter(indicator__is_public=True)
        .select_related("indicator__item__plan", "indicator__item__parent", "organization")
        .order_by("indicator__item__plan_id", "indicator__item_id", "indicator__order", "indicator_id", "period_end")
    )


@dataclass
class ProgressPoint:
    day: dt.date
    progress: int  # mean progress of the top-level items that have data by then
    reporting: int  # how many top-level items had data by then
    total: int  # how many top-level items existed by then


def plan_progress_series(plan: Plan) -> list[ProgressPoint]:
    """The plan's progress over time, from its history: one point per day an update was recorded, the mean of
    the rolled-up progress of the top-level items that had data by then (as the "as of" view would show them).
    Two queries, however long the history."""
    items = _items_of_plan(plan)
    history = StatusUpdate.objects.filter(item__plan=plan).order_by("created_at", "id")
    known: dict[int, tuple[str, int]] = {}
    points: list[ProgressPoint] = []
    entries = list(history.only("item_id", "created_at", "new_status", "new_progress"))
    for index, entry in enumerate(entries):
        known[entry.item_id] = (entry.new_status, entry.new_progress)
        day = timezone.localdate(entry.created_at)
        if index + 1 < len(entries) and timezone.localdate(entries[index + 1].created_at) == day:
            continue
        cutoff = end_of_day(day)
        existing = [item for item in items if item.created_at <= cutoff]
        tops = _tree(existing, {item.id: known.get(item.id, (None, None)) for item in existing})
        shown = [top.progress for top in tops if top.progress is not None]
        if shown:
            points.append(ProgressPoint(day, round(sum(shown) / len(shown)), len(shown), len(tops)))
    return points


@dataclass
class MonitoringCalendar:
    plan: Plan
    periods: list[ReportingPeriod]
    milestones: list[Milestone]
    evaluations: list[Evaluation]
    today: dt.date

    @property
    def overdue_count(self) -> int:
        return sum(1 for milestone in self.milestones if milestone.is_overdue(self.today))


def monitoring_calendar(plan: Plan, *, today: dt.date | None = None) -> MonitoringCalendar:
    """The plan's monitoring calendar: its reporting periods, every milestone of its items (with the item, for
    the overdue flags) and its evaluations. Three queries, however many of each."""
    milestones = Milestone.objects.filter(item__plan=plan).select_related("item__plan", "item__parent")
    return MonitoringCalendar(
        plan=plan,
        periods=list(ReportingPeriod.objects.filter(plan=plan).order_by("start", "id")),
        milestones=list(milestones.order_by("due_date", "id")),
        evaluations=list(Evaluation.objects.filter(plan=plan).order_by("date", "id")),
        today=today or timezone.localdate(),
    )
