"""Writes of the publications app: the registry workflow, its change log, subscriptions, publications."""

from __future__ import annotations

import hashlib
import secrets
from copy import copy
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from taskforce import roles
from taskforce.codes import readable_code
from taskforce.exceptions import Conflict
from taskforce.links import absolute_url
from taskforce.notifications import BULK, notify
from taskforce.queue import enqueue, enqueue_each
from taskforce.uploads import PDF, CleanFile, clean_upload

from . import access, conf, exports, selectors, snapshot_files
from .identifiers import business_number_compact, corporate_registry_number_compact
from .models import (
    ENTRY_FIELDS,
    PUBLIC_STATUSES,
    ChangeAnnouncement,
    Publication,
    RegistryChange,
    RegistryCorrection,
    RegistryEdit,
    RegistryEntry,
    RegistrySnapshot,
    RegistrySnapshotBuild,
    RegistrySource,
    RegistryStep,
    Subscription,
    typed_value,
)
from .names import names_norm
from .text import search_key

S = RegistryEntry.Status
C = RegistryCorrection.Status
ANNOUNCE_TASK = "publications.tasks.registry_change_announce"  # mails the subscribers about one change
SNAPSHOT_TASK = "publications.tasks.registry_snapshot_build"  # writes the whole registry's download files


ENTRY_CHANGED = gettext_lazy(
    "This entry changed since you opened it. Reload the page to see the current version, then try again."
)
# The pending correction was proposed or amended since the person opened it: an approver approves only the text
# they saw, and an editor never overwrites a colleague's proposal unseen.
CORRECTION_CHANGED = gettext_lazy(
    "This correction changed since you opened it. Reload the page to see what it changes now."
)


# ----- registry: drafting ---------------------------------------------------------------------------------


def _new_public_id() -> str:
    while True:
        candidate = "HT-" + readable_code(7)  # read aloud and typed
        if not RegistryEntry.objects.filter(public_id=candidate).exists():
            return candidate


def _refresh_search_columns(entry: RegistryEntry) -> None:
    entry.name_key = search_key(entry.legal_name)[:200]
    entry.search_text = "\n".join([search_key(entry.legal_name), *(search_key(a) for a in entry.alias_list)])
    entry.name_norm = names_norm(entry.legal_name, entry.alias_list)


_IDENTIFIERS = {
    "business_number": business_number_compact,
    "corporate_registry_number": corporate_registry_number_compact,
}


def _compact_identifiers(data: dict) -> dict:
    """The identifiers as stored ("123 456 782 rt0001" -> "123456782RT0001"); a wrong one is refused naming its
    field, before anything is written."""
    data = dict(data)
    for name, compact in _IDENTIFIERS.items():
        if name in data:
            try:
                data[name] = compact(data[name] or "")
            except ValidationError as error:
                raise ValidationError({name: error.messages}) from None
    return data


def _check_version(entry: RegistryEntry, version: int | None) -> None:
    if version is not None and int(version) != entry.version:
        raise Conflict(ENTRY_CHANGED)


def _save_with_version(entry: RegistryEntry, version: int | None) -> None:
    """Write the entry only if nobody else wrote it since `version`; bump the version."""
    expected = entry.version if version is None else int(version)
    entry.version = expected + 1
    entry.updated_at = timezone.now()
    values = {f.attname: getattr(entry, f.attname) for f in RegistryEntry._meta.concrete_fields if not f.primary_key}
    if not RegistryEntry.objects.filter(pk=entry.pk, version=expected).update(**values):
        raise Conflict(ENTRY_CHANGED)


@transaction.atomic
def entry_create(*, actor, data: dict, is_fictional: bool = False) -> RegistryEntry:
    """A Registry editor drafts a new entry."""
    access.require_role(actor, roles.REGISTRY_EDITOR)
    data = _compact_identifiers(data)
    entry = RegistryEntry(
        public_id=_new_public_id(),
        created_by=actor,
        representations_days=conf.representations_days(),
        is_fictional=is_fictional,
    )
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    _refresh_search_columns(entry)
    entry.full_clean(exclude=["created_by", "public_id", "name_key", "search_text", "name_norm"])
    entry.save()
    _record_edit(entry, actor, ["created"])
    return entry


