"""Writes of the action plan tracker. Each one is atomic and writes its history in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from taskforce import audit
from taskforce.access import require_coordinator
from taskforce.exceptions import Conflict
from taskforce.language import i18n_text, in_page_language, text_data
from taskforce.models import Organization, User
from taskforce.notifications import BULK, fan_out, fan_out_key, keys_notified
from taskforce.queue import enqueue, enqueue_each
from taskforce.uploads import CleanFile, clean_upload

from . import access, conf, selectors
from .models import (
    REASON_MAX_LENGTH,
    ActionItem,
    Evaluation,
    Evidence,
    Indicator,
    IndicatorValue,
    ItemEdit,
    Milestone,
    Plan,
    ProgressReport,
    ReportingPeriod,
    Status,
    StatusUpdate,
)

STATUS_FAN_OUT = "actionplan.tasks.status_change_fan_out"
STATUS_TEMPLATE = "actionplan_status_changed"
MILESTONE_FAN_OUT = "actionplan.tasks.milestone_overdue_fan_out"
ITEM_CHANGED = _("This item changed since you opened it. Reload it, check the new values and try again.")


def _clean_update_values(*, item: ActionItem, status: str | None, progress, reason: str) -> tuple[str, int, str]:
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say what changed and why.")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [
            _("Keep the reason to %(max)s characters (it has %(count)s): link a longer text as evidence.")
            % {"max": intcomma(REASON_MAX_LENGTH), "count": intcomma(len(reason))}
        ]
    if status not in (None, "") and status not in Status.values:
        errors["status"] = [_("Unknown status.")]
    if progress not in (None, ""):
        try:
            progress = int(progress)
        except (TypeError, ValueError):
            progress = -1
        if not 0 <= progress <= 100:
            errors["progress"] = [_("Progress is a whole number from 0 to 100.")]
        elif progress != item.progress and item.children.exists():
            errors["progress"] = [_("This item's progress is rolled up from its sub-actions; update those instead.")]
    if errors:
        raise ValidationError(errors)
    new_status = status or item.status
    new_progress = item.progress if progress in (None, "") else progress
    return new_status, new_progress, reason


@transaction.atomic
def item_post_update(
    *,
    item: ActionItem,
    actor: User,
    reason: str,
    expected_version: int,
    status: str | None = None,
    progress: int | None = None,
    evidence_title: str = "",
    evidence_url: str = "",
    evidence_file=None,
    source: str = StatusUpdate.Source.WEB,
) -> StatusUpdate:
    """Record a new status and/or progress of an item, with the reason, as one history entry.

    Refuses with taskforce.exceptions.Conflict when the item changed since `expected_version`. When the status
    changed, queues (after commit) the fan-out that tells the people who follow or act on the plan: the request
    itself runs a fixed number of queries, however many people that is.
    """
    access.item_check_update(actor, item)
    evidence_file = _evidence_cleaned(evidence_file)
    current = ActionItem.objects.select_for_update().get(id=item.id)
    if current.version != expected_version:
        raise Conflict(ITEM_CHANGED, current=current)
    new_status, new_progress, reason = _clean_update_values(
        item=current, status=status, progress=progress, reason=reason
    )
    has_evidence = bool(evidence_url or evidence_file)
    if (new_status, new_progress) == (current.status, current.progress) and not has_evidence:
        raise ValidationError({"status": [_("Nothing changed: choose a new status or progress, or add evidence.")]})
    claimed = ActionItem.objects.filter(id=item.id, version=expected_version).update(
        status=new_status, progress=new_progress, version=F("version") + 1
    )
    if not claimed:
        raise Conflict(ITEM_CHANGED, current=current)
    entry = StatusUpdate.objects.create(
        item=current,
        author=actor,
        author_name=actor.get_full_name(),
        organization_id=access.acting_organization_id(actor, current),
        old_status=current.status,
        new_status=new_status,
        old_progress=current.progress,
        new_progress=new_progress,
        reason=reason,
        source=source,
    )
    if has_evidence:
        _evidence_add(item=current, entry=entry, title=evidence_title, url=evidence_url, file=evidence_file)
    item.status, item.progress, item.version = new_status, new_progress, expected_version + 1
    if entry.status_changed:
        enqueue(STATUS_FAN_OUT, entry.id, queue=BULK)
    return entry


def _evidence_cleaned(upload) -> CleanFile | None:
    """An uploaded document checked and cleaned, before anything is written (the form usually did it already)."""
    if upload is None or isinstance(upload, CleanFile):
        return upload
    try:
        return clean_upload(upload, max_bytes=conf.evidence_max_bytes())
    except ValidationError as exc:
        raise ValidationError({"evidence_file": exc.messages}) from exc


_CLEANED_NAME = re.compile(r"/[0-9a-f]{32}\.(jpg|png|pdf)$")


def evidence_clean_stored() -> list[tuple[int, str]]:
    """Clean the documents stored before uploads were cleaned (once, after the upgrade): each is rewritten under
    a random name without its metadata. One that cannot be cleaned is left as it is and named in the outcome,
    for a person to decide; it stays reachable only through the download view. Returns (evidence id, outcome)."""
    stored = Evidence.objects.exclude(file="").order_by("id")
    return [
        (evidence.id, _evidence_clean_one(evidence))
        for evidence in stored
        if not _CLEANED_NAME.search(evidence.file.name)
    ]


@transaction.atomic
def _evidence_clean_one(evidence: Evidence) -> str:
    old_name = evidence.file.name
    try:
        with evidence.file.open("rb") as handle:
            clean = clean_upload(handle, max_bytes=conf.evidence_max_bytes())
    except ValidationError as exc:
        return f"not cleaned ({' '.join(exc.messages)})"
    except FileNotFoundError:
        return "not cleaned (the file is missing)"
    content = clean.as_content_file()
    evidence.file.save(content.name, content, save=True)
    transaction.on_commit(lambda: evidence.file.storage.delete(old_name))
    return "cleaned"


def _evidence_add(*, item: ActionItem, entry: StatusUpdate, title: str, url: str, file) -> Evidence:
    """`file` is a cleaned upload (taskforce.uploads.CleanFile): stored under a random name, never the original."""
    title = (title or "").strip() or (url or _("Document"))[:200]
    evidence = Evidence(item=item, update=entry, title=title, url=url or "")
    if file:
        content = file.as_content_file()
        evidence.file.save(content.name, content, save=False)
    evidence.save()
    return evidence


def status_change_fan_out(*, update_id: int, after: int = 0) -> bool:
    """One run of the status change's fan-out (taskforce.notifications.fan_out): the item's followers and the
    task force members and coordinators of its organizations, not its author. True when everyone was told."""
    entry = StatusUpdate.objects.select_related("item__plan", "item__parent").filter(id=update_id).first()
    if entry is None:
        return True
    return fan_out(
        task=STATUS_FAN_OUT,
        ref=entry.id,
        after=after,
        recipients=selectors.status_change_recipients(entry),
        template=STATUS_TEMPLATE,
        context={"item": entry.item, "entry": entry},
    )


def status_changes_sweep(*, now: dt.datetime | None = None) -> int:
    """Start again the fan-out of the recent status changes that told nobody yet (the broker was down when the
    change was made, so its fan-out was never queued): those from two days to ten minutes old, at most
    conf.fan_out_chunk() per run. One that has nobody to tell is started again, and does nothing, until it is
    two days old. Returns how many were started."""
    now = now or timezone.now()
    recent = (
        StatusUpdate.objects.filter(
            created_at__gte=now - dt.timedelta(days=2), created_at__lte=now - dt.timedelta(minutes=10), is_demo=False
        )
        .exclude(old_status=F("new_status"))
        .order_by("-id")
        .values_list("id", flat=True)
    )
    ids = list(recent[: conf.fan_out_chunk()])
    told = keys_notified(fan_out_key(STATUS_TEMPLATE, update_id) for update_id in ids)
    waiting = [update_id for update_id in ids if fan_out_key(STATUS_TEMPLATE, update_id) not in told]
    enqueue_each(STATUS_FAN_OUT, waiting, queue=BULK)
    return len(waiting)


@transaction.atomic
def item_follow(*, item: ActionItem, user: User, follow: bool = True) -> None:
    if follow:
        item.followers.add(user)
    else:
        item.followers.remove(user)


_EDITABLE = ("title", "description", "lead_organization", "start_date", "target_date", "weight")


@transaction.atomic
def item_edit(*, item: ActionItem, actor: User, expected_version: int, fields: dict, partners=None) -> ActionItem:
    """Coordinators change an item's text, dates and organizations (status and progress go through updates).
    The old and new value of each changed field is one ItemEdit row, written in the same transaction."""
    require_coordinator(actor)
    values = {name: value for name, value in fields.items() if name in _EDITABLE}
    current = ActionItem.objects.select_for_update().get(id=item.id)
    old = {name: audit.stored(getattr(current, name)) for name in values}
    claimed = ActionItem.objects.filter(id=item.id, version=expected_version).update(version=F("version") + 1, **values)
    if not claimed:
        raise Conflict(ITEM_CHANGED, current=item)
    item.refresh_from_db()
    new = {name: audit.stored(getattr(item, name)) for name in values}
    if partners is not None:
        old["partners"] = sorted(current.partners.values_list("id", flat=True))
        item.partners.set(partners)
        new["partners"] = sorted(item.partners.values_list("id", flat=True))
    old, new = audit.changed_values(old, new)
    if new:
        ItemEdit.objects.create(item=item, actor=actor, old_values=old, new_values=new)
    return item


@transaction.atomic
def milestone_add(*, item: ActionItem, actor: User, title: str | dict, due_date: dt.date) -> Milestone:
    """`title`: a text in the source language, or {language code: text}."""
    access.item_check_update(actor, item)
    return Milestone.objects.create(item=item, title=i18n_text(text_data(title)), due_date=due_date)


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, actor: User, done_on: dt.date | None = None) -> Milestone:
    access.item_check_update(actor, milestone.item)
    Milestone.objects.filter(id=milestone.id, done_on=None).update(
        done_on=done_on or timezone.localdate(), done_by=actor
    )
    milestone.refresh_from_db()
    return milestone


def milestones_flag_overdue(*, today: dt.date | None = None) -> int:
    """The daily beat run: start the fan-out of each overdue milestone not told yet, at most conf.fan_out_chunk()
    of them per run. A milestone is marked told when its fan-out ends, so one the broker refused is started again
    the next day, and a run repeated mails nobody twice (the fan-out's mails are once-only). Returns how many
    were started."""
    overdue = selectors.milestones_overdue(today=today or timezone.localdate()).order_by("id")
    ids = list(overdue.values_list("id", flat=True)[: conf.fan_out_chunk()])
    enqueue_each(MILESTONE_FAN_OUT, ids, queue=BULK)
    return len(ids)


def milestone_overdue_fan_out(*, milestone_id: int, after: int = 0) -> bool:
    """One run of an overdue milestone's fan-out: the task force members and coordinators of the lead
    organization. The last run marks the milestone told. True when everyone was told."""
    milestone = (
        Milestone.objects.select_related("item__plan", "item__parent")
        .filter(id=milestone_id, overdue_notified_at=None)
        .first()
    )
    if milestone is None:
        return True
    finished = fan_out(
        task=MILESTONE_FAN_OUT,
        ref=milestone.id,
        after=after,
        recipients=selectors.milestone_overdue_recipients(milestone),
        template="actionplan_milestone_overdue",
        context={"item": milestone.item, "milestone": milestone},
    )
    if finished:
        Milestone.objects.filter(id=milestone.id, overdue_notified_at=None).update(overdue_notified_at=timezone.now())
    return finished


# ----- progress reports -------------------------------------------------------------------------------------


def _snapshot(plan: Plan, as_of: dt.date, since: dt.date | None) -> dict:
    state = selectors.plan_state(plan, as_of=as_of)
    rows = []
    for top in state.items:
        for node in [top, *top.sub_items]:
            rows.append(
                {
                    "number": node.number,
                    "slug": node.item.slug,
                    "title": text_data(node.item.title),
                    "status": node.status,
                    "progress": node.progress,
                    "lead": text_data(node.item.lead_organization.name),
                }
            )
    changes = StatusUpdate.objects.filter(item__plan=plan, created_at__lte=selectors.end_of_day(as_of))
    if since:
        changes = changes.filter(created_at__gt=selectors.end_of_day(since))
    from .reports import calendar_snapshot, indicators_snapshot, statistics_snapshot  # noqa: PLC0415 -- loaded when used

    return {
        "statistics": statistics_snapshot(as_of),
        "indicators": indicators_snapshot(plan, as_of),
        "calendar": calendar_snapshot(plan, as_of),
        "reflects": state.reflects_date.isoformat() if state.reflects_date else None,
        "items": rows,
        "changes": [
            {
                "number": entry.item.display_number,
                "title": text_data(entry.item.title),
                "date": timezone.localdate(entry.created_at).isoformat(),
                "old_status": entry.old_status,
                "new_status": entry.new_status,
                "old_progress": entry.old_progress,
                "new_progress": entry.new_progress,
                "reason": entry.reason,
                "organization": text_data(entry.organization.name) if entry.organization else "",
                "is_demo": entry.is_demo,
            }
            for entry in changes.select_related("item__parent", "organization")
        ],
    }


@transaction.atomic
def report_generate(*, plan: Plan, as_of: dt.date, actor: User | None = None) -> ProgressReport:
    """Generate the public progress report of `plan` as of a date. Idempotent: a report is kept as first made."""
    if actor is not None:
        require_coordinator(actor)
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": [_("A report cannot be dated in the future.")]})
    existing = ProgressReport.objects.filter(plan=plan, as_of=as_of).first()
    if existing:
        return existing
    previous = ProgressReport.objects.filter(plan=plan, as_of__lt=as_of).order_by("-as_of").first()
    since = previous.as_of if previous else None
    report = ProgressReport.objects.create(
        plan=plan, as_of=as_of, since=since, snapshot=_snapshot(plan, as_of, since), generated_by=actor
    )
    _publish(report)
    return report


def _publish(report: ProgressReport) -> None:
    """List the report in /publications/ (the publications app's contract), in each language."""
    from publications.services import publication_record_progress_report  # noqa: PLC0415 -- another app's service, loaded when used so that apps load in any order

    for language in settings.PORTAL_LANGUAGES:
        with translation.override(language):
            publication_record_progress_report(
                title=_("Action plan progress report as of %(date)s") % {"date": report.as_of.isoformat()},
                summary=_(
                    "%(plan)s: the status of every action as of %(date)s, and what changed since the last report."
                )
                % {"plan": in_page_language(report.plan.title), "date": report.as_of.isoformat()},
                published_on=timezone.localdate(report.generated_at),
                url=report.get_absolute_url(),
                language=language,
            )


def _period_end(today: dt.date, frequency: str) -> dt.date | None:
    """The last day of the latest period that has ended by `today`."""
    first_of_month = today.replace(day=1)
    if frequency == "monthly":
        return first_of_month - dt.timedelta(days=1)
    if frequency == "quarterly":
        quarter_start = first_of_month.replace(month=3 * ((today.month - 1) // 3) + 1)
        return quarter_start - dt.timedelta(days=1)
    return None


def report_generate_scheduled(*, today: dt.date | None = None) -> list[ProgressReport]:
    """The daily beat run: make the report of the period that just ended, for each plan, when it is due."""
    as_of = _period_end(today or timezone.localdate(), conf.report_frequency())
    if as_of is None:
        return []
    plans = Plan.objects.filter(is_current=True)
    if conf.report_plan_slugs() is not None:
        plans = Plan.objects.filter(slug__in=conf.report_plan_slugs())
    made = []
    for plan in plans:
        if not ProgressReport.objects.filter(plan=plan, as_of=as_of).exists():
            made.append(report_generate(plan=plan, as_of=as_of))
    return made


# ----- seed helpers -----------------------------------------------------------------------------------------


@transaction.atomic
def item_upsert(
    *,
    plan: Plan,
    number: int,
    slug: str,
    defaults: dict,
    lead: Organization,
    partners: list[Organization],
    initial_status: str,
    initial_progress: int,
    parent: ActionItem | None = None,
) -> ActionItem:
    """Create or refresh an item's text and organizations. Status and progress are set only when it is created:
    afterwards they change only through history entries."""
    fields = {**defaults, "plan": plan, "number": number, "parent": parent, "lead_organization": lead}
    item, created = ActionItem.objects.update_or_create(
        slug=slug,
        defaults=fields,
        create_defaults={**fields, "status": initial_status, "progress": initial_progress},
    )
    item.partners.set(partners)
    return item


@transaction.atomic
def history_record_demo(
    *, item: ActionItem, at: dt.datetime, status: str, progress: int, reason: str, organization: Organization
) -> StatusUpdate | None:
    """A dated demonstration history entry, applied once (by date) and marked as demo data."""
    if StatusUpdate.objects.filter(item=item, created_at=at, is_demo=True).exists():
        return None
    current = ActionItem.objects.select_for_update().get(id=item.id)
    entry = StatusUpdate.objects.create(
        item=current,
        author=None,
        author_name="",
        organization=organization,
        created_at=at,
        old_status=current.status,
        new_status=status,
        old_progress=current.progress,
        new_progress=progress,
        reason=reason,
        source=StatusUpdate.Source.SEED,
        is_demo=True,
    )
    ActionItem.objects.filter(id=item.id).update(status=status, progress=progress, version=F("version") + 1)
    return entry


# ----- indicators and the monitoring calendar ---------------------------------------------------------------------

VALUE_MAX = Decimal("999999999999.99")  # what the value columns hold (14 digits, 2 after the point)
INTEGRAL_UNITS = (Indicator.Unit.COUNT, Indicator.Unit.PEOPLE)


def _decimal(value, field: str, errors: dict) -> Decimal | None:
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "")) if value not in (None, "") else None
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        errors[field] = [_("Enter a number.")]
        return None
    if abs(number) > VALUE_MAX or number != round(number, 2):
        errors[field] = [_("Enter a number with at most two decimal places and twelve digits before the point.")]
        return None
    return number


def _check_in_unit(number: Decimal | None, unit: str, field: str, errors: dict) -> None:
    """A value fits its unit: a percentage from 0 to 100; counts and people whole and not negative; hours and
    dollars not negative. Other units may be any number."""
    if number is None or field in errors:
        return
    if unit == Indicator.Unit.PERCENT and not 0 <= number <= 100:
        errors[field] = [_("A percentage is from 0 to 100.")]
    elif unit in INTEGRAL_UNITS and (number < 0 or number != number.to_integral_value()):
        errors[field] = [_("A count is a whole number, 0 or more.")]
    elif unit in (Indicator.Unit.HOURS, Indicator.Unit.DOLLARS) and number < 0:
        errors[field] = [_("This value cannot be negative.")]


def _date(value, field: str, errors: dict, *, not_future: bool = True) -> dt.date | None:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        errors[field] = [_("Enter a date (YYYY-MM-DD).")]
        return None
    if not_future and value > timezone.localdate():
        errors[field] = [_("This date is in the future: enter values only for periods that have begun.")]
    return value


def _reason(reason: str, errors: dict, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        errors[field] = [_("Say what changed and why.")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors[field] = [
            _("Keep the reason to %(max)s characters (it has %(count)s): link a longer text as evidence.")
            % {"max": intcomma(REASON_MAX_LENGTH), "count": intcomma(len(reason))}
        ]
    return reason


@transaction.atomic
def indicator_add(
    *,
    actor: User,
    item: ActionItem,
    slug: str,
    name: str | dict,
    unit: str,
    baseline_value,
    baseline_date,
    target_value,
    target_date,
    reason: str,
    unit_label: str | dict = "",
    description: str | dict = "",
    is_public: bool = True,
    order: int = 0,
    is_demo: bool = False,
) -> Indicator:
    """Add an indicator to an item (its lead organization or a coordinator), with the reason, recorded in the
    item's audited edits (ItemEdit) in the same transaction. Texts are a text in the source language or
    {language code: text}. Raises ValidationError naming each bad field; writes nothing then."""
    access.indicator_check_manage(actor, item)
    errors: dict[str, list[str]] = {}
    slug = (slug or "").strip()
    if not re.fullmatch(r"[-a-z0-9_]{1,80}", slug):
        errors["slug"] = [_("Use lower-case letters, digits and hyphens (up to 80).")]
    elif Indicator.objects.filter(slug=slug).exists():
        errors["slug"] = [_("Another indicator has this short name.")]
    name_data = text_data(name)
    if not any(text.strip() for text in name_data.values()):
        errors["name"] = [_("Give the indicator a name.")]
    if unit not in Indicator.Unit.values:
        errors["unit"] = [_("Choose a unit from the list.")]
    label_data = text_data(unit_label)
    if unit == Indicator.Unit.OTHER and not any(text.strip() for text in label_data.values()):
        errors["unit_label"] = [_("Say what is measured when the unit is “other”.")]
    baseline = _decimal(baseline_value, "baseline_value", errors)
    target = _decimal(target_value, "target_value", errors)
    _check_in_unit(baseline, unit, "baseline_value", errors)
    _check_in_unit(target, unit, "target_value", errors)
    baseline_on = _date(baseline_date, "baseline_date", errors)
    target_on = _date(target_date, "target_date", errors, not_future=False)
    if baseline_on and target_on and "target_date" not in errors and target_on <= baseline_on:
        errors["target_date"] = [_("The target date comes after the baseline date.")]
    reason = _reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    indicator = Indicator.objects.create(
        item=item,
        slug=slug,
        name=i18n_text(name_data),
        unit=unit,
        unit_label=i18n_text(label_data),
        baseline_value=baseline,
        baseline_date=baseline_on,
        target_value=target,
        target_date=target_on,
        description=i18n_text(text_data(description)),
        is_public=is_public,
        order=order,
        is_demo=is_demo,
    )
    if actor is not None:
        ItemEdit.objects.create(
            item=item,
            actor=actor,
            old_values={},
            new_values={
                "indicator_added": slug,
                "indicator_name": name_data,
                "baseline": [str(baseline), baseline_on.isoformat()],
                "target": [str(target), target_on.isoformat()],
                "reason": reason,
            },
        )
    return indicator


@transaction.atomic
def indicator_value_add(
    *,
    actor: User | None,
    indicator: Indicator,
    period_start,
    period_end,
    value,
    source: str,
    reason: str,
    organization: Organization | None = None,
    status: str = IndicatorValue.Status.ACCEPTED,
    is_demo: bool = False,
    created_at: dt.datetime | None = None,
) -> IndicatorValue:
    """Record a measured value of an indicator for a period, with its source and the reason.

    Accepted at once when entered by the item's lead organization or a coordinator. A partner's submission
    (status pending_review) counts only after the lead reviews it (indicator_value_review); `actor` may then be
    None when a partner's API client submits it, and `organization` must say whose count it is (the API checks
    the client may submit for that indicator). Raises ValidationError naming each bad field: a number out of
    range for the unit, a date in the future, a period ending before it starts, a period that overlaps one that already has a value.
    """
    item = indicator.item
    if status == IndicatorValue.Status.ACCEPTED:
        access.indicator_check_manage(actor, item)
    elif status == IndicatorValue.Status.PENDING_REVIEW:
        if actor is not None and not access.indicator_can_submit(actor, item):
            raise PermissionDenied
        if actor is None and organization is None:
            raise ValidationError({"organization": [_("Say which organization measured this value.")]})
    else:
        raise ValidationError({"status": [_("A value is entered as accepted or for review.")]})
    errors: dict[str, list[str]] = {}
    number = _decimal(value, "value", errors)
    _check_in_unit(number, indicator.unit, "value", errors)
    start = _date(period_start, "period_start", errors)
    end = _date(period_end, "period_end", errors)
    if start and end and "period_end" not in errors and "period_start" not in errors and end < start:
        errors["period_end"] = [_("The period ends on or after the day it starts.")]
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("Say where the number comes from.")]
    elif len(source) > REASON_MAX_LENGTH:
        errors["source"] = [_("Keep the source to %(max)s characters.") % {"max": intcomma(REASON_MAX_LENGTH)}]
    reason = _reason(reason, errors)
    if start and end and not errors:
        # Each day is counted in one value of the indicator: a period that overlaps another's would count its days
        # twice. The indicator's row is locked so that two overlapping entries at once cannot both pass the check.
        Indicator.objects.select_for_update().filter(id=indicator.id).first()
        taken = set(
            IndicatorValue.objects.filter(indicator=indicator, period_start__lte=end, period_end__gte=start)
            .exclude(status=IndicatorValue.Status.REJECTED)
            .values_list("period_start", "period_end")
        )
        if (start, end) in taken:
            errors["period_start"] = [_("This indicator already has a value for this period.")]
        elif taken:
            errors["period_start"] = [
                _("This period overlaps one that already has a value: each day is counted in one value only.")
            ]
    if errors:
        raise ValidationError(errors)
    if organization is None and actor is not None:
        organization_id = access.acting_organization_id(actor, item)
    else:
        organization_id = organization.id if organization else None
    accepted = status == IndicatorValue.Status.ACCEPTED
    now = timezone.now()
    return IndicatorValue.objects.create(
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=number,
        source=source,
        reason=reason,
        entered_by=actor,
        organization_id=organization_id,
        status=status,
        reviewed_by=actor if accepted else None,
        reviewed_at=(created_at or now) if accepted else None,
        created_at=created_at or now,
        is_demo=is_demo,
    )


@transaction.atomic
def indicator_value_review(*, actor: User, value: IndicatorValue, accept: bool, reason: str) -> IndicatorValue:
    """The item's lead (or a coordinator) accepts or rejects a submitted value, with a reason: once. A rejected
    value frees its period for a corrected submission."""
    access.indicator_check_manage(actor, value.indicator.item)
    errors: dict[str, list[str]] = {}
    reason = _reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    changed = IndicatorValue.objects.filter(id=value.id).review(
        status=IndicatorValue.Status.ACCEPTED if accept else IndicatorValue.Status.REJECTED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_reason=reason,
    )
    if not changed:
        raise Conflict(_("This value was already reviewed."), current=value)
    value.refresh_from_db()
    return value


@transaction.atomic
def reporting_period_add(
    *, actor: User, plan: Plan, name: str | dict, start: dt.date, end: dt.date, due_date: dt.date
) -> ReportingPeriod:
    require_coordinator(actor)
    errors: dict[str, list[str]] = {}
    if not any(text.strip() for text in text_data(name).values()):
        errors["name"] = [_("Give the period a name.")]
    start = _date(start, "start", errors, not_future=False)
    end = _date(end, "end", errors, not_future=False)
    due_date = _date(due_date, "due_date", errors, not_future=False)
    if start and end and not errors and end < start:
        errors["end"] = [_("The period ends on or after the day it starts.")]
    if end and due_date and not errors and due_date < end:
        errors["due_date"] = [_("The report on a period is due on or after its last day.")]
    if not errors and plan.reporting_periods.filter(start__lte=end, end__gte=start).exists():
        errors["start"] = [_("This period overlaps one already in the calendar: each day belongs to one period.")]
    if errors:
        raise ValidationError(errors)
    return ReportingPeriod.objects.create(
        plan=plan, name=i18n_text(text_data(name)), start=start, end=end, due_date=due_date
    )


EVALUATION_SUMMARY_MAX_LENGTH = 5000  # a summary on the public calendar; the evaluation itself is linked


@transaction.atomic
def evaluation_add(
    *,
    actor: User,
    plan: Plan,
    title: str | dict,
    date: dt.date,
    summary: str | dict = "",
    document_url: str = "",
    is_final: bool = True,
) -> Evaluation:
    require_coordinator(actor)
    errors: dict[str, list[str]] = {}
    if not any(text.strip() for text in text_data(title).values()):
        errors["title"] = [_("Give the evaluation a title.")]
    longest = max((len(text) for text in text_data(summary).values()), default=0)
    if longest > EVALUATION_SUMMARY_MAX_LENGTH:
        errors["summary"] = [
            _("Keep the summary to %(max)s characters (it has %(count)s): link the full evaluation instead.")
            % {"max": EVALUATION_SUMMARY_MAX_LENGTH, "count": longest}
        ]
    date = _date(date, "date", errors, not_future=False)
    if errors:
        raise ValidationError(errors)
    return Evaluation.objects.create(
        plan=plan,
        title=i18n_text(text_data(title)),
        date=date,
        summary=i18n_text(text_data(summary)),
        document_url=document_url or "",
        is_final=is_final,
    )
