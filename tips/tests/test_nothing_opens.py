"""Issue 23's proof: a breach of the server reveals no tip.

Real tips go through the web form (with a file); a handler replies, notes, sets a reminder and closes with a note on
the staff pages; the reporter writes back with their receipt code. Then everything the server holds is dumped: every
column of every table, the settings, the environment, every Redis key, the sessions, the stored files, the logs and
the mail sent. Every key that could be read out of it (32 bytes raw, base64 or hex; Fernet keys; passwords and codes
run through the same Argon2id derivations the portal uses) is tried on every sealed or wrapped thing: none opens a
tip, and no text or file the reporter or the handler wrote is in the dump. The same harness, given the handler's
password or the cookie their browser holds, does open the tip: it can fail.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
import os
import pickle
import re
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from PIL import Image

from taskforce import roles
from taskforce.testing.auth import login
from taskforce.testing.factories import PASSWORD
from tips import keyring, keys, sealing, services
from tips.models import HandlerKey, Hotline, Tip, TipFile, TipKeyGrant

from .factories import follow_up, receipt_code, report_post

pytestmark = pytest.mark.django_db

# What the reporter and the handlers write: markers found nowhere else, so that finding one in the dump means it
# leaked.
REPORT = {
    "what_happened": "Quorvath farm workers sleep in the barn and their papers were taken",
    "place": "Behind the Velmisk grain elevator",
    "when": "Every night since Zembruary",
    "city": "Ostravelle",
    "people_description": "A grey van plate KXQ-7731",
    "contact_preference": "Call Jorunelle after nine",
}
REPORT_MB = {
    "what_happened": "Tavrilen motel rooms rented by the week to girls of fifteen",
    "place": "Pembrock Road motel",
    "when": "Since the Hallowmark fair",
    "city": "Thalmorrow",
    "people_description": "A man called Drevask",
    "contact_preference": "Never call, write only",
}
REPLY = "We hear you; the Quillomar team will call the farm inspector"
NOTE = "Handler note: Brennimore confirmed the barn location"
REMINDER = "Check on the Varnhollow inspection result"
REPORTER_WRITES_BACK = "The van with plate KXQ-7731 came back on Sprendle night"
CLOSE_NOTE = "Closed: Ferrowick inspector found nobody on the farm"
NOTE_MB = "Manitoba note: Gallowent motel owner questioned"


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 3), (17, 203, 91)).save(out, format="PNG")
    return out.getvalue()


# ----- the scenario --------------------------------------------------------------------------------------------


@pytest.fixture
def story(
    hotlines,
    escrow_keys,
    handler_national,
    handler_mb,
    make_user,
    hotline_orgs,
    caplog,
    django_capture_on_commit_callbacks,
):
    """Two tips through the web form and their handling through the staff pages, as people would do it."""
    # Klinic (Manitoba) has no escrow key: its tips are sealed to its handlers only.
    Hotline.objects.filter(organization__slug="klinic").update(escrow_public_key="")
    learner = make_user(roles.LEARNER, orgs=[hotline_orgs["cceht"]], full_name="Lou Learner")
    admin = make_user(roles.COORDINATOR, orgs=[hotline_orgs["cceht"]], full_name="Ada Admin")
    admin.is_superuser = admin.is_staff = True
    admin.save(update_fields=["is_superuser", "is_staff"])
    # Every log record from here on, at DEBUG. Not before: factory_boy logs the password the test's factories give
    # people (set_password('...')), which is the test standing in for them, not the portal.
    caplog.set_level(logging.DEBUG)
    original_png = png_bytes()
    reporter, reporter_mb = Client(), Client()
    staff, staff_mb = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        sent = report_post(
            reporter, files=[SimpleUploadedFile("me.png", original_png, content_type="image/png")], **REPORT
        )
        assert sent.status_code == 200
        code = receipt_code(sent)
        sent_mb = report_post(reporter_mb, province="MB", kind="sex", **REPORT_MB)
        assert sent_mb.status_code == 200
        code_mb = receipt_code(sent_mb)
        tip = Tip.objects.exclude(province="MB").get()
        tip_mb = Tip.objects.get(province="MB")
        page = f"/en/tips/staff/inbox/{tip.id}/"

        login(staff, handler_national)
        assert REPORT["what_happened"] in staff.get(page).content.decode()
        assert staff.post(page + "reply/", {"reply-body": REPLY}).status_code == 302
        assert staff.post(page + "note/", {"note-body": NOTE}).status_code == 302
        remind_on = (timezone.localdate() + timedelta(days=3)).isoformat()
        reminder = {"reminder-remind_on": remind_on, "reminder-reason": REMINDER}
        assert staff.post(page + "reminder/", reminder).status_code == 302
        tip_file = TipFile.objects.get(tip=tip)
        served = staff.get(f"{page}files/{tip_file.id}/")
        assert served.status_code == 200 and served.content.startswith(b"\x89PNG")

        answer = follow_up(reporter, code, REPORTER_WRITES_BACK)
        assert answer.status_code == 200 and REPLY in answer.content.decode()

        closing = {"status": "closed", "close_reason": "no_info", "close_note": CLOSE_NOTE}
        assert staff.post(page + "status/", closing).status_code == 302
        shown = staff.get(page).content.decode()
        assert CLOSE_NOTE in shown and REPORTER_WRITES_BACK in shown and REMINDER in shown

        login(staff_mb, handler_mb)
        page_mb = f"/en/tips/staff/inbox/{tip_mb.id}/"
        assert REPORT_MB["what_happened"] in staff_mb.get(page_mb).content.decode()
        assert staff_mb.post(page_mb + "note/", {"note-body": NOTE_MB}).status_code == 302
        assert staff_mb.get(page).status_code == 404  # not Manitoba's tip

        for person in (learner, admin):  # signed in too: their sessions are in the dump
            login(Client(), person)
    assert mail.outbox, "the handlers were told of the tips by mail"
    return {
        "tip": tip,
        "tip_mb": tip_mb,
        "codes": (code, code_mb),
        "files": (original_png, served.content),
        "cookie": staff.cookies[settings.TIPS_KEY_COOKIE].value,
        "learner": learner,
        "admin": admin,
        "caplog": caplog,
    }


def texts_written() -> list[str]:
    return [*REPORT.values(), *REPORT_MB.values(), REPLY, NOTE, REMINDER, REPORTER_WRITES_BACK, CLOSE_NOTE, NOTE_MB]


# ----- everything the server holds -----------------------------------------------------------------------------


def _flat(value, out: list, depth: int = 0) -> None:
    """Every string and bytes value inside `value` (containers walked, anything else as its str)."""
    if depth > 20 or value is None:
        return
    if isinstance(value, memoryview | bytearray):
        value = bytes(value)
    if isinstance(value, bytes | str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _flat(key, out, depth + 1)
            _flat(item, out, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _flat(item, out, depth + 1)
    else:
        out.append(str(value))


def _database() -> list:
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 -- names from the schema
            for row in cursor.fetchall():
                _flat(row, out)
    return out


def _settings() -> list:
    out = []
    for name in dir(settings):
        if name.isupper():
            _flat(getattr(settings, name), out)
    return out


def _redis() -> list:
    """Every key and value in the test's Redis database (strings also unpickled, as Django's cache stores them)."""
    if not os.environ.get("REDIS_URL"):
        return []  # no Redis in this run: the cache is the process's memory (CI sets REDIS_URL)
    client = cache._cache.get_client(write=False)  # noqa: SLF001 -- the raw Redis behind the cache
    out = []
    for key in client.scan_iter(count=1000):
        out.append(bytes(key))
        kind = client.type(key).decode()
        if kind == "string":
            values = [client.get(key)]
        elif kind == "hash":
            values = [v for pair in client.hgetall(key).items() for v in pair]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = [member for member, _score in client.zrange(key, 0, -1, withscores=True)]
        else:
            values = []
        for value in values:
            out.append(bytes(value))
            try:
                _flat(pickle.loads(value), out)  # noqa: S301 -- our own test cache
            except Exception:  # noqa: BLE001, S112 -- not a pickle: the raw bytes are kept above
                continue
    return out


def _sessions() -> list:
    out = []
    for session in Session.objects.all():
        _flat(session.get_decoded(), out)
    return out


def _files() -> list:
    out = []

    def walk(folder: str) -> None:
        dirs, names = default_storage.listdir(folder)
        for name in names:
            with default_storage.open(f"{folder}/{name}".lstrip("/"), "rb") as handle:
                out.append(handle.read())
        for sub in dirs:
            walk(f"{folder}/{sub}".lstrip("/"))

    walk("")
    root = Path(settings.MEDIA_ROOT)
    if root.exists():
        out += [path.read_bytes() for path in root.rglob("*") if path.is_file()]
    return out


def _logs(caplog) -> list:
    """Every record logged while the story ran and since, at DEBUG, formatted with its traceback."""
    out, formatter = [], logging.Formatter()
    for record in [*caplog.get_records("setup"), *caplog.get_records("call")]:
        _flat([formatter.format(record), record.args, record.stack_info], out)
    return out


def _mail() -> list:
    out = []
    for message in mail.outbox:
        _flat([message.subject, message.body, message.to, message.extra_headers], out)
        _flat(getattr(message, "alternatives", []), out)
        _flat([attachment for attachment in message.attachments], out)
    return out


def _environment() -> list:
    out = []
    _flat(dict(os.environ), out)
    return out


def _bytes(found: list) -> list[bytes]:
    return [item if isinstance(item, bytes) else item.encode("utf-8", "surrogatepass") for item in found]


def dump(caplog) -> tuple[list[bytes], list[bytes]]:
    """(the settings and the environment, everything else the server holds)."""
    configuration = _bytes([*_settings(), *_environment()])
    held = _bytes([*_database(), *_redis(), *_sessions(), *_files(), *_logs(caplog), *_mail()])
    return configuration, held


# ----- what could be a key in it --------------------------------------------------------------------------------

TOKEN = re.compile(rb"[A-Za-z0-9+/_-]{22,}={0,2}")
HEX = re.compile(rb"(?<![0-9a-fA-F])[0-9a-fA-F]{64}(?![0-9a-fA-F])")


def _b64_variants(token: bytes) -> list[bytes]:
    body = token.rstrip(b"=")
    padded = body + b"=" * (-len(body) % 4)
    out = []
    for decode in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            out.append(decode(padded))
        except (binascii.Error, ValueError):
            continue
    return out


def unpacked(items: list[bytes]) -> tuple[set[bytes], set[bytes]]:
    """(32-byte values: candidate keys, longer values: things that may be sealed or wrapped), raw or decoded from
    base64 (standard and URL-safe, with or without padding) or hex, one level deep."""
    candidates, blobs = set(), set()

    def take(raw: bytes) -> None:
        if len(raw) == 32:  # noqa: PLR2004 -- an X25519 private key, a secret box key, a Fernet key's bytes
            candidates.add(raw)
        elif len(raw) >= 40:  # noqa: PLR2004 -- a nonce and a tag at least
            blobs.add(raw)

    for item in items:
        take(item)
        for token in TOKEN.findall(item):
            for raw in _b64_variants(token):
                take(raw)
        for token in HEX.findall(item):
            take(binascii.unhexlify(token))
    return candidates, blobs


def configured_strings() -> list[str]:
    """Every string setting (and string in a list setting) and every environment value: where a secret is kept."""
    found = []
    for name in dir(settings):
        value = getattr(settings, name) if name.isupper() else None
        items = value if isinstance(value, list | tuple) else [value]
        found += [item for item in items if isinstance(item, str)]
    return list(dict.fromkeys([*found, *os.environ.values()]))


# What fills a database and is no secret: timestamps, migration names, permissions and their names.
NOT_SECRET = re.compile(
    r"^\d{4}-\d\d-\d\d[ T]\d|^\d\d?\.\d+\+\d\d|^\d{4}_\w+$|^(add|change|delete|view)_\w+$|^Can (add|change|delete|view) "
)


def secrets_in(held: list[bytes], *, limit: int = 600) -> list[str]:
    """Strings that could be a password, a recovery key, a receipt code or a form token: every configured string,
    then the word-like strings (6 to 160 characters) of everything else the server holds, most secret-like first
    (no dots or slashes, digits in them), up to `limit` of those."""

    def rank(word: str):
        return (bool(re.search(r"[./]", word)), not re.search(r"\d", word), len(word), word)

    configured = configured_strings()
    words = set()
    for item in held:
        try:
            text = item.decode()
        except UnicodeDecodeError:
            continue
        text = re.sub(r"\\u[0-9a-fA-F]{4}", " ", text)  # JSON's escapes (translated names) are not words
        words |= set(re.findall(r"[^\s\"',;:{}\[\]()<>\\]{6,160}", text))
        if 6 <= len(text) <= 160 and "\n" not in text:  # noqa: PLR2004
            words.add(text)
    words = {word for word in words if not NOT_SECRET.search(word)}
    return configured + sorted(words - set(configured), key=rank)[:limit]


# ----- trying them --------------------------------------------------------------------------------------------


def _unseal(private, sealed: bytes) -> bytes | None:
    try:
        return keys.unseal(private, sealed)
    except (keys.CryptoError, ValueError, TypeError):
        return None


def _unwrap(key: bytes, wrapped: bytes) -> bytes | None:
    try:
        return keys.unwrap(key, wrapped)
    except (keys.CryptoError, ValueError, TypeError):
        return None


def _fernet_open(key: bytes, tokens) -> list[bytes]:
    box = Fernet(base64.urlsafe_b64encode(key))
    opened = []
    for token in tokens:
        try:
            opened.append(box.decrypt(token))
        except (InvalidToken, ValueError, TypeError):
            continue
    return opened


def _token_fernet_key(text: str) -> bytes:
    """The key protection._token_fernet makes from a form token (a receipt code kept for a double click)."""
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=b"tips.sent-receipt").derive(text.encode())


def what_opens(candidates: set[bytes], blobs: set[bytes], secrets: list[str]) -> list[str]:
    """Everything the candidates open, followed to a fixed point (a key that opens a wrapped key adds that key).
    Returns what was opened, described; an empty list is the issue's promise."""
    tips = list(Tip.objects.all())
    handler_keys = list(HandlerKey.objects.all())
    sealed = set(blobs)
    for tip in tips:
        sealed |= {bytes(tip.content), bytes(tip.reporter_sealed_key), bytes(tip.close_note_sealed)}
        sealed |= {bytes(m.body_sealed) for m in tip.messages.all()}
        sealed |= {bytes(r.reason_sealed) for r in tip.reminders.all()}
    sealed |= {bytes(g.sealed_key) for g in TipKeyGrant.objects.all()}
    wrapped = set(blobs) | {bytes(k.password_wrapped) for k in handler_keys}
    wrapped |= {bytes(k.recovery_wrapped) for k in handler_keys}
    # Fernet tokens: base64 of bytes starting with the version, 0x80 (the dump's were decoded into `blobs`).
    fernet_tokens = {base64.urlsafe_b64encode(blob) for blob in blobs if blob.startswith(b"\x80")}
    legacy_raw = []
    with connection.cursor() as cursor:
        for table, columns in (
            ("tips_tip", [*sealing.CONTENT_FIELDS, "close_note"]),
            ("tips_tipmessage", ["body"]),
            ("tips_tipreminder", ["reason"]),
        ):
            names = ", ".join(connection.ops.quote_name(column) for column in columns)
            cursor.execute(f"SELECT {names} FROM {table}")  # noqa: S608 -- our own names
            legacy_raw += [value for row in cursor.fetchall() for value in row if value]
    fernet_targets = {str(v).encode() for v in legacy_raw} | fernet_tokens | {bytes(tip.content) for tip in tips}

    opened: list[str] = []
    seen: set[bytes] = set()
    texts = list(secrets)
    todo = set(candidates)
    # Passwords, recovery keys and receipt codes, through the portal's own derivations with the salts it stores.
    # A password is used as typed; a recovery key as keyring.key_recover normalizes it.
    for text in texts:
        for key in handler_keys:
            for secret, salt, box in (
                (text, key.password_salt, key.password_wrapped),
                (keys.recovery_normalize(text), key.recovery_salt, key.recovery_wrapped),
            ):
                got = _unwrap(keys.derive_password_key(secret, bytes(salt)), bytes(box)) if secret else None
                if got is not None:
                    opened.append(f"the key of {key.user} with the string {secret!r}")
                    todo.add(got)
        for tip in (tip for tip in tips if bytes(tip.reporter_salt)):
            pair = keys.derive_receipt_keypair(services.receipt_normalize(text), bytes(tip.reporter_salt))
            got = _unseal(pair.private, bytes(tip.reporter_sealed_key))
            if got is not None:
                opened.append(f"tip {tip.reference} with the receipt code {text!r}")
                todo.add(got)
        # A form token makes the Fernet key of the receipt code kept for a double click (tips/protection.py).
        key = _token_fernet_key(text)
        for got in _fernet_open(key, fernet_targets):
            opened.append(f"a Fernet token with the form token {text!r} ({len(got)} bytes)")
    todo |= {base64.urlsafe_b64decode(k) for k in settings.FIELD_ENCRYPTION_KEYS}
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        private = keys.private_key(key)  # its public half worked out once, not per blob
        for blob in sealed:
            got = _unseal(private, blob)
            if got is not None:
                opened.append(f"a sealed value with a key from the dump ({len(got)} bytes)")
                if len(got) == 32:  # noqa: PLR2004 -- a tip's private key
                    todo.add(got)
        for blob in wrapped:
            got = _unwrap(key, blob)
            if got is not None:
                opened.append(f"a wrapped value with a key from the dump ({len(got)} bytes)")
                if len(got) == 32:  # noqa: PLR2004
                    todo.add(got)
        for got in _fernet_open(key, fernet_targets):
            opened.append(f"a Fernet token with a key from the dump ({len(got)} bytes)")
            todo |= unpacked([got])[0]
    return opened