def _record_edit(entry: RegistryEntry, actor, fields, *, correction: RegistryCorrection | None = None) -> None:
    """One line of the editor trail: who changed which version. Approval and publication read it."""
    if fields:
        version = correction.version if correction is not None else entry.version
        RegistryEdit.objects.create(
            entry=entry, correction=correction, actor=actor, version=version, fields=",".join(fields)[:300]
        )


def _changed_fields(entry: RegistryEntry, data: dict) -> list[tuple[str, object, object]]:
    changes = []
    for name in ENTRY_FIELDS:
        if name in data and getattr(entry, name) != data[name]:
            changes.append((name, getattr(entry, name), data[name]))
    return changes


def _stored(value) -> str:
    """Values are logged as stored (choice codes, ISO dates); the change log shows them in the reader's language."""
    return "" if value is None else str(value)


_CLEAN_EXCLUDE = ["created_by", "public_id", "name_key", "search_text", "name_norm", "version"]


@transaction.atomic
def entry_update(*, entry: RegistryEntry, actor, data: dict, version: int | None) -> RegistryEntry:
    """Edit an entry before publication; each edit is a line of the editor trail. A published entry is never
    edited here: its changes are corrections (`correction_propose`), public only once another person approves."""
    access.require_role(actor, roles.REGISTRY_EDITOR)
    data = _compact_identifiers(data)
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    _check_version(entry, version)
    if entry.status == S.DELISTED:
        raise ValidationError(_("A delisted entry cannot be changed."))
    if entry.status in PUBLIC_STATUSES:
        raise ValidationError(_("This entry is published: propose a correction, which another person approves."))
    changes = _changed_fields(entry, data)
    for name, _old, new in changes:
        setattr(entry, name, new)
    _refresh_search_columns(entry)
    entry.full_clean(exclude=_CLEAN_EXCLUDE)
    sent_back = entry.status == S.APPROVED and bool(changes)
    if sent_back:
        entry.status = S.LEGAL_REVIEW  # an approved text that changes needs approving again
    _save_with_version(entry, version)
    _record_edit(entry, actor, [name for name, _old, _new in changes])
    if sent_back:
        _record_step(entry, actor, RegistryStep.Action.RETURNED, S.APPROVED)
    return entry


# ----- registry: corrections of published entries ------------------------------------------------------------


def _pending_correction(entry: RegistryEntry) -> RegistryCorrection | None:
    return RegistryCorrection.objects.select_for_update().filter(entry=entry, status=C.PENDING).first()


@transaction.atomic
def correction_propose(
    *, entry: RegistryEntry, actor, data: dict, version: int | None, reason: str = "", correction_version: int = 0
) -> RegistryCorrection:
    """Propose (or amend) the correction of a published entry. The entry and its public page, feed, downloads
    and API keep the old text until a Registry approver who did not change the correction approves it.
    `correction_version` is the version of the pending correction the editor read (0: none was pending), so
    that nobody's proposal is overwritten unseen."""
    access.require_role(actor, roles.REGISTRY_EDITOR)
    data = _compact_identifiers(data)
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    _check_version(entry, version)
    if entry.status not in PUBLIC_STATUSES:
        raise ValidationError(
            _("Only a published entry is corrected; this one is %(status)s.") % {"status": entry.get_status_display()}
        )
    correction = _pending_correction(entry)
    if int(correction_version or 0) != (correction.version if correction else 0):
        raise Conflict(CORRECTION_CHANGED)
    proposed = dict(correction.proposed) if correction else {}
    candidate = selectors.registry_correction_preview(entry, correction) if correction else copy(entry)
    touched = [name for name, _old, _new in _changed_fields(candidate, data)]
    for name in touched:
        setattr(candidate, name, data[name])
    if not touched:
        raise ValidationError(_("This changes nothing in the entry."))
    candidate.full_clean(exclude=_CLEAN_EXCLUDE)
    for name in touched:
        new = _stored(getattr(candidate, name))
        if new == _stored(getattr(entry, name)):
            proposed.pop(name, None)  # set back to the public text
        else:
            proposed[name] = new
    if correction is None:
        if not reason.strip():
            raise ValidationError({"reason": _("Give the reason for this correction; it is shown publicly.")})
        correction = RegistryCorrection(entry=entry, proposed_by=actor, version=0)
    if reason.strip():
        correction.reason = reason
    correction.proposed = proposed
    correction.version += 1
    correction.save()
    _record_edit(entry, actor, touched, correction=correction)
    return correction


