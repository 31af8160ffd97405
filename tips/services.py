"""Writes of the tips app: submitting a tip, delivering it, handling it, purging it.

Every change to a tip and every view of one writes an AccessLogEntry in the same transaction.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation

from taskforce.notifications import notify
from taskforce.vocabulary import ExploitationKind, Province

from . import conf, selectors
from .crypto import encrypt_bytes, keyed_hash
from .models import AccessLogEntry, Delivery, Hotline, RoutingRule, Tip, TipFile, TipMessage
from .uploads import CleanFile, clean_upload

log = logging.getLogger(__name__)

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O or 1/I look-alikes
RECEIPT_LENGTH = 20  # 20 symbols x 5 bits = 100 bits
Action = AccessLogEntry.Action


class TipError(Exception):
    """A request the service refuses, with a message fit to show."""


@dataclass(frozen=True)
class TipReceipt:
    tip: Tip
    receipt_code: str


# ----- receipt codes ---------------------------------------------------------------------------------------


def receipt_code_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def receipt_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    return keyed_hash(receipt_normalize(code), purpose="receipt")


def _reference_new() -> str:
    return "T-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))


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


def _file_store(tip: Tip, clean: CleanFile, *, stored: list[str]) -> TipFile:
    name = default_storage.save(f"tips/{uuid.uuid4().hex}.bin", ContentFile(encrypt_bytes(clean.data)))
    stored.append(name)
    return TipFile.objects.create(tip=tip, storage_name=name, content_type=clean.content_type, size=len(clean.data))


def delivery_queue(delivery_id: int) -> None:
    from .tasks import delivery_send  # noqa: PLC0415 -- tasks import services: a circle that enqueue() (taskforce/queue.py) removes

    try:
        delivery_send.delay(delivery_id)
    except Exception as exc:  # the broker is down: the delivery stays pending and the sweeper sends it later
        # Only the error's type: its text may name the broker's address.
        log.warning("Broker unavailable (%s); tip delivery %s left for the sweeper", type(exc).__name__, delivery_id)


def _deliveries_create(tip: Tip, hotlines: list[Hotline]) -> list[Delivery]:
    deliveries = [Delivery.objects.create(tip=tip, hotline=hotline) for hotline in hotlines]
    for delivery in deliveries:
        transaction.on_commit(lambda did=delivery.id: delivery_queue(did))
    return deliveries


def tip_submit(*, form_data: dict, files=(), source: str = "web") -> TipReceipt:
    """Save a tip, its files (encrypted) and one delivery per receiving hotline, all or nothing.

    `files` holds CleanFile objects (checked by the form) or uploaded files (checked here: ValidationError).
    Deliveries are queued after commit; a broker that is down does not fail the submission.
    Raises TipError for a missing text or an unknown province or kind.
    """
    _check_form_data(form_data)
    stored: list[str] = []
    try:
        return _tip_submit(form_data=form_data, files=files, source=source, stored=stored)
    except BaseException:
        for name in stored:  # nothing half-saved: no orphan ciphertext on disk either
            default_storage.delete(name)
        raise


def _check_form_data(form_data: dict) -> None:
    if not (form_data.get("what_happened") or "").strip():
        raise TipError("A tip needs a description of what happened.")
    if form_data.get("province") not in Province.values or form_data.get("kind") not in ExploitationKind.values:
        raise TipError("Unknown province or kind of exploitation.")


@transaction.atomic
def _tip_submit(*, form_data: dict, files, source: str, stored: list[str]) -> TipReceipt:
    province, kind, city = form_data["province"], form_data["kind"], (form_data.get("city") or "").strip()
    receivers = selectors.receivers_for(province=province, kind=kind, city=city)
    if not receivers:
        raise TipError("No hotline receives tips for this region and kind.")
    code = receipt_code_new()
    now = timezone.now()
    tip = Tip.objects.create(
        reference=_reference_new(),
        receipt_hash=receipt_hash(code),
        source=source,
        kind=kind,
        province=province,
        city=city,
        place=(form_data.get("place") or "").strip(),
        when=(form_data.get("when") or "").strip(),
        what_happened=form_data["what_happened"].strip(),
        danger_now=bool(form_data.get("danger_now")),
        people_description=(form_data.get("people_description") or "").strip(),
        contact_preference=(form_data.get("contact_preference") or "").strip(),
        created_at=now,
        last_activity_at=now,
    )
    for upload in files:
        clean = upload if isinstance(upload, CleanFile) else clean_upload(upload)
        _file_store(tip, clean, stored=stored)
    _deliveries_create(tip, receivers)
    _log(tip, Action.RECEIVED, detail=", ".join(h.slug for h in receivers))
    return TipReceipt(tip=tip, receipt_code=code)


# ----- delivering --------------------------------------------------------------------------------------------


def _inbox_link() -> str:
    with translation.override(None):
        path = reverse("tips:inbox")
    return settings.SITE_URL + path


def delivery_send(delivery_id: int) -> str:
    """Tell the receiving hotline's handlers that a tip awaits them. Safe to run twice: one caller claims it."""
    now = timezone.now()
    claimed = Delivery.objects.filter(id=delivery_id, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "skipped"
    with transaction.atomic():
        delivery = Delivery.objects.select_related("tip", "hotline").get(id=delivery_id)
        notify(
            recipients=list(selectors.tip_handlers_of(delivery.hotline.organization_id)),
            template="tips_delivery",
            context={"reference": delivery.tip.reference, "inbox_url": _inbox_link()},
        )
        done = Delivery.objects.filter(id=delivery_id, state=Delivery.State.SENDING, claimed_at=now).update(
            state=Delivery.State.DELIVERED, delivered_at=timezone.now()
        )
        if not done:  # our claim was released and taken by another run meanwhile: it sends, we do not
            transaction.set_rollback(True)
            return "lost-claim"
        _log(delivery.tip, Action.DELIVERED, detail=delivery.hotline.slug)
    return "delivered"


def deliveries_due() -> list[int]:
    """Release deliveries whose worker died mid-way, then list the pending ones to (re)queue."""
    stale = timezone.now() - timedelta(seconds=conf.delivery_lease_seconds())
    Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=stale).update(state=Delivery.State.PENDING)
    return list(Delivery.objects.filter(state=Delivery.State.PENDING).order_by("id").values_list("id", flat=True)[:500])