# ----- the tests ------------------------------------------------------------------------------------------------


def test_nothing_the_server_holds_opens_a_tip(story, handler_national):
    configuration, held = dump(story["caplog"])
    candidates, blobs = unpacked([*configuration, *held])
    secrets = secrets_in(held)
    assert len(candidates) > 20 and len(blobs) > 10 and len(secrets) > 100, "the dump is not empty"
    assert settings.SECRET_KEY in secrets and settings.HASH_KEY in secrets
    # Had the portal kept a password or a receipt code anywhere, it would be among the strings tried.
    leaked = [*held, f"kept by mistake: {PASSWORD} {story['codes'][0]}".encode()]
    assert {PASSWORD, story["codes"][0]} <= set(secrets_in(leaked))
    assert {base64.urlsafe_b64decode(k) for k in settings.FIELD_ENCRYPTION_KEYS} <= candidates
    handler_key = HandlerKey.objects.get(user=handler_national)
    assert bytes(handler_key.public_key) in candidates  # the dump holds the public halves, as it may

    legacy = Tip.objects.values_list(*sealing.CONTENT_FIELDS, "close_note")
    assert not [value for row in legacy for value in row if value], "a new tip keeps nothing in the Fernet columns"

    assert what_opens(candidates, blobs, secrets) == []

    # The same harness opens the tips when given what only people hold (so it can fail): the handlers' password,
    # the reporter's receipt code, and the cookie of the handler's browser with the session's wrapped copy.
    for secret in (PASSWORD, story["codes"][0]):
        assert any("sealed value" in line for line in what_opens(set(), set(), [secret])), secret
    cookie = keyring._unb64(story["cookie"])  # noqa: SLF001 -- the browser's half of the session's copy
    with_cookie = what_opens({cookie}, blobs, [])
    assert any("wrapped value" in line for line in with_cookie) and any("sealed value" in x for x in with_cookie)