def _refuse_own_correction(correction: RegistryCorrection, actor) -> None:
    if selectors.registry_correction_changed_by(correction, actor):
        raise PermissionDenied(
            _("You changed this correction, so another person with the Registry approver role must approve it.")
        )


def _decidable(correction: RegistryCorrection, version: int | None) -> tuple[RegistryEntry, RegistryCorrection]:
    entry = RegistryEntry.objects.select_for_update().get(pk=correction.entry_id)  # the entry first, as proposing
    correction = RegistryCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != C.PENDING:
        raise ValidationError(_("This correction was decided already."))
    if version is not None and int(version) != correction.version:
        raise Conflict(CORRECTION_CHANGED)
    return entry, correction


@transaction.atomic
def correction_approve(*, correction: RegistryCorrection, actor, version: int | None) -> RegistryEntry:
    """A Registry approver who did not change the correction approves exactly the version they saw; it goes
    public at once, and the change log shows each field's old and new value with the reason."""
    access.require_role(actor, roles.REGISTRY_APPROVER)
    entry, correction = _decidable(correction, version)
    _refuse_own_correction(correction, actor)
    if entry.status not in PUBLIC_STATUSES:
        raise ValidationError(_("This entry is no longer published; the correction cannot be applied."))
    sources = list(correction.sources.order_by("added_at", "id"))
    if not correction.proposed and not sources:
        raise ValidationError(_("This correction changes nothing; reject it instead."))
    before = {name: _stored(getattr(entry, name)) for name in correction.proposed}
    for name, stored in correction.proposed.items():
        setattr(entry, name, typed_value(name, stored))
    _refresh_search_columns(entry)
    entry.full_clean(exclude=_CLEAN_EXCLUDE)
    if entry.status == S.PUBLISHED:
        entry.status = S.CORRECTED
    _save_with_version(entry, None)
    for name, stored in correction.proposed.items():
        _log(entry, actor, RegistryChange.Kind.CORRECTION, name, before[name], stored, correction.reason, correction)
    for source in sources:
        _log(entry, actor, RegistryChange.Kind.CORRECTION, "sources", "", source.title, correction.reason, correction)
    _decide(correction, actor, C.APPLIED, note="")
    return entry


@transaction.atomic
def correction_reject(*, correction: RegistryCorrection, actor, version: int | None, note: str = "") -> None:
    """Registry staff reject (or withdraw) a pending correction: the entry keeps its public text and nothing of
    the proposal is ever shown publicly."""
    access.require_role(actor, roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER)
    _entry, correction = _decidable(correction, version)
    _decide(correction, actor, C.REJECTED, note=note)


def _decide(correction: RegistryCorrection, actor, status: str, *, note: str) -> None:
    correction.status, correction.decided_by, correction.decided_at = status, actor, timezone.now()
    correction.decision_note = note
    correction.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _log(entry, actor, kind, field, old, new, reason, correction=None) -> RegistryChange:
    change = RegistryChange.objects.create(
        entry=entry,
        actor=actor,
        kind=kind,
        field=field,
        old_value=str(old),
        new_value=str(new),
        reason=reason,
        correction=correction,
    )
    enqueue(ANNOUNCE_TASK, change.id)
    registry_snapshot_request()
    return change


