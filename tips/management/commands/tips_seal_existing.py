"""Reseal every tip from before issue 23 to its readers, once: afterwards the server's Fernet keys open no tip.

A tip from before issue 23 (`Tip.public_key` empty) keeps its text in the Fernet columns and its files as Fernet
tokens. This command gives each such tip a key pair of its own, seals its text, messages, reminders' reasons and
files to the tip's public key, blanks the Fernet columns, and seals the tip's private key to the readers of the
hotlines it is with now (and of those it can escalate to), as a new tip would be.

Each tip is done in its own transaction, so a run that stops halfway (a storage that does not answer, a crash)
leaves every tip either sealed or as it was: run it again to go on. A file is written sealed under a new name
and the old one deleted only once the tip's transaction committed; if the transaction fails, the new one goes.

A message, reminder or closing note written the old way to a tip while it was being sealed (by a request that
had loaded it just before) is sealed on the next run: sealing needs only the tip's public key.

A tip that nobody of its hotlines could read (no handler with a key, no escrow key) stays as it is and is named,
so that nothing becomes unreadable; the command then exits non-zero. It prints counts and references only, never
what a tip holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from taskforce.storage import STORAGE_ERRORS
from tips import keys, sealing, selectors, services
from tips.crypto import InvalidToken, decrypt_bytes
from tips.models import Tip, TipFile, TipMessage, TipReminder

TIP_FIELDS = (*sealing.CONTENT_FIELDS, "close_note")


@dataclass
class Counts:
    sealed: int = 0
    files: int = 0
    late: int = 0  # sealed tips that got a Fernet value after all (see _late_tip_ids)
    no_reader: list[str] = field(default_factory=list)  # references
    unreadable: list[str] = field(default_factory=list)  # references: a Fernet key is missing


class _NoReader(Exception):
    pass


def _legacy():
    return Tip.objects.filter(public_key=b"").order_by("id")


def _late_tip_ids() -> list[int]:
    """Sealed tips with a Fernet value all the same: a request that loaded the tip just before it was sealed and
    wrote a message, a reminder or a closing note just after. Sealing needs only the tip's public key, so they are
    sealed too, on the next run."""
    sealed = Tip.objects.exclude(public_key=b"")
    ids = set(sealed.exclude(close_note="").values_list("id", flat=True))
    for model, legacy_field in ((TipMessage, "body"), (TipReminder, "reason")):
        ids |= set(model.objects.filter(tip__in=sealed).exclude(**{legacy_field: ""}).values_list("tip_id", flat=True))
    ids |= set(TipFile.objects.filter(tip__in=sealed, sealed=False).values_list("tip_id", flat=True))
    return sorted(ids)


def _live_hotlines(tip: Tip) -> list:
    return list(selectors.tip_receivers(tip).select_related("organization"))


def _readers(tip: Tip) -> list:
    """Who the tip's key goes to: the readers of its live hotlines and of the hotlines it can escalate to; none
    when no live hotline has a reader (the tip would reach nobody who can open it)."""
    hotlines = _live_hotlines(tip)
    if not any(sealing.has_reader(h) for h in hotlines):
        raise _NoReader
    return sealing.readers_of(hotlines + sealing.escalation_targets(tip.kind, hotlines))


def _tip_seal(tip: Tip) -> bytes:
    """Give the tip its key pair and seal what the reporter gave (not saved); returns the tip's private key."""
    pair = keys.keypair_new()
    tip.public_key = pair.public
    tip.content = sealing.content_seal(pair.public, {name: getattr(tip, name) for name in sealing.CONTENT_FIELDS})
    for name in sealing.CONTENT_FIELDS:
        setattr(tip, name, "")
    return pair.private


def _texts_reseal(tip: Tip, model, legacy_field: str, sealed_field: str) -> int:
    rows = model.objects.filter(tip=tip).exclude(**{legacy_field: ""}).order_by("id")
    for row in rows:
        sealing.text_set(row, legacy_field, sealed_field, getattr(row, legacy_field), tip=tip)
        row.save(update_fields=[legacy_field, sealed_field])
    return len(rows)


def _files_reseal(tip: Tip, *, stored: list[str]) -> list[str]:
    """Each Fernet file of the tip written sealed under a new name (noted in `stored`); returns the old names."""
    old = []
    for tip_file in TipFile.objects.filter(tip=tip, sealed=False).order_by("id"):
        with default_storage.open(tip_file.storage_name, "rb") as handle:
            data = decrypt_bytes(handle.read())
        old.append(tip_file.storage_name)
        tip_file.storage_name = services.file_put(keys.seal(bytes(tip.public_key), data), stored=stored)
        tip_file.sealed = True
        tip_file.save(update_fields=["storage_name", "sealed"])
    return old


