"""The one way the portal sends anything to anyone.

`notify()` renders a templated message for each recipient in their language, stores it as a
`Notification` row inside the caller's transaction, and queues its sending after commit. A Celery
task takes the row's id, claims it, and hands it to the row's channel. Every attempt is recorded;
transient failures are retried with exponential backoff up to NOTIFICATION_MAX_ATTEMPTS, then the
notification is marked failed (coordinators see those in the admin and on /staff/notifications/).

A secret (a password-reset token, an enrolment link) is never rendered into the row: `notify(secret=(kind, id))`
renders SECRET_PLACEHOLDER where the template says `{{ secret }}`, and the sending task asks SECRET_MAKERS[kind]
for the value and puts it into the message it hands to the channel, never into the database or a log.

Priority: `notify(priority=URGENT)` for a tip's handlers and account security mail, BULK for fan-outs, reminders
and subscribers' notices, DEFAULT otherwise. The row keeps it, so retries and the sweeper use the same queue.

Once-only delivery: `notify(dedupe="<event key>")` writes at most one row per (key, recipient), so running the same
notification again (a task redelivered, a beat job run twice) mails nobody twice. `fan_out()` tells one event to
many people (thousands) with it: a chunk of recipients per run, each in its own transaction, then the next run
queued with the cursor. The cursor is also kept in the database (FanOut), so the sweeper resumes a fan-out whose
next run the broker refused.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .models import FanOut, Notification, NotificationAttempt
from .queue import BULK, DEFAULT, PRIORITIES, URGENT, enqueue, enqueue_each

__all__ = ["BULK", "DEFAULT", "URGENT", "fan_out", "fan_out_key", "keys_notified", "notify"]

log = logging.getLogger(__name__)


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class EmailChannel:
    name = "email"

    def send(self, notification: Notification) -> None:
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers=self._headers(notification),
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(f"recipient refused: {exc}", permanent=True) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _headers(notification: Notification) -> dict[str, str]:
        if not notification.unsubscribe_url:
            return {}
        # One-click: the mail program POSTs "List-Unsubscribe=One-Click" to the link, without a cookie.
        return {
            "List-Unsubscribe": f"<{notification.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }


CHANNELS = {EmailChannel.name: EmailChannel()}
SEND_TASK = "taskforce.tasks.notification_send"

SECRET_PLACEHOLDER = "SECRET-MADE-AT-SENDING"
# kind -> function(ref: int) -> str | None, the secret made at sending time (None: no longer valid).
SECRET_MAKERS = {
    "password_reset": "taskforce.accounts.services.password_reset_token_make",
    "otp_enrolment": "taskforce.accounts.services.otp_enrolment_token_make",
    "training_invitation": "training.onboarding.invitation_token_make",
    "training_signup": "training.onboarding.signup_token_make",
}


def _with_secret(notification: Notification) -> Notification:
    """A copy of the notification, for the channel only, with its secret made now. Never saved."""
    if not notification.secret_kind:
        return notification
    secret = import_string(SECRET_MAKERS[notification.secret_kind])(notification.secret_ref)
    if not secret:
        raise TransportError(f"the {notification.secret_kind} link is no longer valid", permanent=True)
    message = Notification(**{f.attname: getattr(notification, f.attname) for f in Notification._meta.concrete_fields})
    message.body_text = notification.body_text.replace(SECRET_PLACEHOLDER, secret)
    message.body_html = notification.body_html.replace(SECRET_PLACEHOLDER, secret)
    return message


def _recipient_address_and_language(recipient) -> tuple[str, str]:
    if isinstance(recipient, str):
        return recipient, translation.get_language() or settings.LANGUAGE_CODE
    return recipient.email, recipient.preferred_language or settings.LANGUAGE_CODE


def notify(
    *,
    recipients,
    template: str,
    context: dict | None = None,
    unsubscribe_url: str = "",
    secret: tuple[str, int] | None = None,
    priority: str = DEFAULT,
    dedupe: str | None = None,
) -> list[Notification]:
    """Queue `notifications/<template>` for each recipient (a User or an email address).

    Context must not carry tip content: notifications name references and links only. `unsubscribe_url`, for
    mail a person subscribed to, must end the subscription when POSTed to without a cookie or CSRF token; the
    templates see it as `unsubscribe_url` and mail programs as List-Unsubscribe. `secret=(kind, ref)`, a kind of
    SECRET_MAKERS and the id it is made from: the templates see `secret`, which is made only when sending.
    `priority` (URGENT, DEFAULT, BULK) is the queue the mail is sent from. `dedupe`, a key naming the event
    (e.g. "actionplan_status_changed:42"), skips the recipients already notified under that key: at most one mail
    per key and recipient, however often this runs. The rows are written in one insert, whatever their number.
    """
    if secret and secret[0] not in SECRET_MAKERS:
        raise ValueError(f"unknown secret kind {secret[0]!r}")
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    context = {"site_url": settings.SITE_URL, "unsubscribe_url": unsubscribe_url, **(context or {})}
    if secret:
        context["secret"] = SECRET_PLACEHOLDER
    addressed = _addressed(recipients)
    if dedupe and addressed:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe, recipient__in=list(addressed)).values_list(
                "recipient", flat=True
            )
        )
        addressed = {address: pair for address, pair in addressed.items() if address not in already}
    rows = [
        _rendered(
            recipient,
            address,
            language,
            template=template,
            context=context,
            unsubscribe_url=unsubscribe_url,
            secret=secret,
            priority=priority,
            dedupe=dedupe,
        )
        for address, (recipient, language) in addressed.items()
    ]
    if not rows:
        return []
    if dedupe:
        # A concurrent run may have written some of these since the check: the database keeps one of each.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        ids = dict(
            Notification.objects.filter(dedupe_key=dedupe, recipient__in=list(addressed)).values_list("recipient", "id")
        )
        for row in rows:
            row.id = ids.get(row.recipient)
        rows = [row for row in rows if row.id]
    else:
        rows = Notification.objects.bulk_create(rows)
    for notification in rows:
        enqueue(SEND_TASK, notification.id, queue=priority)
    return rows


def _addressed(recipients) -> dict[str, tuple]:
    """Address -> (recipient, language), each address once (ignoring case), in the order given."""
    addressed = {}
    seen = set()
    for recipient in recipients:
        address, language = _recipient_address_and_language(recipient)
        if not address or address.lower() in seen:
            continue
        seen.add(address.lower())
        addressed[address] = (recipient, language)
    return addressed


def _rendered(recipient, address, language, *, template, context, unsubscribe_url, secret, priority, dedupe):
    with translation.override(language):
        ctx = {**context, "recipient": recipient if not isinstance(recipient, str) else None}
        subject = " ".join(render_to_string(f"notifications/{template}.subject.txt", ctx, using="text").split())
        body_text = render_to_string(f"notifications/{template}.txt", ctx, using="text")
        body_html = render_to_string(f"notifications/{template}.html", ctx)
    return Notification(
        recipient=address,
        template=template,
        subject=subject[:250],
        body_text=body_text,
        body_html=body_html,
        unsubscribe_url=unsubscribe_url,
        secret_kind=secret[0] if secret else "",
        secret_ref=secret[1] if secret else None,
        priority=priority,
        dedupe_key=dedupe,
    )


def fan_out_key(template: str, ref: int) -> str:
    """The once-only key of the mails of fan-out `ref` (notify's `dedupe`)."""
    return f"{template}:{ref}"


def keys_notified(keys) -> set[str]:
    """Of these once-only keys, those under which someone was notified: for the sweeper of a fan-out whose first
    run may never have been queued (the broker was down when its change was made)."""
    keys = list(keys)
    return set(Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True).distinct())