# ----- handling ---------------------------------------------------------------------------------------------


@transaction.atomic
def tip_record_view(*, tip: Tip, actor, file: TipFile | None = None) -> None:
    if file is None:
        _log(tip, Action.VIEWED, actor=actor)
    else:
        _log(tip, Action.FILE_VIEWED, actor=actor, detail=f"file {file.id}")


@transaction.atomic
def tip_set_status(*, tip: Tip, actor, status: str) -> Tip:
    if status not in Tip.Status.values:
        raise TipError("Unknown status.")
    old = tip.status
    if old == status:
        return tip
    tip.status = status
    tip.closed_at = timezone.now() if status == Tip.Status.CLOSED else None
    _touch(tip)
    tip.save(update_fields=["status", "closed_at", "last_activity_at", "purge_warned_at"])
    _log(tip, Action.STATUS, actor=actor, detail=f"{old} → {status}")
    return tip


@transaction.atomic
def tip_assign(*, tip: Tip, actor, assignee) -> Tip:
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
    message = TipMessage.objects.create(tip=tip, kind=kind, author=actor, body=body)
    _touch(tip)
    tip.save(update_fields=["last_activity_at", "purge_warned_at"])
    action = {"note": Action.NOTE, "reply": Action.REPLIED, "reporter": Action.REPORTER_MESSAGE}[kind]
    _log(tip, action, actor=actor)
    return message


@transaction.atomic
def tip_reroute(*, tip: Tip, actor, from_hotline: Hotline, to_hotline: Hotline) -> Delivery:
    """Hand the tip from one of the actor's hotlines to another hotline, which is then told about it."""
    if from_hotline.id == to_hotline.id or not to_hotline.is_active:
        raise TipError("Choose another, active hotline.")
    withdrawn = tip.deliveries.filter(hotline=from_hotline).exclude(state=Delivery.State.WITHDRAWN)
    if not withdrawn.update(state=Delivery.State.WITHDRAWN):
        raise TipError("This tip is not routed to that hotline.")
    existing = tip.deliveries.filter(hotline=to_hotline).exclude(state=Delivery.State.WITHDRAWN).first()
    delivery = existing or _deliveries_create(tip, [to_hotline])[0]
    _touch(tip)
    tip.save(update_fields=["last_activity_at", "purge_warned_at"])
    _log(tip, Action.REROUTED, actor=actor, detail=f"{from_hotline.slug} → {to_hotline.slug}")
    return delivery


# ----- retention ---------------------------------------------------------------------------------------------


def _purge_due_filter(now) -> Q:
    cutoff = now - timedelta(days=conf.retention_days())
    return Q(status=Tip.Status.CLOSED, closed_at__lte=cutoff, last_activity_at__lte=cutoff)


def _tip_handlers(tip: Tip) -> list:
    org_ids = {
        d.hotline.organization_id
        for d in tip.deliveries.select_related("hotline")
        if d.state != Delivery.State.WITHDRAWN
    }
    return [user for org_id in sorted(org_ids) for user in selectors.tip_handlers_of(org_id)]


@transaction.atomic
def tip_purge_warn(*, tip: Tip) -> None:
    purge_on = max(tip.closed_at, tip.last_activity_at) + timedelta(days=conf.retention_days())
    notify(
        recipients=_tip_handlers(tip),
        template="tips_purge_warning",
        context={"reference": tip.reference, "purge_on": purge_on, "inbox_url": _inbox_link()},
    )
    Tip.objects.filter(id=tip.id).update(purge_warned_at=timezone.now())
    _log(tip, Action.PURGE_WARNED, detail=f"purge on {purge_on:%Y-%m-%d}")


@transaction.atomic
def tip_purge(*, tip: Tip) -> None:
    """Delete the tip, its messages, deliveries and files; the access log keeps its reference only."""
    names = list(tip.files.values_list("storage_name", flat=True))
    _log(tip, Action.PURGED, detail="closed tip purged after the retention period")
    tip.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def tips_purge_closed() -> dict:
    """Warn handlers of closed tips that near their purge date, and purge the warned ones that reached it."""
    now = timezone.now()
    warn_from = now + timedelta(days=conf.purge_warning_days())
    warned = purged = 0
    soon = _purge_due_filter(warn_from)
    for tip in Tip.objects.filter(soon, purge_warned_at__isnull=True):
        tip_purge_warn(tip=tip)
        warned += 1
    for tip in Tip.objects.filter(
        _purge_due_filter(now), purge_warned_at__isnull=False, purge_warned_at__lte=now - timedelta(days=1)
    ):
        tip_purge(tip=tip)
        purged += 1
    return {"warned": warned, "purged": purged}


# ----- the tip form under load ---------------------------------------------------------------------------------


@transaction.atomic
def busy_alert_send() -> None:
    """Tell the coordinators that everyone together reached the form's hourly level of accepted tips, so the form
    now slows down (it never refuses). No tip content and nothing about who sent them."""
    notify(
        recipients=list(selectors.coordinators()),
        template="tips_busy",
        context={"level": conf.rate_global(), "minutes": conf.rate_window_seconds() // 60},
    )
