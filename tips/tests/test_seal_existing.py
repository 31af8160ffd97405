"""Tips from before issue 23 resealed to their readers (`manage.py tips_seal_existing`): the handler reads the same
tip, the server's Fernet keys open nothing any more, and a run that stops halfway loses nothing."""

import base64
import uuid
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from taskforce.testing.auth import login
from taskforce.testing.factories import PASSWORD
from tips import keyring, keys, sealing, services
from tips.crypto import encrypt_bytes
from tips.models import Delivery, Tip, TipFile, TipKeyGrant, TipMessage, TipReminder

from .test_uploads import png_bytes

SECRET = "the workers sleep in the locked shed on range road 42"
MESSAGE = "they moved them to the motel last night"
NOTE = "handler note: the employer is known to police"
REASON = "call the outreach worker back about the motel"
CLOSE = "closing note: referred to the RCMP unit"


def legacy_tip(hotline, *, by=None, files=(png_bytes(),), text: str = SECRET, kind: str = "labour") -> Tip:
    """A tip as the portal stored it before issue 23: its text in the Fernet columns, `public_key` empty, a message
    each way, a reminder (when `by` is given) and each file a Fernet token in the storage."""
    code = services.receipt_code_new()
    tip = Tip.objects.create(
        reference=services._reference_new(),
        receipt_hash=services.receipt_hash(code),
        kind=kind,
        province="AB",
        city="Brooks",
        place="a farm east of town",
        when="last week",
        what_happened=text,
        people_description="a white van",
        contact_preference="text only",
        close_note=CLOSE,
    )
    tip.receipt_code = code  # for the reporter's side of a test
    Delivery.objects.create(tip=tip, hotline=hotline)
    TipMessage.objects.create(tip=tip, kind=TipMessage.Kind.REPORTER, body=MESSAGE)
    TipMessage.objects.create(tip=tip, kind=TipMessage.Kind.NOTE, body=NOTE, author=by)
    if by is not None:
        TipReminder.objects.create(tip=tip, hotline=hotline, created_by=by, remind_on=date(2030, 1, 1), reason=REASON)
    for data in files:
        name = default_storage.save(f"tips/{uuid.uuid4().hex}.bin", ContentFile(encrypt_bytes(data)))
        TipFile.objects.create(tip=tip, storage_name=name, content_type="image/png", size=len(data), sealed=False)
    return tip


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """This test's own media folder, so that what the storage holds can be listed."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_objects(media: Path) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def seal_existing(*args) -> str:
    """Run the command as an operator would, its after-commit work (the old files' deletion) included."""
    out = StringIO()
    call_command("tips_seal_existing", *args, stdout=out)
    return out.getvalue()


def handler_opens(tip: Tip, user) -> sealing.OpenedTip:
    tip = Tip.objects.get(id=tip.id)
    return sealing.tip_open_for_handler(tip, user, keyring.key_open_with_password(user, PASSWORD))


def raw_rows(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def raw_text(rows) -> bytes:
    """Every value of the rows, as the bytes a database dump would hold."""
    return b"".join(bytes(v) if isinstance(v, memoryview | bytes) else str(v).encode() for row in rows for v in row)


@pytest.mark.django_db
def test_the_handler_reads_the_same_tip_and_the_server_keys_open_nothing(
    hotlines, handler_national, media, client, settings, django_capture_on_commit_callbacks
):
    tip = legacy_tip(hotlines["cceht"], by=handler_national)
    old_name = tip.files.get().storage_name
    with django_capture_on_commit_callbacks(execute=True):
        out = seal_existing()
    assert "sealed 1 tips (1 files)" in out and "left 0 tips" in out
    assert "FIELD_ENCRYPTION_KEYS" in out and "retired" in out
    for text in (SECRET, MESSAGE, NOTE, REASON, CLOSE, "Brooks"):
        assert text not in out

    opened = handler_opens(tip, handler_national)
    assert (opened.what_happened, opened.city, opened.place, opened.when) == (
        SECRET,
        "Brooks",
        "a farm east of town",
        "last week",
    )
    assert (opened.people_description, opened.contact_preference, opened.close_note) == (
        "a white van",
        "text only",
        CLOSE,
    )
    assert [m.body for m in opened.thread(tip.messages.order_by("id"))] == [MESSAGE, NOTE]
    assert opened.reminder_reason(tip.reminders.get()) == REASON
    tip_file = TipFile.objects.get(tip=tip)
    assert tip_file.sealed and tip_file.storage_name != old_name
    with default_storage.open(tip_file.storage_name, "rb") as handle:
        stored = handle.read()
    assert opened.file_bytes(tip_file, stored) == png_bytes()
    assert b"IHDR" not in stored and b"IDAT" not in stored
    assert stored_objects(media) == {tip_file.storage_name}, "the Fernet file is gone, no copy left behind"

    # The Fernet columns are empty, and no column holds anything in clear.
    [row] = raw_rows(
        'SELECT city, place, "when", what_happened, people_description, contact_preference, close_note '
        "FROM tips_tip WHERE id = %s",
        [tip.id],
    )
    assert row == ("",) * 7
    dump = raw_text(raw_rows("SELECT * FROM tips_tip"))
    dump += raw_text(raw_rows("SELECT * FROM tips_tipmessage")) + raw_text(raw_rows("SELECT * FROM tips_tipreminder"))
    for text in (SECRET, MESSAGE, NOTE, REASON, CLOSE, "Brooks"):
        assert text.encode() not in dump
    assert raw_rows("SELECT body FROM tips_tipmessage") == [("",), ("",)]
    assert raw_rows("SELECT reason FROM tips_tipreminder") == [("",)]

    # The server's Fernet keys are no longer needed: with none of them, the handler still reads the tip and its file.
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    login(client, handler_national)
    page = client.get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
    for text in (SECRET, MESSAGE, NOTE, REASON):
        assert text in page
    served = client.get(f"/en/tips/staff/inbox/{tip.id}/files/{tip_file.id}/")
    assert served.status_code == 200 and served.content == png_bytes()


@pytest.mark.django_db
def test_the_tip_key_goes_to_the_escalation_hotline_and_the_escrow_keys(
    hotlines, handler_national, handler_mb, escrow_keys, media, django_capture_on_commit_callbacks
):
    tip = legacy_tip(hotlines["klinic"], by=handler_mb, files=())
    with django_capture_on_commit_callbacks(execute=True):
        seal_existing()
    assert handler_opens(tip, handler_mb).what_happened == SECRET
    # The national line it would escalate to can open it too, as it could open a tip sent today.
    assert handler_opens(tip, handler_national).what_happened == SECRET
    # So can each hotline's coordinator with the escrow key kept offline.
    for slug in ("klinic", "cceht"):
        grant = TipKeyGrant.objects.get(tip=tip, hotline=hotlines[slug], user=None)
        private = keys.unseal(escrow_keys[slug].private, bytes(grant.sealed_key))
        assert SECRET.encode() in keys.unseal(private, bytes(Tip.objects.get(id=tip.id).content))


@pytest.mark.django_db
def test_the_reporter_reads_their_thread_again_once_a_handler_opened_the_tip(
    hotlines, handler_national, client, media, django_capture_on_commit_callbacks
):
    tip = legacy_tip(hotlines["cceht"], files=())
    code = services.receipt_normalize(tip.receipt_code)
    with django_capture_on_commit_callbacks(execute=True):
        seal_existing()
    # Nobody knew the receipt code when the tip was resealed: the reporter's key is made when they come back...
    assert sealing.tip_open_for_reporter(Tip.objects.get(id=tip.id), code) is None
    # ...and the tip's key is sealed to it the next time a handler opens the tip.
    login(client, handler_national)
    assert client.get(f"/en/tips/staff/inbox/{tip.id}/").status_code == 200
    opened = sealing.tip_open_for_reporter(Tip.objects.get(id=tip.id), code)
    assert opened.what_happened == SECRET
    assert [m.body for m in opened.thread(tip.messages.filter(kind="reporter"))] == [MESSAGE]


@pytest.mark.django_db
def test_a_run_that_stops_halfway_leaves_each_tip_sealed_or_as_it_was(
    hotlines, handler_national, media, client, django_capture_on_commit_callbacks
):
    first = legacy_tip(hotlines["cceht"], text="first " + SECRET)
    second = legacy_tip(hotlines["cceht"], text="second " + SECRET, files=(png_bytes(), b"%PDF-1.4 second file"))
    third = legacy_tip(hotlines["cceht"], text="third " + SECRET)
    # The second tip's second file cannot be read: the run stops there, after its first file was already resealed.
    lost = second.files.order_by("id").last()
    with default_storage.open(lost.storage_name, "rb") as handle:
        token = handle.read()
    default_storage.delete(lost.storage_name)
    before, first_old = stored_objects(media), first.files.get().storage_name

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as stopped:
        seal_existing()
    assert second.reference in str(stopped.value) and SECRET not in str(stopped.value)

    assert not sealing.is_legacy(Tip.objects.get(id=first.id))
    for tip in (second, third):
        tip = Tip.objects.get(id=tip.id)
        assert sealing.is_legacy(tip) and SECRET in tip.what_happened
        assert not tip.key_grants.exists() and not tip.files.filter(sealed=True).exists()
    # The first tip's file was replaced; nothing of the second tip's was: no sealed copy left in the storage.
    assert stored_objects(media) == (before - {first_old}) | {first.files.get().storage_name}
    # All three read as before, the first one sealed, the others still with the Fernet keys.
    login(client, handler_national)
    for tip in (first, second, third):
        page = client.get(f"/en/tips/staff/inbox/{tip.id}/").content.decode()
        assert SECRET in page and MESSAGE in page

    assert default_storage.save(lost.storage_name, ContentFile(token)) == lost.storage_name  # the file is back
    with django_capture_on_commit_callbacks(execute=True):
        out = seal_existing()
    assert "sealed 2 tips (3 files)" in out and "retired" in out
    assert not Tip.objects.filter(public_key=b"").exists()
    for tip in (first, second, third):
        assert handler_opens(tip, handler_national).what_happened.endswith(SECRET)
    assert len(stored_objects(media)) == 4 and not TipFile.objects.filter(sealed=False).exists()


@pytest.mark.django_db
def test_chunks_seal_a_few_tips_per_run(hotlines, handler_national, media, django_capture_on_commit_callbacks):
    tips = [legacy_tip(hotlines["cceht"], text=f"{n} {SECRET}", files=()) for n in range(3)]
    dry = seal_existing("--dry-run")
    assert "would seal 3 tips (0 files)" in dry
    assert all(sealing.is_legacy(Tip.objects.get(id=tip.id)) for tip in tips), "a dry run changes nothing"

    with django_capture_on_commit_callbacks(execute=True):
        out = seal_existing("--chunk", "2")
    assert "sealed 2 tips" in out and "1 tips still to seal" in out and "retired" not in out
    assert [sealing.is_legacy(Tip.objects.get(id=tip.id)) for tip in tips] == [False, False, True]
    assert SECRET in Tip.objects.get(id=tips[2].id).what_happened

    with django_capture_on_commit_callbacks(execute=True):
        out = seal_existing("--chunk", "2")
    assert "sealed 1 tips" in out and "retired" in out
    assert [handler_opens(tip, handler_national).what_happened for tip in tips] == [f"{n} {SECRET}" for n in range(3)]


@pytest.mark.django_db
def test_a_tip_nobody_could_read_is_left_as_it_was_and_named(
    hotlines, handler_national, media, django_capture_on_commit_callbacks
):
    klinic = hotlines["klinic"]  # no tip handler, and no escrow key
    klinic.escrow_public_key = ""
    klinic.save(update_fields=["escrow_public_key"])
    orphan = legacy_tip(klinic)
    readable = legacy_tip(hotlines["cceht"])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError) as refused:
        call_command("tips_seal_existing", stdout=out)
    assert "1 tips were left" in str(refused.value)
    text = out.getvalue()
    assert "sealed 1 tips (1 files)" in text and orphan.reference in text and "retired" not in text
    assert SECRET not in text
    orphan = Tip.objects.get(id=orphan.id)
    assert sealing.is_legacy(orphan) and orphan.what_happened == SECRET and orphan.messages.get(kind="reporter").body
    assert not orphan.files.get().sealed and default_storage.exists(orphan.files.get().storage_name)
    assert not sealing.is_legacy(Tip.objects.get(id=readable.id))
    dry = StringIO()
    call_command("tips_seal_existing", "--dry-run", stdout=dry)
    assert "would seal 0 tips" in dry.getvalue() and orphan.reference in dry.getvalue()


@pytest.mark.django_db
def test_a_tip_the_fernet_keys_no_longer_open_is_left_and_named(
    hotlines, handler_national, media, settings, django_capture_on_commit_callbacks
):
    lost_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [lost_key, *settings.FIELD_ENCRYPTION_KEYS]
    unreadable = legacy_tip(hotlines["cceht"], files=())
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[1:]  # replaced instead of added
    readable = legacy_tip(hotlines["cceht"])
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommandError):
        call_command("tips_seal_existing", stdout=out)
    assert f"left {unreadable.reference}: not readable with FIELD_ENCRYPTION_KEYS" in out.getvalue()
    assert "sealed 1 tips (1 files)" in out.getvalue()
    assert handler_opens(readable, handler_national).what_happened == SECRET
    # With the key put back, the next run seals it: nothing was lost meanwhile.
    settings.FIELD_ENCRYPTION_KEYS = [*settings.FIELD_ENCRYPTION_KEYS, lost_key]
    with django_capture_on_commit_callbacks(execute=True):
        assert "sealed 1 tips (0 files)" in seal_existing()
    assert handler_opens(unreadable, handler_national).what_happened == SECRET