def fan_out(*, task: str, ref: int, after: int, recipients: QuerySet, template: str, context: dict) -> bool:
    """One run of a fan-out: tell the event `ref` to the next NOTIFICATION_FANOUT_CHUNK people of `recipients`
    (a queryset of users, taken in order of id after the user id `after`), in one transaction; while people remain,
    queue `task(ref, <last user id>)` on the bulk queue for the next run. Returns True when everyone was told.

    The app's task (`task`, named `<app>.tasks.<fn>`, taking `(ref, after=0)`) only reloads its event and calls
    this. Every mail is keyed `fan_out_key(template, ref)` (notify's `dedupe`), so a run repeated or redelivered mails
    nobody twice; the mails go out on the bulk queue. A request starts a fan-out with one
    `enqueue(task, ref, queue=BULK)` after its change: a fixed number of queries, however many people are told.

    The fan-out's progress is a FanOut row, moved on in the same transaction as the chunk's mails: a run whose
    `after` is not the row's (a run repeated, or overtaken by the sweeper's) does nothing, and one whose next run
    the broker refused is resumed from the row by `fan_outs_resume()` (the notifications sweeper).
    """
    size = settings.NOTIFICATION_FANOUT_CHUNK
    with transaction.atomic():
        progress, _ = FanOut.objects.select_for_update().get_or_create(task=task, ref=ref, defaults={"after": after})
        if progress.finished_at is not None or progress.after != after:
            return progress.finished_at is not None
        chunk = list(recipients.filter(id__gt=after).order_by("id")[:size])
        notify(recipients=chunk, template=template, context=context, priority=BULK, dedupe=fan_out_key(template, ref))
        finished = len(chunk) < size
        now = timezone.now()
        FanOut.objects.filter(id=progress.id).update(
            after=chunk[-1].id if chunk else after, updated_at=now, finished_at=now if finished else None
        )
        if not finished:
            enqueue(task, ref, chunk[-1].id, queue=BULK)
    return finished


