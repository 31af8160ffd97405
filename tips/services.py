"""Writes of the tips app: submitting a tip, delivering it, handling it, purging it.

Every change to a tip and every view of one writes an AccessLogEntry in the same transaction.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from taskforce import roles
from taskforce.codes import readable_code
from taskforce.language import language_codes
from taskforce.links import absolute_url
from taskforce.notifications import URGENT, notify
from taskforce.queue import enqueue
from taskforce.selectors import users_with_role
from taskforce.storage import STORAGE_ERRORS
from taskforce.vocabulary import ExploitationKind, Province

from . import conf, keys, sealing, selectors
from .access import require_hotline_coordinator
from .crypto import keyed_hash
from .models import (
    AccessLogEntry,
    Delivery,
    Hotline,
    HotlineLabel,
    RoutingRule,
    Tip,
    TipFile,
    TipMessage,
    TipReminder,
    TipSeen,
)
from .uploads import CleanFile, clean_upload

log = logging.getLogger(__name__)

RECEIPT_LENGTH = 20  # 20 symbols of taskforce.codes.ALPHABET: about 98 bits
Action = AccessLogEntry.Action


class TipError(Exception):
    """A request the service refuses, with a message fit to show."""


class FilesUnavailable(TipError):
    """The tip's files could not be stored (the disk or the shared bucket did not answer): nothing was kept."""


class NoReader(TipError):
    """Nobody could read the tip: no hotline it could go to has a handler with a key, nor an escrow key."""


@dataclass(frozen=True)
class TipReceipt:
    tip: Tip
    receipt_code: str


# ----- receipt codes ---------------------------------------------------------------------------------------


def receipt_code_new() -> str:
    raw = readable_code(RECEIPT_LENGTH)
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    return keyed_hash(receipt_normalize(code), purpose="receipt")


def _reference_new() -> str:
    return "T-" + readable_code(8)


# ----- the access log --------------------------------------------------------------------------------------


def _log(tip: Tip, action: str, *, actor=None, detail: str = "") -> None:
    AccessLogEntry.objects.create(tip=tip, tip_reference=tip.reference, actor=actor, action=action, detail=detail)


def _touch(tip: Tip) -> None:
    """Activity on a tip postpones its purge."""
    tip.last_activity_at = timezone.now()
    tip.purge_warned_at = None


# ----- hotlines and routing (used by the seed and the admin) ---------------------------------------------


@transaction.atomic
def hotline_upsert(*, slug: str, organization, **fields) -> Hotline:
    hotline, _created = Hotline.objects.update_or_create(slug=slug, defaults={"organization": organization, **fields})
    return hotline


@transaction.atomic
def routing_rule_set(*, kind: str, province: str, hotlines: list[Hotline], city: str = "") -> RoutingRule:
    rule, _created = RoutingRule.objects.get_or_create(kind=kind, province=province, city=city)
    rule.hotlines.set(hotlines)
    return rule


# ----- submitting --------------------------------------------------------------------------------------------


def file_put(data: bytes, *, stored: list[str]) -> str:
    """Store a file's ciphertext under a new random name (noted in `stored`, to delete if the caller fails)."""
    try:
        name = default_storage.save(f"tips/{uuid.uuid4().hex}.bin", ContentFile(data))
    except STORAGE_ERRORS as exc:  # the disk or the shared bucket did not take it: the whole tip is refused
        raise FilesUnavailable("The files could not be stored.") from exc
    stored.append(name)
    return name


def _file_store(tip: Tip, clean: CleanFile, *, stored: list[str]) -> TipFile:
    name = file_put(keys.seal(bytes(tip.public_key), clean.data), stored=stored)
    return TipFile.objects.create(
        tip=tip, storage_name=name, content_type=clean.content_type, size=len(clean.data), sealed=True
    )


def _deliveries_create(tip: Tip, hotlines: list[Hotline]) -> list[Delivery]:
    """Route the tip to each hotline and tell its handlers, in the caller's transaction.

    The notices are Notification rows written with the tip, so they are as durable as the tip itself: notify()
    queues them after commit, retries them and its sweeper sends what a broker outage left behind.
    """
    deliveries = [Delivery.objects.create(tip=tip, hotline=hotline) for hotline in hotlines]
    for delivery in deliveries:
        _handlers_tell(delivery)
    return deliveries


