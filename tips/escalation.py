"""Nothing waits unseen: a tip a hotline has not opened within its time escalates, step by step.

Per delivery (a tip routed to a hotline), with T the hotline's `open_within_urgent` for a tip marked "someone is
in danger now" and `open_within` for any other: at 1×T after delivery the hotline's handlers are reminded, at 2×T
its coordinators are told, at 3×T the tip goes to the national fallback hotline too (whose handlers are told as
for any delivery). A step is written once (TipEscalation's unique row) in the same transaction as its mail rows
and its access-log entry, so a run repeated, or two runs at once, mail nobody twice; the mail itself is sent,
retried and swept by taskforce.notifications, so worker restarts and broker outages lose nothing. No step is
taken once a handler of the hotline opened the tip, nor for a closed tip. Mail names the reference and the inbox,
never what the tip says.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from taskforce import roles
from taskforce.notifications import URGENT, notify
from taskforce.queue import enqueue
from taskforce.selectors import users_with_role

from . import conf, sealing, selectors, services
from .models import AccessLogEntry, Delivery, Tip, TipEscalation, TipKeyGrant

Step = TipEscalation.Step


def _within(delivery: Delivery):
    hotline = delivery.hotline
    return hotline.open_within_urgent if delivery.tip.danger_now else hotline.open_within


def steps_due(delivery: Delivery, *, now: datetime) -> list[int]:
    """The steps whose time has come for this delivery (none once it was opened)."""
    within = _within(delivery)
    if delivery.opened_at or not delivery.delivered_at or within.total_seconds() <= 0:
        return []
    passed = int((now - delivery.delivered_at) / within)
    return [step for step in Step.values if step <= passed]


def _waiting():
    """Live deliveries of open tips not yet opened by their hotline and not yet through their last step; the run
    keeps those past their first step's time (per row: delivered_at plus their hotline's time)."""
    live = Delivery.objects.filter(
        state__in=selectors.LIVE_DELIVERY_STATES, opened_at__isnull=True, delivered_at__isnull=False
    ).exclude(tip__status=Tip.Status.CLOSED)
    return live.exclude(escalations__step=Step.NATIONAL)


def escalations_run(*, after: int = 0) -> dict:
    """One run: at most TIPS_ESCALATION_CHUNK waiting deliveries from id `after` on, each in its own transaction;
    when the chunk was full, the next run is queued from where this one stopped. Safe to run twice, even at once."""
    now, chunk = timezone.now(), conf.escalation_chunk()
    late = _waiting().alias(open_by=selectors.delivery_open_by()).filter(open_by__lte=now)
    ids = list(late.filter(id__gt=after).order_by("id").values_list("id", flat=True)[:chunk])
    written = sum(delivery_escalate(delivery_id=delivery_id, now=now) for delivery_id in ids)
    if len(ids) == chunk:
        enqueue("tips.tasks.escalations_run", ids[-1], on_commit=False)
    return {"deliveries": len(ids), "steps": written}


@transaction.atomic
def delivery_escalate(*, delivery_id: int, now: datetime | None = None) -> int:
    """Take each due step of one delivery not yet taken; returns how many were taken now."""
    now = now or timezone.now()
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("tip", "hotline")
        .filter(id=delivery_id, state__in=selectors.LIVE_DELIVERY_STATES, opened_at__isnull=True)
        .exclude(tip__status=Tip.Status.CLOSED)
        .first()
    )
    if delivery is None:
        return 0
    done = set(delivery.escalations.values_list("step", flat=True))
    due = set(steps_due(delivery, now=now))
    taken, nobody_told = 0, False
    for step in Step.values:
        # A step that reached nobody (a hotline without active handlers, or without a coordinator) brings the next
        # one forward at once: an urgent tip must never wait on a mail that was never sent.
        if step in done or (step not in due and not nobody_told):
            continue
        told = _step_take(delivery, step)
        if told is None:
            continue  # another run took it
        taken += 1
        nobody_told = not told
    return taken


NOBODY = " (nobody to tell: the next step at once)"


def _step_take(delivery: Delivery, step: int) -> bool | None:
    """Take one step; None when another run took it, else whether it reached somebody."""
    try:
        with transaction.atomic():  # the unique row is the once-only guard: a second writer stops here
            TipEscalation.objects.create(delivery=delivery, step=step)
    except IntegrityError:
        return None
    detail = {Step.HANDLERS: _handlers_remind, Step.COORDINATORS: _coordinators_tell, Step.NATIONAL: _national_send}[
        step
    ](delivery)
    AccessLogEntry.objects.create(
        tip=delivery.tip,
        tip_reference=delivery.tip.reference,
        action=AccessLogEntry.Action.ESCALATED,
        detail=f"{delivery.hotline.slug}: step {step}{detail}"[:200],  # the hotline first: see selectors.tip_log
    )
    return detail != NOBODY


def _context(delivery: Delivery) -> dict:
    return {
        "reference": delivery.tip.reference,
        "inbox_url": services._inbox_link(),  # noqa: SLF001 -- the one inbox link of the tips services
        "urgent": delivery.tip.danger_now,
    }


def _tell(delivery: Delivery, role: str, template: str, context: dict) -> str:
    """Mail the people holding `role` in the hotline's organization; NOBODY when there is none to tell."""
    recipients = list(users_with_role(role, [delivery.hotline.organization_id]))
    if not recipients:
        return NOBODY
    notify(recipients=recipients, template=template, context=context, priority=URGENT)
    return ""


def _handlers_remind(delivery: Delivery) -> str:
    return _tell(delivery, roles.TIP_HANDLER, "tips_escalation_handlers", _context(delivery))


def _coordinators_tell(delivery: Delivery) -> str:
    context = {**_context(delivery), "hotline": delivery.hotline.name}
    return _tell(delivery, roles.HOTLINE_COORDINATOR, "tips_escalation_coordinators", context)


def _national_send(delivery: Delivery) -> str:
    """The national fallback hotline receives the tip too, unless it is the national hotline or already has it."""
    if delivery.hotline.is_national:
        return " (already the national hotline)"
    nationals = selectors.national_receivers(kind=delivery.tip.kind)
    if not nationals:
        return " (no active national hotline takes this kind)"
    # This run holds no key: it can only send the tip where its key was sealed at submission (issue 23). A national
    # hotline nobody there can read it for is skipped, and its coordinators and the task force's are told.
    tip = delivery.tip
    readable = {national.id for national in nationals if sealing.is_legacy(tip)} | set(
        TipKeyGrant.objects.filter(tip=tip, hotline__in=nationals).values_list("hotline_id", flat=True)
    )
    for national in nationals:
        if national.id not in readable:
            services.readers_missing_tell(hotline=national, reference=tip.reference)
    sent = [n.slug for n in nationals if n.id in readable and services.tip_deliver_also(tip=tip, hotline=n)]
    if not readable:
        return " (nobody at the national hotline holds this tip's key: coordinators told)"
    return f" → {', '.join(sent)}" if sent else " (the national hotline already has it)"