def fan_outs_resume() -> int:
    """For the sweeper: queue again the next run of each fan-out that has not moved for
    NOTIFICATION_FANOUT_STALL_SECONDS (the broker refused its next run, or lost it), from its recorded progress, at
    most NOTIFICATION_SWEEP_BATCH of them, stopping at the first refusal. Returns how many were queued."""
    now = timezone.now()
    stalled = FanOut.objects.filter(
        finished_at=None, updated_at__lt=now - timedelta(seconds=settings.NOTIFICATION_FANOUT_STALL_SECONDS)
    ).order_by("updated_at")
    resumed = 0
    for row_id, task, ref, after in stalled.values_list("id", "task", "ref", "after")[
        : settings.NOTIFICATION_SWEEP_BATCH
    ]:
        if not enqueue_each(task, [(ref, after)], queue=BULK):
            break  # the broker refused: the next sweep tries again
        # Not again before another stall period, even if the bulk queue is long.
        FanOut.objects.filter(id=row_id, after=after).update(updated_at=now)
        resumed += 1
    return resumed


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.NOTIFICATION_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0)))


def notification_deliver(notification_id: int) -> str:
    """Send one notification if it is due. Safe to call twice: only one caller claims it."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        id=notification_id, state=Notification.State.PENDING, next_attempt_at__lte=now
    ).update(state=Notification.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    notification = Notification.objects.get(id=notification_id)
    channel = CHANNELS[notification.channel]
    try:
        channel.send(_with_secret(notification))
    except TransportError as exc:
        return _record_failure(notification, exc)
    except Exception as exc:  # noqa: BLE001 -- a misconfigured channel must not leave the row "Sending"
        # The class name only: an exception's text may quote the message (a secret link, an address).
        return _record_failure(notification, TransportError(type(exc).__name__))
    with transaction.atomic():
        NotificationAttempt.objects.create(notification=notification, succeeded=True)
        Notification.objects.filter(id=notification.id).update(
            state=Notification.State.SENT, sent_at=timezone.now(), last_error=""
        )
    return "sent"


def _record_failure(notification: Notification, exc: TransportError) -> str:
    error = str(exc)[:500]
    final = exc.permanent or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS
    next_at = timezone.now() + _backoff(notification.attempts)
    with transaction.atomic():
        NotificationAttempt.objects.create(notification=notification, succeeded=False, error=error)
        Notification.objects.filter(id=notification.id).update(
            state=Notification.State.FAILED if final else Notification.State.PENDING,
            last_error=error,
            next_attempt_at=next_at,
        )
    log.warning("Notification %s attempt %s failed: %s", notification.id, notification.attempts, error)
    if final:
        return "failed"
    enqueue(SEND_TASK, notification.id, on_commit=False, eta=next_at, queue=notification.priority)
    return "retry"


_URGENT_FIRST = Case(*(When(priority=p, then=Value(rank)) for rank, p in enumerate(PRIORITIES)), default=Value(1))


def notifications_due() -> list[tuple[int, str]]:
    """Release notifications whose worker died, then list (id, priority) of those due to be sent: at most
    NOTIFICATION_SWEEP_BATCH, urgent ones first (a backlog of bulk mail must not hide them), then the longest
    waiting."""
    now = timezone.now()
    # A worker that claimed a notification and died leaves it in SENDING; after the lease it is retried.
    lease = timedelta(seconds=settings.NOTIFICATION_SENDING_LEASE_SECONDS)
    Notification.objects.filter(state=Notification.State.SENDING, claimed_at__lt=now - lease).update(
        state=Notification.State.PENDING
    )
    return list(
        Notification.objects.filter(Q(state=Notification.State.PENDING) & Q(next_attempt_at__lte=now))
        .order_by(_URGENT_FIRST, "next_attempt_at")
        .values_list("id", "priority")[: settings.NOTIFICATION_SWEEP_BATCH]
    )


def notifications_requeue() -> int:
    """The sweeper: queue every due notification on its own priority's queue, urgent first. Safe to run twice
    (sending claims the row). Returns how many were due."""
    due = notifications_due()
    for priority in PRIORITIES:
        ids = [row_id for row_id, row_priority in due if row_priority == priority]
        if ids and enqueue_each(SEND_TASK, ids, queue=priority) < len(ids):
            break  # the broker refused: the rest waits for the next sweep
    return len(due)