@transaction.atomic
def source_add(*, entry: RegistryEntry, actor, title: str, url: str = "", upload=None) -> RegistrySource:
    """Attach a source document: an official link or a PDF, rewritten without scripts, comments or metadata
    (taskforce.uploads), under a random name, kept with the SHA-256 of the document as published."""
    access.require_role(actor, roles.REGISTRY_EDITOR)
    if not url and upload is None:
        raise ValidationError(_("Give an official link or upload the document."))
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status == S.DELISTED:
        raise ValidationError(_("A delisted entry cannot be changed."))
    source = RegistrySource(entry=entry, title=title, url=url)
    if upload is not None:
        if not isinstance(upload, CleanFile):
            upload = clean_upload(upload, max_bytes=conf.upload_max_bytes(), kinds=[PDF])
        source.sha256 = hashlib.sha256(upload.data).hexdigest()
        source.file = upload.as_content_file()
    source.full_clean(exclude=["entry", "correction"])
    correction = None
    if entry.is_public:  # a source of a published entry is shown once another person approves it
        correction = _pending_correction(entry) or RegistryCorrection(
            entry=entry, proposed_by=actor, version=0, reason=_("Source document added.")
        )
        correction.version += 1
        correction.save()
        source.correction = correction
    elif entry.status == S.APPROVED:  # the approved text changes: it needs approving again
        entry.status = S.LEGAL_REVIEW
        _save_with_version(entry, None)
        _record_step(entry, actor, RegistryStep.Action.RETURNED, S.APPROVED)
    source.save()
    _record_edit(entry, actor, ["sources"], correction=correction)
    return source


# ----- registry: due process ------------------------------------------------------------------------------


def _transition(entry, *, version, allowed_from, to):
    entry = RegistryEntry.objects.select_for_update().get(pk=entry.pk)
    _check_version(entry, version)
    if entry.status not in allowed_from:
        raise ValidationError(
            _("This entry is %(status)s; that step is not possible now.") % {"status": entry.get_status_display()}
        )
    old = entry.status
    entry.status = to
    return entry, old


@transaction.atomic
def entry_submit_for_review(*, entry: RegistryEntry, actor, version: int | None) -> RegistryEntry:
    access.require_role(actor, roles.REGISTRY_EDITOR)
    entry, old = _transition(entry, version=version, allowed_from=(S.DRAFT,), to=S.LEGAL_REVIEW)
    _save_with_version(entry, version)
    _record_step(entry, actor, RegistryStep.Action.SUBMITTED, old)
    return entry


@transaction.atomic
def entry_return_to_draft(*, entry: RegistryEntry, actor, version: int | None) -> RegistryEntry:
    access.require_role(actor, roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER)
    entry, old = _transition(entry, version=version, allowed_from=(S.LEGAL_REVIEW, S.APPROVED), to=S.DRAFT)
    _save_with_version(entry, version)
    _record_step(entry, actor, RegistryStep.Action.RETURNED, old)
    return entry


def _record_step(entry: RegistryEntry, actor, action: str, old_status: str) -> None:
    """One line of the review trail, in the transaction of the step."""
    RegistryStep.objects.create(
        entry=entry, action=action, actor=actor, version=entry.version, old_status=old_status, new_status=entry.status
    )


def _refuse_self_approval(entry: RegistryEntry, actor) -> None:
    """Nobody on the entry's editor trail approves or publishes it, whatever roles they hold."""
    if entry.created_by_id == actor.pk:
        raise PermissionDenied(
            _("You drafted this entry, so another person with the Registry approver role must approve it.")
        )
    if selectors.registry_changed_by(entry, actor):
        raise PermissionDenied(
            _("You changed this entry, so another person with the Registry approver role must approve and publish it.")
        )


@transaction.atomic
def entry_approve(*, entry: RegistryEntry, actor, version: int | None) -> RegistryEntry:
    """A Registry approver who did not draft the entry approves it after legal review."""
    access.require_role(actor, roles.REGISTRY_APPROVER)
    _refuse_self_approval(entry, actor)
    entry, old = _transition(entry, version=version, allowed_from=(S.LEGAL_REVIEW,), to=S.APPROVED)
    entry.approved_by = actor
    _save_with_version(entry, version)
    _record_step(entry, actor, RegistryStep.Action.APPROVED, old)
    return entry