def test_no_text_or_file_written_is_in_the_dump(story, handler_national):
    configuration, held = dump(story["caplog"])
    _candidates, blobs = unpacked([*configuration, *held])
    haystack = b"\x00".join([*configuration, *held, *blobs])
    for text in texts_written():
        assert text.encode() not in haystack, text
        assert text.encode("utf-16-le") not in haystack, text
    original, served = story["files"]
    assert served not in haystack and original not in haystack
    assert served[8:40] not in haystack  # not even the start of the image after the PNG signature
    # The positive control: the handler's real key opens the tip's content and file.
    tip = story["tip"]
    private = keyring.key_open_with_password(handler_national, PASSWORD)
    tip_private = sealing.tip_private_for_handler(tip, handler_national, private)
    assert json.loads(keys.unseal(tip_private, bytes(tip.content)))["what_happened"] == REPORT["what_happened"]
    stored = default_storage.open(TipFile.objects.get(tip=tip).storage_name, "rb").read()
    assert keys.unseal(tip_private, stored) == served


def _opens(private: bytes | None, tip: Tip) -> bool:
    """Whether `private` opens the tip: through one of its grants or the reporter's sealed key, then its content."""
    if private is None:
        return False
    sealed = [bytes(g.sealed_key) for g in TipKeyGrant.objects.filter(tip=tip)] + [bytes(tip.reporter_sealed_key)]
    for box in sealed:
        tip_private = _unseal(private, box)
        if tip_private is not None and _unseal(tip_private, bytes(tip.content)) is not None:
            return True
    return _unseal(private, bytes(tip.content)) is not None