def tip_submit(*, form_data: dict, files=(), source: str = "web", language: str = "") -> TipReceipt:
    """Save a tip, its files (encrypted) and one delivery per receiving hotline, all or nothing.

    `files` holds CleanFile objects (checked by the form) or uploaded files (checked here: ValidationError).
    Deliveries are queued after commit; a broker that is down does not fail the submission.
    `language` is the page's language (kept so that handlers answer in it; an unknown code is dropped).
    Raises TipError for a missing text or an unknown province or kind.
    """
    language = language if language in language_codes() else ""
    _check_form_data(form_data)
    stored: list[str] = []
    try:
        return _tip_submit(form_data=form_data, files=files, source=source, language=language, stored=stored)
    except BaseException:
        files_forget(stored)  # nothing half-saved: no orphan ciphertext in the storage either
        raise


def files_forget(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except STORAGE_ERRORS:  # a storage that failed mid-way may not answer this either: say which file stays
            log.exception("Could not delete the stored file %s of a refused or purged tip", name)


def _check_form_data(form_data: dict) -> None:
    if not (form_data.get("what_happened") or "").strip():
        raise TipError("A tip needs a description of what happened.")
    if form_data.get("province") not in Province.values or form_data.get("kind") not in ExploitationKind.values:
        raise TipError("Unknown province or kind of exploitation.")


@transaction.atomic
def _tip_submit(*, form_data: dict, files, source: str, language: str, stored: list[str]) -> TipReceipt:
    province, kind, city = form_data["province"], form_data["kind"], (form_data.get("city") or "").strip()
    nationals = selectors.national_receivers(kind=kind)  # the fallback and the escalation targets: read once
    receivers = selectors.receivers_for(province=province, kind=kind, city=city, nationals=nationals)
    if not receivers:
        raise TipError("No hotline receives tips for this region and kind.")
    receivers, readers = _readers_for(kind, receivers, nationals)
    code = receipt_code_new()
    now = timezone.now()
    # Issue 23: a key pair of the tip's own, held by this request only; everything the reporter gave is sealed to
    # its public key, and its private key to each reader's public key and to the reporter's receipt code.
    pair = keys.keypair_new()
    content = {name: (form_data.get(name) or "").strip() for name in sealing.CONTENT_FIELDS}
    content["city"] = city
    tip = Tip(
        reference=_reference_new(),
        receipt_hash=receipt_hash(code),
        source=source,
        language=language,
        kind=kind,
        province=province,
        public_key=pair.public,
        content=sealing.content_seal(pair.public, content),
        danger_now=bool(form_data.get("danger_now")),
        urgent_waiting=bool(form_data.get("danger_now")),  # sorts first in the inbox until a handler opens it
        created_at=now,
        last_activity_at=now,
    )
    sealing.reporter_seal(tip, receipt_normalize(code), pair.private)
    tip.save(force_insert=True)
    sealing.grants_new(tip, pair.private, readers)
    for upload in files:
        clean = upload if isinstance(upload, CleanFile) else clean_upload(upload)
        _file_store(tip, clean, stored=stored)
    _log(tip, Action.RECEIVED, detail=", ".join(h.slug for h in receivers))
    _deliveries_create(tip, receivers)
    return TipReceipt(tip=tip, receipt_code=code)


def _readers_for(kind: str, receivers: list[Hotline], nationals: list[Hotline]) -> tuple[list[Hotline], list]:
    """The hotlines the tip goes to and who its key is sealed to: the receivers' readers and those of the hotlines
    it can escalate to. When no receiver has a reader, the tip goes at once to the escalation hotlines that have
    one; when none has, NoReader (the reporter keeps the form and is told to call; the coordinators are told)."""
    targets = sealing.escalation_targets(kind, receivers, nationals=nationals)
    readers = sealing.readers_of(receivers + targets)
    if not {hotline.id for hotline, _user, _key in readers} & {h.id for h in receivers}:
        with_reader = {hotline.id for hotline, _user, _key in readers}
        receivers = receivers + [h for h in targets if h.id in with_reader]
        if not with_reader:
            raise NoReader("No hotline that could receive this tip has anyone with a key to read it.")
    return receivers, readers


# ----- delivering --------------------------------------------------------------------------------------------


def _inbox_link() -> str:
    with translation.override(None):
        return absolute_url("tips:inbox")


def _handlers_tell(delivery: Delivery) -> None:
    """Tell the receiving hotline's handlers that a tip awaits them: a reference and a link, never content. A tip
    marked "someone is in danger now" gets its own, urgent notice."""
    notify(
        recipients=list(users_with_role(roles.TIP_HANDLER, [delivery.hotline.organization_id])),
        template="tips_urgent" if delivery.tip.danger_now else "tips_delivery",
        context={"reference": delivery.tip.reference, "inbox_url": _inbox_link()},
        priority=URGENT,
    )
    _log(delivery.tip, Action.DELIVERED, detail=delivery.hotline.slug)


# ----- handling ---------------------------------------------------------------------------------------------


@transaction.atomic
def tip_record_view(*, tip: Tip, actor, file: TipFile | None = None) -> None:
    if file is None:
        _log(tip, Action.VIEWED, actor=actor)
        _tip_opened(tip, actor=actor)
    else:
        _log(tip, Action.FILE_VIEWED, actor=actor, detail=f"file {file.id}")


@transaction.atomic
def tip_set_status(*, tip: Tip, actor, status: str, close_reason: str = "", close_note: str = "") -> Tip:
    """Change the status. Closing needs a reason of Tip.CloseReason (a fixed list, so closings can be counted) and
    may carry a note (sealed to the tip); any other status clears both."""
    if status not in Tip.Status.values:
        raise TipError("Unknown status.")
    closing = status == Tip.Status.CLOSED
    if closing and close_reason not in Tip.CloseReason.values:
        raise TipError(gettext("Choose the reason for closing the tip."))
    old, note = tip.status, close_note.strip() if closing else ""
    has_note = bool(bytes(tip.close_note_sealed)) or bool(tip.close_note)
    if old == status and (not closing or (tip.close_reason == close_reason and not note and not has_note)):
        return tip
    tip.status = status
    if old != status:
        tip.closed_at = timezone.now() if closing else None
    tip.close_reason = close_reason if closing else ""
    sealing.text_set(tip, "close_note", "close_note_sealed", note)
    _touch(tip)
    tip.save(
        update_fields=[
            "status",
            "closed_at",
            "close_reason",
            "close_note",
            "close_note_sealed",
            "last_activity_at",
            "purge_warned_at",
        ]
    )
    _log(tip, Action.STATUS, actor=actor, detail=f"{old} → {status}" + (f" ({close_reason})" if closing else ""))
    return tip


@transaction.atomic
def tip_assign(*, tip: Tip, actor, assignee) -> Tip:
    """Assign the tip to an active tip handler of one of its live hotlines (or to nobody)."""
    if assignee is not None and not tip_assignable_handlers(tip).filter(pk=assignee.pk).exists():
        raise TipError(ASSIGNEE_REFUSED)
    old = tip.assigned_to
    tip.assigned_to = assignee
    _touch(tip)
    tip.save(update_fields=["assigned_to", "last_activity_at", "purge_warned_at"])
    _log(
        tip, Action.ASSIGNED, actor=actor, detail=f"{old.email if old else '-'} → {assignee.email if assignee else '-'}"
    )
    return tip


@transaction.atomic
def tip_message_add(*, tip: Tip, actor, kind: str, body: str) -> TipMessage:
    """An internal note or a reply to the reporter from a handler (actor), or a reporter's message (actor None)."""
    body = (body or "").strip()
    if not body:
        raise TipError("The message is empty.")
    message = TipMessage(tip=tip, kind=kind, author=actor)
    sealing.text_set(message, "body", "body_sealed", body, tip=tip)
    message.save(force_insert=True)
    _touch(tip)
    fields = ["last_activity_at", "purge_warned_at"]
    if kind == "reporter":
        tip.reporter_activity_at = message.created_at
        fields.append("reporter_activity_at")
        _reporter_activity_tell(tip)
        selectors.unread_counts_changed()
    elif kind == "reply" and tip.first_replied_at is None:
        tip.first_replied_at = message.created_at
        fields.append("first_replied_at")
    tip.save(update_fields=fields)
    action = {"note": Action.NOTE, "reply": Action.REPLIED, "reporter": Action.REPORTER_MESSAGE}[kind]
    _log(tip, action, actor=actor)
    return message


def tip_reroute(*, tip: Tip, actor, from_hotline: Hotline, to_hotline: Hotline, tip_private: bytes) -> Delivery:
    """Hand the tip from one of the actor's hotlines to another hotline, which is then told about it. The tip's key
    (`tip_private`, opened in the actor's request) is sealed to that hotline's readers in the same transaction."""
    if from_hotline.id == to_hotline.id or not to_hotline.is_active:
        raise TipError(gettext("Choose another, active hotline."))
    if not users_with_role(roles.TIP_HANDLER, [to_hotline.organization_id]).exists():
        # Sent there, the tip would reach nobody: no mail, no inbox. It stays here until that hotline has handlers.
        raise TipError(gettext("Nobody at that hotline can receive tips yet: choose another hotline."))
    if tip_private != sealing.LEGACY and not sealing.has_reader(to_hotline):
        # Sent there, nobody could open it: it stays here, and the coordinators are told (never silently unreadable).
        readers_missing_tell(hotline=to_hotline, reference=tip.reference)
        raise TipError(gettext("Nobody at that hotline has a key to read tips yet: the tip stays here."))
    return _tip_reroute(tip=tip, actor=actor, from_hotline=from_hotline, to_hotline=to_hotline, tip_private=tip_private)


@transaction.atomic
def _tip_reroute(*, tip: Tip, actor, from_hotline: Hotline, to_hotline: Hotline, tip_private: bytes) -> Delivery:
    if tip_private != sealing.LEGACY:
        sealing.grants_write(tip, tip_private, sealing.readers_of([to_hotline]), granted_by=actor)
    withdrawn = tip.deliveries.filter(hotline=from_hotline).exclude(state=Delivery.State.WITHDRAWN)
    if not withdrawn.update(state=Delivery.State.WITHDRAWN):
        raise TipError(gettext("This tip is not routed to that hotline."))
    existing = tip.deliveries.filter(hotline=to_hotline).exclude(state=Delivery.State.WITHDRAWN).first()
    delivery = existing or _deliveries_create(tip, [to_hotline])[0]
    _touch(tip)
    update = ["last_activity_at", "purge_warned_at"]
    if tip.assigned_to_id and not tip_assignable_handlers(tip).filter(pk=tip.assigned_to_id).exists():
        _log(tip, Action.ASSIGNED, actor=actor, detail=f"{tip.assigned_to.email} → - (re-routed)")
        tip.assigned_to = None  # the assignee no longer reads the tip: the new hotline assigns its own
        update.append("assigned_to")
    tip.save(update_fields=update)
    # The old hotline's follow-up dates leave with the tip (their reasons were that hotline's notes).
    TipReminder.objects.filter(tip=tip, hotline=from_hotline, sent_at__isnull=True).delete()
    _log(tip, Action.REROUTED, actor=actor, detail=f"{from_hotline.slug} → {to_hotline.slug}")
    selectors.unread_counts_changed()  # the tip's unread activity moves with it to the other hotline's handlers
    return delivery


# ----- retention ---------------------------------------------------------------------------------------------


def _purge_due_filter(now) -> Q:
    cutoff = now - timedelta(days=conf.retention_days())
    return Q(status=Tip.Status.CLOSED, closed_at__lte=cutoff, last_activity_at__lte=cutoff)


def _warning_due(now) -> Q:
    return _purge_due_filter(now + timedelta(days=conf.purge_warning_days())) & Q(purge_warned_at__isnull=True)


def _purge_due(now) -> Q:
    return _purge_due_filter(now) & Q(purge_warned_at__isnull=False, purge_warned_at__lte=now - timedelta(days=1))


def _tip_handlers(tip: Tip) -> list:
    org_ids = {
        d.hotline.organization_id
        for d in tip.deliveries.select_related("hotline")
        if d.state != Delivery.State.WITHDRAWN
    }
    return [user for org_id in sorted(org_ids) for user in users_with_role(roles.TIP_HANDLER, [org_id])]


@transaction.atomic
def tip_purge_warn(*, tip: Tip) -> bool:
    """Warn the tip's handlers once: the tip is claimed first, so a second run at the same time warns nobody."""
    now = timezone.now()
    if not Tip.objects.filter(_warning_due(now), id=tip.id).update(purge_warned_at=now):
        return False
    purge_on = max(tip.closed_at, tip.last_activity_at) + timedelta(days=conf.retention_days())
    notify(
        recipients=_tip_handlers(tip),
        template="tips_purge_warning",
        context={"reference": tip.reference, "purge_on": purge_on, "inbox_url": _inbox_link()},
    )
    _log(tip, Action.PURGE_WARNED, detail=f"purge on {purge_on:%Y-%m-%d}")
    return True


@transaction.atomic
def tip_purge(*, tip: Tip) -> bool:
    """Delete the tip, its messages, deliveries and files; the access log keeps its reference only. The tip is
    locked and checked again first: one a second run already purged, or that saw activity since, is left alone."""
    due = Tip.objects.select_for_update().only("id", "reference").filter(_purge_due(timezone.now()), id=tip.id)
    tip = due.first()
    if tip is None:
        return False
    names = list(tip.files.values_list("storage_name", flat=True))
    _log(tip, Action.PURGED, detail="closed tip purged after the retention period")
    tip.delete()
    transaction.on_commit(lambda: files_forget(names))  # a storage that is down: each file left is logged
    return True


def tips_purge_closed() -> dict:
    """Warn handlers of closed tips that near their purge date, and purge the warned ones that reached it.

    At most TIPS_PURGE_CHUNK tips a run, each in its own transaction, so that a run ends well within the broker's
    visibility timeout (after which Redis would hand it to a second worker while it still runs); while more are
    due, the run queues the next one. Safe to run twice, even at once: each tip is claimed before it is touched.
    """
    now, chunk = timezone.now(), conf.purge_chunk()
    due = Tip.objects.only("id", "reference", "closed_at", "last_activity_at").order_by("id")  # no content
    to_warn = list(due.filter(_warning_due(now))[:chunk])
    to_purge = list(due.filter(_purge_due(now))[: chunk - len(to_warn)])
    warned = sum(tip_purge_warn(tip=tip) for tip in to_warn)
    purged = sum(tip_purge(tip=tip) for tip in to_purge)
    if len(to_warn) + len(to_purge) == chunk and Tip.objects.filter(_warning_due(now) | _purge_due(now)).exists():
        enqueue("tips.tasks.tips_purge_closed", on_commit=False)
    return {"warned": warned, "purged": purged}


def readers_missing_tell(*, hotline: Hotline, reference: str = "") -> None:
    """Tell the hotline's coordinators and the task force's that a tip could not go to this hotline because nobody
    there has a key to read it (a reference at most, never content)."""
    recipients = list(users_with_role(roles.HOTLINE_COORDINATOR, [hotline.organization_id]))
    recipients += list(users_with_role(roles.COORDINATOR))
    with transaction.atomic():
        notify(
            recipients=recipients,
            template="tips_no_reader",
            context={"hotline": str(hotline.name), "reference": reference},
            priority=URGENT,
        )


# ----- the tip form under load ---------------------------------------------------------------------------------


@transaction.atomic
def busy_alert_send() -> None:
    """Tell the coordinators that everyone together reached the form's hourly level of accepted tips, so the form
    now slows down (it never refuses). No tip content and nothing about who sent them."""
    notify(
        recipients=list(users_with_role(roles.COORDINATOR)),  # they hear when the tip form slows down
        template="tips_busy",
        context={"level": conf.rate_global(), "minutes": conf.rate_window_seconds() // 60},
    )


# ----- escalation (tips/escalation.py) ---------------------------------------------------------------------


def tip_deliver_also(*, tip: Tip, hotline: Hotline) -> Delivery | None:
    """Route the tip to one more hotline and tell its handlers, in the caller's transaction, as at submission;
    None when the tip is already with that hotline."""
    if tip.deliveries.filter(hotline=hotline, state__in=selectors.LIVE_DELIVERY_STATES).exists():
        return None
    return _deliveries_create(tip, [hotline])[0]


# ----- case handling (issue 17): first opening, reporter activity, assignment, labels, deactivation -----------

ASSIGNEE_REFUSED = gettext_lazy("A tip can only be assigned to an active tip handler of one of its hotlines.")


def _live_hotline_ids(tip: Tip):
    """A subquery (no query of its own): the hotlines the tip is routed to now."""
    return Delivery.objects.filter(tip=tip, state__in=selectors.LIVE_DELIVERY_STATES).values("hotline_id")


def tip_assignable_handlers(tip: Tip):
    """The people a tip may be assigned to: active tip handlers of the organizations of its live hotlines."""
    org_ids = Hotline.objects.filter(id__in=_live_hotline_ids(tip)).values("organization_id")
    handlers = users_with_role(roles.TIP_HANDLER).filter(memberships__organization_id__in=org_ids)
    return handlers.order_by("full_name", "email")


def _tip_opened(tip: Tip, *, actor) -> None:
    """A handler opened the tip: the first opening (once), their hotlines' first opening (once), the end of its
    urgent wait, and what this handler has now seen (the reporter's activity up to now is read)."""
    now = timezone.now()
    opened = Tip.objects.filter(id=tip.id, first_opened_at__isnull=True)
    if tip.first_opened_at is None and opened.update(first_opened_at=now):
        tip.first_opened_at = now
    if tip.urgent_waiting and Tip.objects.filter(id=tip.id, urgent_waiting=True).update(urgent_waiting=False):
        tip.urgent_waiting = False
    Delivery.objects.filter(
        tip=tip,
        state__in=selectors.LIVE_DELIVERY_STATES,
        opened_at__isnull=True,
        hotline__in=selectors.hotlines_handled(actor).values("id"),
    ).update(opened_at=now)
    if not TipSeen.objects.filter(tip=tip, user=actor).update(seen_at=now):
        TipSeen.objects.get_or_create(tip=tip, user=actor, defaults={"seen_at": now})
    selectors.unread_counts_changed(handler=actor)


def _reporter_activity_tell(tip: Tip) -> None:
    """The reporter wrote: tell the assignee, or (unassigned, or the assignee left) the handlers of the tip's live
    hotlines. A reference and a link, never what was written."""
    assignee = tip.assigned_to
    if assignee is not None and tip_assignable_handlers(tip).filter(pk=assignee.pk).exists():
        recipients = [assignee]
    else:
        recipients = list(tip_assignable_handlers(tip))
    with translation.override(None):
        tip_url = absolute_url("tips:tip_detail", tip.id)
    notify(
        recipients=recipients,
        template="tips_reporter_activity",
        context={"reference": tip.reference, "tip_url": tip_url},
    )


def _label_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise TipError(gettext("A label needs a name."))
    if len(name) > HotlineLabel._meta.get_field("name").max_length:
        raise TipError(gettext("A label's name is at most 60 characters."))
    return name


def _label_name_free(hotline: Hotline, name: str, *, exclude: int | None = None) -> None:
    if HotlineLabel.objects.filter(hotline=hotline, name__iexact=name).exclude(id=exclude).exists():
        raise TipError(gettext("This hotline already has a label with that name."))


@transaction.atomic
def label_create(*, hotline: Hotline, actor, name: str) -> HotlineLabel:
    require_hotline_coordinator(actor, hotline)
    name = _label_name(name)
    _label_name_free(hotline, name)
    return HotlineLabel.objects.create(hotline=hotline, name=name, created_by=actor)


@transaction.atomic
def label_rename(*, label: HotlineLabel, actor, name: str) -> HotlineLabel:
    require_hotline_coordinator(actor, label.hotline)
    name = _label_name(name)
    _label_name_free(label.hotline, name, exclude=label.id)
    label.name = name
    label.save(update_fields=["name"])
    return label


@transaction.atomic
def label_delete(*, label: HotlineLabel, actor) -> None:
    require_hotline_coordinator(actor, label.hotline)
    label.delete()


def tip_labels_available(tip: Tip, user):
    """The labels the handler may put on the tip: those of their own hotlines the tip is routed to now."""
    mine = selectors.hotlines_handled(user).filter(id__in=_live_hotline_ids(tip))
    return HotlineLabel.objects.filter(hotline__in=mine).select_related("hotline").order_by("hotline__name", "name")


@transaction.atomic
def tip_labels_set(*, tip: Tip, actor, labels) -> Tip:
    """Set the tip's labels of the actor's hotlines (labels of other hotlines on the tip stay as they are). A label
    the actor may not use is refused."""
    available = {label.id: label for label in tip_labels_available(tip, actor)}
    wanted = {label.id for label in labels}
    if not wanted <= available.keys():
        raise TipError(gettext("Choose labels of your own hotlines."))
    current = set(tip.labels.filter(id__in=available).values_list("id", flat=True))
    added, removed = wanted - current, current - wanted
    if not added and not removed:
        return tip
    tip.labels.add(*added)
    tip.labels.remove(*removed)

    # Labels by hotline and number, not name: the access log is shown to every hotline the tip is routed to, and a
    # label's name is its own hotline's business.
    def named(sign, ids):
        return [f"{sign}{available[i].hotline.slug}/{i}" for i in sorted(ids)]

    detail = ", ".join(named("+", added) + named("-", removed))
    _log(tip, Action.LABELLED, actor=actor, detail=detail[:200])
    return tip


@transaction.atomic
def tips_unassign_departed(*, user) -> int:
    """A handler who left (deactivated): their open tips show as unassigned, each change in the tip's log."""
    if user.is_active:
        return 0
    tips = list(
        Tip.objects.select_for_update()
        .filter(assigned_to=user)
        .exclude(status=Tip.Status.CLOSED)
        .only("id", "reference", "assigned_to")
    )
    for tip in tips:
        Tip.objects.filter(id=tip.id).update(assigned_to=None)
        _log(tip, Action.ASSIGNED, detail="deactivated")
    return len(tips)