@pytest.mark.django_db
def test_what_a_request_adds_to_a_tip_sealed_since_it_was_read_is_sealed_at_once(
    hotlines, handler_national, media, django_capture_on_commit_callbacks
):
    tip = legacy_tip(hotlines["cceht"], by=handler_national, files=())
    stale = Tip.objects.get(id=tip.id)  # a reporter's request loaded the tip just before it was sealed...
    with django_capture_on_commit_callbacks(execute=True):
        seal_existing()
    services.tip_message_add(tip=stale, actor=None, kind="reporter", body="written in the meantime")  # ...wrote after
    services.tip_set_status(
        tip=stale, actor=handler_national, status="closed", close_reason="duplicate", close_note="late"
    )
    assert not raw_rows("SELECT body FROM tips_tipmessage WHERE body <> ''"), "no Fernet value on a sealed tip"
    assert not raw_rows("SELECT close_note FROM tips_tip WHERE close_note <> ''")
    opened = handler_opens(tip, handler_national)
    assert [m.body for m in opened.thread(tip.messages.order_by("id"))] == [MESSAGE, NOTE, "written in the meantime"]
    assert opened.close_note == "late" and opened.what_happened == SECRET


@pytest.mark.django_db
def test_a_second_run_changes_nothing(hotlines, handler_national, media, django_capture_on_commit_callbacks):
    legacy_tip(hotlines["cceht"], by=handler_national)
    legacy_tip(hotlines["cceht"], by=handler_national)
    with django_capture_on_commit_callbacks(execute=True):
        seal_existing()
    everything = "SELECT * FROM {} ORDER BY id"
    tables = ("tips_tip", "tips_tipmessage", "tips_tipreminder", "tips_tipfile", "tips_tipkeygrant")
    before = [raw_text(raw_rows(everything.format(table))) for table in tables]
    objects = stored_objects(media)
    with django_capture_on_commit_callbacks(execute=True):
        out = seal_existing()
    assert "sealed 0 tips (0 files)" in out and "retired" in out
    assert [raw_text(raw_rows(everything.format(table))) for table in tables] == before
    assert stored_objects(media) == objects


def test_the_escrow_key_command_makes_a_pair_that_opens_what_is_sealed_to_it():
    """No database here: pytest-django refuses any query, and the command needs none."""
    out = StringIO()
    call_command("tips_escrow_keygen", stdout=out)
    lines = out.getvalue().splitlines()
    public_text = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("public key:"))
    private_text = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("private key:"))
    public = keys.public_key_check(public_text)  # what the hotline's admin form accepts
    sealed = keys.seal(public, b"a tip's private key")
    assert keys.unseal(base64.b64decode(private_text), sealed) == b"a tip's private key"
    assert any("offline" in line for line in lines)
    again = StringIO()
    call_command("tips_escrow_keygen", stdout=again)
    assert public_text not in again.getvalue(), "a new pair each time"