def test_each_key_opens_only_the_tips_it_was_given(story, escrow_keys, handler_national, handler_mb):
    tip, tip_mb = story["tip"], story["tip_mb"]
    national = keyring.key_open_with_password(handler_national, PASSWORD)
    manitoba = keyring.key_open_with_password(handler_mb, PASSWORD)
    assert national and manitoba
    # The national handler reads both (the national line is where a Manitoba tip escalates); Manitoba's only its own.
    assert _opens(national, tip) and _opens(national, tip_mb)
    assert not _opens(manitoba, tip) and _opens(manitoba, tip_mb)
    # A learner and an administrator hold no key at all, and their sessions none either.
    for person in (story["learner"], story["admin"]):
        assert not HandlerKey.objects.filter(user=person).exists()
        assert keyring.key_open_with_password(person, PASSWORD) is None
        assert not TipKeyGrant.objects.filter(user=person).exists()
    for session in Session.objects.all():
        held = session.get_decoded().get(keyring.SESSION_KEY)
        if held:
            assert held["user"] in (handler_national.pk, handler_mb.pk)
    # Escrow opens only where it was configured when the tip came: the national line's opens both tips;
    # Manitoba's (no escrow key set) got no grant and opens nothing; those of hotlines the tips were not for neither.
    escrow = {slug: pair.private for slug, pair in escrow_keys.items()}
    assert _opens(escrow["cceht"], tip) and _opens(escrow["cceht"], tip_mb)
    assert not TipKeyGrant.objects.filter(tip=tip_mb, hotline__organization__slug="klinic", user=None).exists()
    for slug in ("klinic", "hamilton-police", "chrysalis"):
        assert not _opens(escrow[slug], tip) and not _opens(escrow[slug], tip_mb), slug
    # Whoever opens, opens the same tip: the reporter's code too.
    assert _opens(
        keys.derive_receipt_keypair(services.receipt_normalize(story["codes"][1]), bytes(tip_mb.reporter_salt)).private,
        tip_mb,
    )
