"""Writes of the action plan tracker. Each one is atomic and writes its history in the same transaction."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from taskforce import audit
from taskforce.access import require_coordinator
from taskforce.exceptions import Conflict
from taskforce.models import Organization, User
from taskforce.notifications import BULK, fan_out, fan_out_key, keys_notified
from taskforce.queue import enqueue, enqueue_each
from taskforce.uploads import CleanFile, clean_upload

from . import access, conf, selectors
from .models import (
    REASON_MAX_LENGTH,
    ActionItem,
    Evidence,
    ItemEdit,
    Milestone,
    Plan,
    ProgressReport,
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


_EDITABLE = ("title", "title_fr", "description", "description_fr", "lead_organization", "start_date", "target_date",
             "weight")  # fmt: skip


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
def milestone_add(*, item: ActionItem, actor: User, title: str, due_date: dt.date, title_fr: str = "") -> Milestone:
    access.item_check_update(actor, item)
    return Milestone.objects.create(item=item, title=title, title_fr=title_fr, due_date=due_date)


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
                    "title": node.item.title,
                    "title_fr": node.item.title_fr,
                    "status": node.status,
                    "progress": node.progress,
                    "lead": node.item.lead_organization.name,
                    "lead_fr": node.item.lead_organization.name_fr,
                }
            )
    changes = StatusUpdate.objects.filter(item__plan=plan, created_at__lte=selectors.end_of_day(as_of))
    if since:
        changes = changes.filter(created_at__gt=selectors.end_of_day(since))
    return {
        "reflects": state.reflects_date.isoformat() if state.reflects_date else None,
        "items": rows,
        "changes": [
            {
                "number": entry.item.display_number,
                "title": entry.item.title,
                "title_fr": entry.item.title_fr,
                "date": timezone.localdate(entry.created_at).isoformat(),
                "old_status": entry.old_status,
                "new_status": entry.new_status,
                "old_progress": entry.old_progress,
                "new_progress": entry.new_progress,
                "reason": entry.reason,
                "organization": entry.organization.name if entry.organization else "",
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

    for language in ("en", "fr"):
        with translation.override(language):
            publication_record_progress_report(
                title=_("Action plan progress report as of %(date)s") % {"date": report.as_of.isoformat()},
                summary=_(
                    "%(plan)s: the status of every action as of %(date)s, and what changed since the last report."
                )
                % {"plan": report.plan.display_title, "date": report.as_of.isoformat()},
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