def _seal_one(tip_id: int) -> tuple[bool, int] | None:
    """Seal one tip in its own transaction: a tip from before issue 23 whole, a sealed one's late Fernet values.
    Returns (whether it was a tip from before issue 23, how many files were sealed), or None for nothing done."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            tip = Tip.objects.select_for_update().filter(id=tip_id).first()
            if tip is None:
                return None  # purged since the list was made
            legacy = sealing.is_legacy(tip)
            if legacy:
                readers = _readers(tip)
                private = _tip_seal(tip)
            note = tip.close_note
            if legacy or note:
                sealing.text_set(tip, "close_note", "close_note_sealed", note)
                tip.save(update_fields=[*TIP_FIELDS, "public_key", "content", "close_note_sealed"])
            texts = _texts_reseal(tip, TipMessage, "body", "body_sealed")
            texts += _texts_reseal(tip, TipReminder, "reason", "reason_sealed")
            old_names = _files_reseal(tip, stored=stored)
            if legacy:
                sealing.grants_write(tip, private, readers)
            # The Fernet files go only once the sealed ones are the tip's for good.
            transaction.on_commit(lambda: services.files_forget(old_names))
    except BaseException:
        services.files_forget(stored)  # the tip stays as it was: no orphan sealed copy in the storage either
        raise
    if not (legacy or note or texts or old_names):
        return None  # sealed by another run meanwhile
    return legacy, len(old_names)


class Command(BaseCommand):
    help = (
        "Seal every tip from before issue 23 to its readers (each tip in its own transaction; safe to stop and run "
        "again). Tips nobody could read are left as they are and named; the command then exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk", type=int, default=0, metavar="N", help="Seal at most N tips in this run (default: all)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what a run would do.")

    def handle(self, *args, chunk: int, dry_run: bool, **options):
        if chunk < 0:
            raise CommandError("--chunk must be 0 (all) or more.")
        counts = self._dry_run(chunk) if dry_run else self._run(chunk)
        verb = "would seal" if dry_run else "sealed"
        self.stdout.write(f"{verb} {counts.sealed} tips ({counts.files} files)")
        if counts.late:
            self.stdout.write(f"{verb} what {counts.late} sealed tips got the old way while they were being sealed")
        for reference in counts.no_reader:
            self.stdout.write(f"left {reference}: nobody of its hotlines has a key to read it")
        for reference in counts.unreadable:
            self.stdout.write(f"left {reference}: not readable with FIELD_ENCRYPTION_KEYS (check --database default)")
        left = len(counts.no_reader) + len(counts.unreadable)
        self.stdout.write(f"left {left} tips as they were")
        if dry_run:
            return
        remaining = _legacy().count() - left
        if remaining > 0:
            self.stdout.write(f"{remaining} tips still to seal: run the command again")
        elif not left and not _late_tip_ids():
            self.stdout.write(
                "Every tip is sealed: FIELD_ENCRYPTION_KEYS no longer opens any tip and can be retired for tips."
            )
        if left:
            raise CommandError(
                f"{left} tips were left as they were: give their hotlines a handler with a key or an escrow key "
                "(or put back the missing FIELD_ENCRYPTION_KEYS key), then run the command again."
            )

    def _run(self, chunk: int) -> Counts:
        counts = Counts()
        late = _late_tip_ids()
        todo = [*Tip.objects.filter(id__in=late).order_by("id").values_list("id", "reference")]
        todo += _legacy().values_list("id", "reference")
        for tip_id, reference in todo:
            if chunk and counts.sealed >= chunk:
                break
            try:
                done = _seal_one(tip_id)
            except _NoReader:
                counts.no_reader.append(reference)
                continue
            except InvalidToken:
                counts.unreadable.append(reference)
                continue
            except STORAGE_ERRORS as exc:
                self.stdout.write(f"sealed {counts.sealed} tips ({counts.files} files) before stopping")
                raise CommandError(
                    f"{reference}: a file could not be read or stored ({type(exc).__name__}); this tip is as it "
                    "was. Run the command again once the storage answers."
                ) from exc
            if done is not None:
                legacy, files = done
                if legacy:
                    counts.sealed += 1
                else:
                    counts.late += 1
                counts.files += files
        return counts

    def _dry_run(self, chunk: int) -> Counts:
        counts = Counts(late=len(_late_tip_ids()))
        for tip in _legacy().only("id", "reference", "kind"):
            if chunk and counts.sealed >= chunk:
                break
            if not any(sealing.has_reader(h) for h in _live_hotlines(tip)):
                counts.no_reader.append(tip.reference)
                continue
            counts.sealed += 1
            counts.files += TipFile.objects.filter(tip=tip, sealed=False).count()
        return counts