def publishable_from(entry: RegistryEntry) -> date | None:
    """The first day the entry may be published: the day after the representations period ends."""
    if entry.notified_on is None:
        return None
    return entry.notified_on + timedelta(days=entry.representations_days)


@transaction.atomic
def entry_publish(*, entry: RegistryEntry, actor, version: int | None, today: date | None = None) -> RegistryEntry:
    """Publish an approved entry once the business was notified and its period for representations has passed."""
    access.require_role(actor, roles.REGISTRY_APPROVER)
    _refuse_self_approval(entry, actor)
    today = today or timezone.localdate()
    entry, _old = _transition(entry, version=version, allowed_from=(S.APPROVED,), to=S.PUBLISHED)
    opens = publishable_from(entry)
    if opens is None:
        raise ValidationError(_("Record the date the business was notified before publishing."))
    if today < opens:
        raise ValidationError(
            _("The business may make representations until %(date)s; publish on or after %(next)s.")
            % {"date": opens - timedelta(days=1), "next": opens}
        )
    if entry.review_on <= today:
        raise ValidationError(_("The review date has passed; set a new review date before publishing."))
    entry.published_at = timezone.now()
    _save_with_version(entry, version)
    _log(entry, actor, RegistryChange.Kind.ADDITION, "status", "", S.PUBLISHED, _("Published."))
    return entry


@transaction.atomic
def entry_set_appeal(*, entry: RegistryEntry, actor, under_appeal: bool, reason: str, version: int | None):
    access.require_role(actor, roles.REGISTRY_APPROVER)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is shown publicly.")})
    if under_appeal:
        entry, old = _transition(entry, version=version, allowed_from=(S.PUBLISHED, S.CORRECTED), to=S.UNDER_APPEAL)
    else:
        entry, old = _transition(entry, version=version, allowed_from=(S.UNDER_APPEAL,), to=S.CORRECTED)
    _save_with_version(entry, version)
    _log(entry, actor, RegistryChange.Kind.APPEAL, "status", old, entry.status, reason)
    return entry


@transaction.atomic
def entry_delist(*, entry: RegistryEntry, actor, reason: str, version: int | None) -> RegistryEntry:
    """Take a published entry off the registry at once; its page becomes a notice with the date and reason."""
    if actor is not None:
        access.require_role(actor, roles.REGISTRY_APPROVER)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; it is shown publicly.")})
    entry, old = _transition(entry, version=version, allowed_from=PUBLIC_STATUSES, to=S.DELISTED)
    entry.delisted_at = timezone.now()
    entry.delisting_reason = reason
    _save_with_version(entry, version)
    for correction in RegistryCorrection.objects.select_for_update().filter(entry=entry, status=C.PENDING):
        with override(settings.LANGUAGE_CODE):
            _decide(correction, actor, C.REJECTED, note=_("The entry was delisted."))
    _log(entry, actor, RegistryChange.Kind.DELISTING, "status", old, S.DELISTED, reason)
    return entry


def registry_delist_expired(*, today: date | None = None, after_id: int = 0, limit: int) -> tuple[int, int | None]:
    """Delist public entries whose review date has passed, at most `limit` of them after `after_id` (in id
    order), so that a run stays short however many fall due on one day. Returns how many were delisted and the
    id to continue after (None when none is left). Safe to run twice: each entry is claimed (`_transition`
    locks it and refuses one that is no longer public)."""
    today = today or timezone.localdate()
    due = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES, review_on__lt=today, id__gt=after_id)
    chunk = list(due.order_by("id").values_list("id", "review_on")[: limit + 1])
    done = 0
    for entry_id, review_on in chunk[:limit]:
        with override(settings.LANGUAGE_CODE):
            reason = _("The review date (%(date)s) passed without renewal.") % {"date": review_on}
        try:
            entry_delist(entry=RegistryEntry(pk=entry_id), actor=None, reason=reason, version=None)
        except ValidationError:  # delisted (or renewed) by someone else meanwhile
            continue
        done += 1
    more = len(chunk) > limit
    return done, (chunk[limit - 1][0] if more else None)


