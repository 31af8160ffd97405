"""Reminders and follow-up dates: a handler sets a date and a reason on a tip; on that day the reminder is sent
once, to that handler (or to the hotline's handlers when that person no longer handles its tips). The mail names
the reference and the inbox, never the reason nor what the tip says."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from taskforce import roles
from taskforce.links import absolute_url
from taskforce.notifications import BULK, notify
from taskforce.queue import enqueue
from taskforce.selectors import users_with_role

from . import access, conf, sealing, selectors
from .models import AccessLogEntry, Hotline, Tip, TipReminder


class ReminderError(Exception):
    """A reminder the service refuses, with a message fit to show."""


@transaction.atomic
def reminder_set(*, tip: Tip, actor, remind_on: date, reason: str, hotline: Hotline | None = None) -> TipReminder:
    """A reminder on a tip of one of the actor's hotlines (404 for anyone else), logged REMINDER_SET."""
    access.tip_for_user(actor, tip.id)
    reason = (reason or "").strip()
    if not reason:
        raise ReminderError(gettext("Say why you want to be reminded."))
    if remind_on < timezone.localdate():
        raise ReminderError(gettext("Choose today or a later date."))
    mine = selectors.tip_hotlines_of(actor, tip)
    hotline = hotline if hotline is not None else mine.first()
    if hotline is None or not mine.filter(pk=hotline.pk).exists():
        raise ReminderError(gettext("This tip is not with one of your hotlines."))
    reminder = TipReminder(tip=tip, hotline=hotline, created_by=actor, remind_on=remind_on)
    sealing.text_set(reminder, "reason", "reason_sealed", reason, tip=tip)
    reminder.save(force_insert=True)
    AccessLogEntry.objects.create(
        tip=tip,
        tip_reference=tip.reference,
        actor=actor,
        action=AccessLogEntry.Action.REMINDER_SET,
        detail=f"{hotline.slug}: {remind_on:%Y-%m-%d}",  # the hotline first: see selectors.tip_log
    )
    return reminder


def reminders_send(*, after: int = 0) -> dict:
    """Send the due reminders (date reached, not sent), at most TIPS_ESCALATION_CHUNK a run, each in its own
    transaction; a full chunk queues the next run. Safe to run twice, even at once."""
    due = TipReminder.objects.filter(sent_at__isnull=True, remind_on__lte=timezone.localdate(), id__gt=after)
    ids = list(due.order_by("id").values_list("id", flat=True)[: conf.escalation_chunk()])
    sent = sum(reminder_send(reminder_id=reminder_id) for reminder_id in ids)
    if len(ids) == conf.escalation_chunk():
        enqueue("tips.tasks.reminders_send", ids[-1], on_commit=False)
    return {"sent": sent}


def _tip_link(tip_id: int) -> str:
    with translation.override(None):  # the recipient's language is chosen when they sign in
        return absolute_url("tips:tip_detail", tip_id)


@transaction.atomic
def reminder_send(*, reminder_id: int) -> bool:
    """Claim the reminder (a conditional update: once only), then mail and log it in the same transaction."""
    now = timezone.now()
    if not TipReminder.objects.filter(id=reminder_id, sent_at__isnull=True).update(sent_at=now):
        return False
    reminder = TipReminder.objects.select_related("tip", "hotline", "created_by").get(id=reminder_id)
    handlers = users_with_role(roles.TIP_HANDLER, [reminder.hotline.organization_id])
    setter = handlers.filter(id=reminder.created_by_id)
    recipients = list(setter if setter.exists() else handlers)
    notify(
        recipients=recipients,
        template="tips_reminder",
        context={
            "reference": reminder.tip.reference,
            "tip_url": _tip_link(reminder.tip_id),
        },
        priority=BULK,
    )
    AccessLogEntry.objects.create(
        tip=reminder.tip,
        tip_reference=reminder.tip.reference,
        action=AccessLogEntry.Action.REMINDER_SENT,
        detail=f"{reminder.hotline.slug}: {reminder.remind_on:%Y-%m-%d}, to {len(recipients)}",
    )
    return True