# ----- registry: the whole registry's download files ------------------------------------------------------------


def registry_snapshot_request() -> RegistrySnapshotBuild:
    """Ask for the download files to be built again, after a change to what the public sees. Debounced: while a
    build is pending (it waits REGISTRY_SNAPSHOT_DEBOUNCE_SECONDS before it starts), later changes join it. A
    pending build whose message a broker outage lost is queued again here, and by the daily task."""
    now = timezone.now()
    debounce = timedelta(seconds=conf.snapshot_debounce_seconds())
    pending = selectors.registry_snapshot_builds_pending().first()
    if pending is None:
        pending = RegistrySnapshotBuild.objects.create()
        enqueue(SNAPSHOT_TASK, pending.id, eta=now + debounce)
    elif pending.queued_at < now - 2 * debounce - timedelta(minutes=5):  # its message was lost (broker outage)
        RegistrySnapshotBuild.objects.filter(id=pending.id).update(queued_at=now)
        enqueue(SNAPSHOT_TASK, pending.id)
    return pending


def registry_snapshots_daily() -> int:
    """The daily build (beat), and every pending one queued again (on_commit=False: called from a task)."""
    if not selectors.registry_snapshot_builds_pending().exists():
        RegistrySnapshotBuild.objects.create()
    return enqueue_each(SNAPSHOT_TASK, selectors.registry_snapshot_builds_pending().values_list("id", flat=True))


REGISTRY_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)  # before any entry: the first changes file holds them all


def registry_snapshot_build(*, build_id: int) -> list[RegistrySnapshot]:
    """Write the whole published registry as CSV, JSON and FollowTheMoney into dated files in the private folder,
    and what changed since the previous FollowTheMoney file (a delta, delistings included), each through a
    temporary name renamed once complete, rows read by keyset pages (flat memory, no server-side cursor), and
    record each file with its size, row count and SHA-256. Safe to run twice: the first run claims the build.
    Only the newest file of each format is kept (on disk or in the shared storage: snapshot_files.py); the records
    of earlier ones stay."""
    started = timezone.now()
    claimed = RegistrySnapshotBuild.objects.filter(id=build_id, state=RegistrySnapshotBuild.State.PENDING).update(
        state=RegistrySnapshotBuild.State.RUNNING, started_at=started
    )
    if not claimed:
        return []
    stamp = f"{timezone.localtime(started):%Y-%m-%d-%H%M%S}-{build_id}-{secrets.token_hex(4)}"
    previous = selectors.registry_snapshot_current(RegistrySnapshot.Format.FTM)
    made: list[RegistrySnapshot] = []
    try:
        for file_format in RegistrySnapshot.Format.values:
            name = f"business-registry-{stamp}.{exports.EXTENSIONS[file_format]}"
            if file_format == RegistrySnapshot.Format.DELTA:
                # The first file's changes are everything since the registry began: every entry an addition,
                # every delisting a removal; a reader starts from it as from any other changes file.
                since = previous.as_of if previous is not None else REGISTRY_BEGINNING
                rows = selectors.registry_delta_rows(since=since, until=started, chunk_size=conf.export_chunk_size())
            else:
                rows = selectors.registry_export_rows(chunk_size=conf.export_chunk_size())
            written = snapshot_files.write(name, file_format, rows)
            made.append(
                RegistrySnapshot(
                    build_id=build_id,
                    format=file_format,
                    as_of=started,
                    file_name=name,
                    bytes=written.bytes,
                    rows=written.rows,
                    sha256=written.sha256,
                )
            )
    except BaseException:
        for snapshot in made:
            snapshot_files.delete(snapshot.file_name)
        RegistrySnapshotBuild.objects.filter(id=build_id).update(
            state=RegistrySnapshotBuild.State.FAILED, finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        RegistrySnapshot.objects.bulk_create(made)
        RegistrySnapshotBuild.objects.filter(id=build_id).update(
            state=RegistrySnapshotBuild.State.DONE, finished_at=timezone.now()
        )
    # After commit: a build inside a transaction that rolls back must not delete the files its rows still name.
    transaction.on_commit(_snapshot_files_prune)
    return made


def _snapshot_files_prune() -> None:
    """Delete every kept file but the newest of each format (a download under way keeps its open file)."""
    newest = [s.id for f in RegistrySnapshot.Format.values if (s := selectors.registry_snapshot_current(f))]
    for snapshot in RegistrySnapshot.objects.filter(is_kept=True).exclude(id__in=newest):
        snapshot_files.delete(snapshot.file_name)
        RegistrySnapshot.objects.filter(id=snapshot.id).update(is_kept=False)


_STEPS = {
    "submit": entry_submit_for_review,
    "return": entry_return_to_draft,
    "approve": entry_approve,
    "publish": entry_publish,
}


def entry_step(
    *, entry: RegistryEntry, actor, step: str, version: int | None, reason: str = "", note: str = ""
) -> RegistryEntry:
    """One step of the workflow by the name the staff page and the API give it. For `correction-approve` and
    `correction-reject`, `version` is the pending correction's (the one whose changes the person read)."""
    if step in _STEPS:
        return _STEPS[step](entry=entry, actor=actor, version=version)
    if step in ("appeal", "appeal-end"):
        under_appeal = step == "appeal"
        return entry_set_appeal(entry=entry, actor=actor, under_appeal=under_appeal, reason=reason, version=version)
    if step == "delist":
        return entry_delist(entry=entry, actor=actor, reason=reason, version=version)
    correction = selectors.registry_correction_pending(entry)
    if correction is None:
        raise ValidationError(_("There is no correction waiting for approval."))
    if step == "correction-approve":
        return correction_approve(correction=correction, actor=actor, version=version)
    if step == "correction-reject":
        correction_reject(correction=correction, actor=actor, version=version, note=note)
        return RegistryEntry.objects.get(pk=entry.pk)
    raise ValueError(f"unknown workflow step {step!r}")


# ----- subscriptions ----------------------------------------------------------------------------------------

_CONFIRM_SALT = "publications.subscription.confirm"
_UNSUBSCRIBE_SALT = "publications.subscription.unsubscribe"


def subscription_token(subscription: Subscription, *, purpose: str) -> str:
    salt = _CONFIRM_SALT if purpose == "confirm" else _UNSUBSCRIBE_SALT
    signer = signing.TimestampSigner(salt=salt) if purpose == "confirm" else signing.Signer(salt=salt)
    return signer.sign(f"{subscription.pk}:{subscription.email}")


def subscription_from_token(token: str, *, purpose: str) -> Subscription | None:
    try:
        if purpose == "confirm":
            max_age = timedelta(days=conf.subscription_confirm_max_age_days())
            value = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(token, max_age=max_age)
        else:
            value = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    pk, _sep, email = value.partition(":")
    return Subscription.objects.filter(pk=pk, email=email).first() if pk.isdigit() else None


def subscription_email_normalize(email: str) -> str:
    """One spelling per address, for the subscription and its throttle (`Victim@…` is `victim@…`)."""
    return email.strip().lower()


@transaction.atomic
def subscription_request(*, email: str, language: str = settings.LANGUAGE_CODE) -> Subscription:
    """Start (or restart) a subscription and mail a confirmation link. Nothing is sent until it is confirmed,
    and a confirmation is not re-sent to the same address more than once an hour."""
    email = subscription_email_normalize(email)
    subscription, _created = Subscription.objects.select_for_update().get_or_create(
        email=email, defaults={"language": language}
    )
    if subscription.is_active:
        return subscription
    recent = timezone.now() - timedelta(minutes=conf.subscription_resend_after_minutes())
    if subscription.confirmation_sent_at and subscription.confirmation_sent_at > recent:
        return subscription
    subscription.language = language
    subscription.unsubscribed_at = None
    subscription.confirmed_at = None
    subscription.confirmation_sent_at = timezone.now()
    subscription.save()
    with override(language):
        link = absolute_url(
            reverse("publications:subscription_confirm", args=[subscription_token(subscription, purpose="confirm")])
        )
    notify(recipients=[email], template="publications_subscription_confirm", context={"confirm_url": link})
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscription.refresh_from_db()
    return subscription


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> Subscription:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
    subscription.refresh_from_db()
    return subscription


def change_announce(*, change_id: int) -> int:
    """Mail one registry change to every confirmed subscriber. Safe to run twice: the first run claims it."""
    change = RegistryChange.objects.select_related("entry").get(pk=change_id)
    with transaction.atomic():
        try:
            with transaction.atomic():
                ChangeAnnouncement.objects.create(change=change)
        except IntegrityError:
            return 0
        sent = 0
        for subscription in Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True):
            with override(subscription.language):
                unsubscribe = absolute_url(
                    reverse("publications:unsubscribe", args=[subscription_token(subscription, purpose="unsubscribe")])
                )
                entry_url = absolute_url(change.entry.get_absolute_url())
            notify(
                recipients=[subscription.email],
                template="publications_registry_change",
                context={
                    "public_id": change.entry.public_id,
                    "kind": change.kind,
                    "entry_url": entry_url,
                },
                unsubscribe_url=unsubscribe,
                priority=BULK,
            )
            sent += 1
    return sent


def announcements_sweep(*, days: int = 7) -> int:
    """Queue the announcement of recent changes whose queueing failed (broker down at the time)."""
    since = timezone.now() - timedelta(days=days)
    pending = list(
        RegistryChange.objects.filter(changed_at__gte=since, announcement__isnull=True).values_list("id", flat=True)
    )
    enqueue_each(ANNOUNCE_TASK, pending)
    return len(pending)


# ----- publications --------------------------------------------------------------------------------------


def _unique_slug(title: str, published_on: date) -> str:
    base = f"{published_on:%Y-%m-%d}-{slugify(title)[:90]}".strip("-") or f"{published_on:%Y-%m-%d}"
    slug, n = base, 2
    while Publication.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def publication_upsert(
    *,
    title: str,
    published_on: date,
    kind: str = Publication.Kind.NEWS,
    summary: str = "",
    body: str = "",
    language: str = settings.LANGUAGE_CODE,
    external_url: str = "",
    slug: str | None = None,
) -> Publication:
    """Create or update a publication found by its slug (or its external link)."""
    lookup = (
        {"external_url": external_url}
        if external_url and not slug
        else {"slug": slug or _unique_slug(title, published_on)}
    )
    publication = Publication.objects.select_for_update().filter(**lookup).first() or Publication(**lookup)
    if not publication.slug:
        publication.slug = _unique_slug(title, published_on)
    publication.title, publication.published_on, publication.kind = title, published_on, kind
    publication.summary, publication.body, publication.language = summary, body, language
    publication.external_url = external_url
    publication.full_clean()
    publication.save()
    return publication


def publication_record_progress_report(
    *, title: str, summary: str, published_on: date, url: str, language: str = settings.LANGUAGE_CODE
) -> None:
    """Show the action plan's generated progress report in /publications/ and its feed. Idempotent by `url`."""
    publication_upsert(
        title=title,
        summary=summary,
        published_on=published_on,
        kind=Publication.Kind.PROGRESS_REPORT,
        language=language,
        external_url=url,
    )


__all__ = [
    "entry_create",
    "entry_update",
    "correction_propose",
    "correction_approve",
    "correction_reject",
    "entry_submit_for_review",
    "entry_return_to_draft",
    "entry_approve",
    "entry_publish",
    "entry_set_appeal",
    "entry_delist",
    "entry_step",
    "registry_delist_expired",
    "registry_snapshot_request",
    "registry_snapshots_daily",
    "registry_snapshot_build",
    "source_add",
    "subscription_email_normalize",
    "subscription_request",
    "subscription_confirm",
    "subscription_cancel",
    "change_announce",
    "publication_upsert",
    "publication_record_progress_report",
]
