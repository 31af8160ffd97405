"""Tips sealed to their readers (issue 23): who a tip's key is sealed to, and opening a tip with a key one holds.

A tip's readers are the handlers (with a key) of the hotlines it is routed to and of the hotlines it can escalate
to (the national fallback for its kind), and the escrow key of any of those hotlines that set one. Sealing to a
reader needs only their public key, so it happens in the request that submits the tip; giving a tip to one more
reader later (a newcomer, a hotline it is re-routed to) needs the tip's private key, so it happens in the request
of someone who can open the tip. The server never holds a tip's private key in clear beyond that request.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db.models import Q

from taskforce import roles
from taskforce.selectors import users_with_role

from . import keys, selectors
from .crypto import InvalidToken, decrypt_bytes
from .models import HandlerKey, Hotline, Tip, TipFile, TipKeyGrant, TipReminder

CONTENT_FIELDS = ("city", "place", "when", "what_happened", "people_description", "contact_preference")


class TipLocked(Exception):
    """The person holds no key that opens this tip (never granted, or their key changed since)."""


# ----- who may hold a tip's key ----------------------------------------------------------------------------


def keyed_handlers(hotline: Hotline):
    """The hotline's active tip handlers who have a key pair, with it."""
    people = users_with_role(roles.TIP_HANDLER, [hotline.organization_id])
    return HandlerKey.objects.filter(user__in=people).select_related("user")


def readers_of(hotlines) -> list[tuple[Hotline, int | None, bytes]]:
    """(hotline, user id or None for its escrow key, public key) for every reader of a tip with these hotlines."""
    hotlines = list(hotlines)
    by_org: dict[int, list[Hotline]] = {}
    for hotline in hotlines:
        by_org.setdefault(hotline.organization_id, []).append(hotline)
    keyed = (  # one query for every hotline: active tip handlers with a key, in each hotline's organization
        HandlerKey.objects.filter(
            user__is_active=True,
            user__groups__name=roles.TIP_HANDLER,
            user__memberships__organization_id__in=list(by_org),
        )
        .values_list("user_id", "public_key", "user__memberships__organization_id")
        .distinct()
    )
    readers = [
        (hotline, user_id, bytes(public)) for user_id, public, org_id in keyed for hotline in by_org.get(org_id, ())
    ]
    readers += [(hotline, None, hotline.escrow_key) for hotline in hotlines if hotline.escrow_public_key]
    return readers


def escalation_targets(tip_kind: str, receivers, *, nationals: list[Hotline] | None = None) -> list[Hotline]:
    """The hotlines the tip can escalate to (the national fallback for its kind, `nationals` when read already),
    besides its receivers."""
    ids = {h.id for h in receivers}
    nationals = selectors.national_receivers(kind=tip_kind) if nationals is None else nationals
    return [h for h in nationals if h.id not in ids]


def has_reader(hotline: Hotline) -> bool:
    return bool(hotline.escrow_public_key) or keyed_handlers(hotline).exists()


# ----- sealing ----------------------------------------------------------------------------------------------


@dataclass
class NewTipKeys:
    """A new tip's key pair, held only for the request that submits it."""

    pair: keys.KeyPair
    grants: list[TipKeyGrant] = field(default_factory=list)


def content_seal(public_key: bytes, values: dict) -> bytes:
    return keys.seal(public_key, json.dumps({name: values.get(name, "") for name in CONTENT_FIELDS}).encode())


def text_seal(tip: Tip, text: str) -> bytes:
    return keys.seal(bytes(tip.public_key), text.encode()) if text else b""


def text_set(obj, legacy_field: str, sealed_field: str, text: str, *, tip: Tip | None = None) -> None:
    """Set a text on a tip or a thing of a tip (not saved): sealed to the tip's public key, so anyone may add to a
    tip while reading needs its private key. A tip from before issue 23 keeps its Fernet column until
    `tips_seal_existing` reseals it."""
    tip = tip or obj
    if is_legacy(tip) and tip.pk:  # tips_seal_existing may have sealed it since it was read: ask under lock
        sealed_since = Tip.objects.select_for_update().filter(id=tip.pk).values_list("public_key", flat=True).first()
        tip.public_key = bytes(sealed_since or b"")
    if is_legacy(tip):
        setattr(obj, legacy_field, text)
        setattr(obj, sealed_field, b"")
    else:
        setattr(obj, legacy_field, "")
        setattr(obj, sealed_field, text_seal(tip, text))


def grants_write(tip: Tip, private: bytes, readers, *, granted_by=None) -> list[TipKeyGrant]:
    """Seal the tip's private key to each reader that has no grant for it yet."""
    have = set(TipKeyGrant.objects.filter(tip=tip).values_list("hotline_id", "user_id", "public_key"))
    have = {(h, u, bytes(p)) for h, u, p in have}
    rows = [
        TipKeyGrant(
            tip=tip,
            hotline=hotline,
            user_id=user_id,
            public_key=public,
            sealed_key=keys.seal(public, private),
            granted_by=granted_by,
        )
        for hotline, user_id, public in readers
        if (hotline.id, user_id, public) not in have
    ]
    stale = Q()
    for row in rows:  # a reader whose key changed: the grant to their old key goes
        stale |= Q(hotline=row.hotline, user_id=row.user_id)
    if rows:
        TipKeyGrant.objects.filter(stale, tip=tip).delete()
    TipKeyGrant.objects.bulk_create(rows)
    return rows


def grants_new(tip: Tip, private: bytes, readers) -> None:
    """A new tip's key sealed to each reader (none can have a grant yet: no lookup, one insert)."""
    TipKeyGrant.objects.bulk_create(
        TipKeyGrant(tip=tip, hotline=hotline, user_id=user_id, public_key=public, sealed_key=keys.seal(public, private))
        for hotline, user_id, public in readers
    )


def reporter_seal(tip: Tip, code: str, private: bytes) -> None:
    """Seal the tip's private key to the key pair the reporter's receipt code derives (set on `tip`, not saved)."""
    tip.reporter_salt = keys.salt_new()
    pair = keys.derive_receipt_keypair(code, tip.reporter_salt)
    tip.reporter_public_key = pair.public
    tip.reporter_sealed_key = keys.seal(pair.public, private)


# ----- opening ----------------------------------------------------------------------------------------------


class Shown:
    """A message or reminder with its text opened, for a page; everything else is read from the row itself."""

    def __init__(self, row, **texts):
        self._row = row
        self.__dict__.update(texts)

    def __getattr__(self, name):  # kind, author, created_at, get_kind_display...
        return getattr(self._row, name)


@dataclass
class OpenedTip:
    """What a reader sees of a tip, opened in their request with the tip's private key."""

    tip: Tip
    private: bytes = field(repr=False)
    content: dict

    def __getattr__(self, name):
        if name in CONTENT_FIELDS:
            return self.content.get(name, "")
        raise AttributeError(name)

    @property
    def close_note(self) -> str:
        return self.text(self.tip.close_note_sealed, legacy=lambda: self.tip.close_note)

    def text(self, sealed: bytes, *, legacy) -> str:
        if sealed:
            return keys.unseal(self.private, bytes(sealed)).decode()
        return legacy() if self.private == LEGACY else ""

    def thread(self, messages) -> list[Shown]:
        return [Shown(m, body=self.text(m.body_sealed, legacy=lambda m=m: m.body)) for m in messages]

    def reminder_reason(self, reminder: TipReminder) -> str:
        return self.text(reminder.reason_sealed, legacy=lambda: reminder.reason)

    def file_bytes(self, tip_file: TipFile, stored: bytes) -> bytes:
        return keys.unseal(self.private, stored) if tip_file.sealed else decrypt_bytes(stored)


LEGACY = b"legacy"  # a tip from before issue 23, read with the Fernet keys until `tips_seal_existing` reseals it


def opened_with(tip: Tip, private: bytes) -> OpenedTip:
    """The tip opened with its private key (or LEGACY for a tip from before issue 23)."""
    if private == LEGACY:
        return OpenedTip(tip, LEGACY, {name: getattr(tip, name) for name in CONTENT_FIELDS})
    return OpenedTip(tip, private, json.loads(keys.unseal(private, bytes(tip.content))))


def is_legacy(tip: Tip) -> bool:
    return not bytes(tip.public_key)


def tip_private_for_handler(tip: Tip, user, handler_private: bytes | None) -> bytes:
    """The tip's private key, opened with the handler's; TipLocked when they hold none that opens it."""
    if is_legacy(tip):
        return LEGACY
    if handler_private is None:
        raise TipLocked
    public = bytes(keys.private_key(handler_private).public_key)
    for grant in TipKeyGrant.objects.filter(tip=tip, user=user).only("public_key", "sealed_key"):
        if bytes(grant.public_key) == public:
            try:
                return keys.unseal(handler_private, bytes(grant.sealed_key))
            except keys.CryptoError:
                continue
    raise TipLocked


def tip_open_for_handler(tip: Tip, user, handler_private: bytes | None) -> OpenedTip:
    try:
        return opened_with(tip, tip_private_for_handler(tip, user, handler_private))
    except InvalidToken:
        raise
    except keys.CryptoError as exc:
        raise TipLocked from exc


def tip_open_for_reporter(tip: Tip, code: str) -> OpenedTip | None:
    """The tip as its reporter reads it with their receipt code (normalized); None while they cannot yet: a tip
    resealed from before issue 23 gets its reporter key now, and the thread opens once a handler opens the tip."""
    if is_legacy(tip):
        return opened_with(tip, LEGACY)
    if not bytes(tip.reporter_public_key):
        salt = keys.salt_new()
        pair = keys.derive_receipt_keypair(code, salt)
        Tip.objects.filter(id=tip.id, reporter_salt=b"").update(reporter_salt=salt, reporter_public_key=pair.public)
        return None
    if not bytes(tip.reporter_sealed_key):
        return None
    pair = keys.derive_receipt_keypair(code, bytes(tip.reporter_salt))
    try:
        return opened_with(tip, keys.unseal(pair.private, bytes(tip.reporter_sealed_key)))
    except keys.CryptoError:
        return None


def reporter_grant_pending(opened: OpenedTip) -> None:
    """In a handler's request: a reporter who came back to a resealed old tip gets the tip's key now."""
    tip = opened.tip
    if opened.private != LEGACY and bytes(tip.reporter_public_key) and not bytes(tip.reporter_sealed_key):
        sealed = keys.seal(bytes(tip.reporter_public_key), opened.private)
        Tip.objects.filter(id=tip.id, reporter_sealed_key=b"").update(reporter_sealed_key=sealed)


# ----- people join and leave ---------------------------------------------------------------------------------


class GrantError(Exception):
    """A refused grant, with a message fit to show."""


def _open_tips_of(hotline: Hotline):
    live = selectors.LIVE_DELIVERY_STATES
    return Tip.objects.filter(deliveries__hotline=hotline, deliveries__state__in=live).exclude(status=Tip.Status.CLOSED)


def access_missing(hotline: Hotline) -> list[dict]:
    """Per keyed handler of the hotline: how many of its open tips they cannot open (no grant to their key)."""
    tip_ids = set(_open_tips_of(hotline).exclude(public_key=b"").values_list("id", flat=True))
    rows = []
    for key in keyed_handlers(hotline).order_by("user__full_name", "user__email"):
        granted = tips_granted(key.user, bytes(key.public_key), tip_id__in=tip_ids)
        rows.append({"user": key.user, "missing": len(tip_ids - granted)})
    return rows


def tips_granted(user, public: bytes, **filters) -> set[int]:
    """Ids of the tips whose key is sealed to this user's current public key (grants to an older key do not count)."""
    grants = TipKeyGrant.objects.filter(user=user, **filters).values_list("tip_id", "public_key")
    return {tip_id for tip_id, key in grants if bytes(key) == public}


def _grant_from(sources, *, hotline: Hotline, private: bytes, to_key: HandlerKey, granted_by) -> int:
    """Open each source grant with `private` and seal its tip's key to `to_key`; returns how many tips were given."""
    public = bytes(to_key.public_key)
    have = tips_granted(to_key.user, public, hotline=hotline)
    rows, done = [], set()
    for grant in sources:
        if grant.tip_id in have or grant.tip_id in done:
            continue
        try:
            tip_private = keys.unseal(private, bytes(grant.sealed_key))
        except keys.CryptoError:
            continue
        done.add(grant.tip_id)
        rows.append(
            TipKeyGrant(
                tip_id=grant.tip_id,
                hotline=hotline,
                user=to_key.user,
                public_key=public,
                sealed_key=keys.seal(public, tip_private),
                granted_by=granted_by,
            )
        )
    TipKeyGrant.objects.filter(user=to_key.user, hotline=hotline, tip_id__in=done).delete()  # to an old key
    TipKeyGrant.objects.bulk_create(rows)
    return len(rows)


def _newcomer_key(hotline: Hotline, user) -> HandlerKey:
    key = keyed_handlers(hotline).filter(user=user).first()
    if key is None:
        raise GrantError("This person is not a tip handler of the hotline with a key yet.")
    return key


def grant_by_colleague(*, granter, granter_private: bytes, hotline: Hotline, user) -> int:
    """The open tips of the hotline the granter can open, given to a colleague of the same hotline, in the
    granter's request (their key opens each tip's key, which is sealed to the colleague's)."""
    if not keyed_handlers(hotline).filter(user=granter).exists():
        raise GrantError("Only a tip handler of this hotline can give access to its tips.")
    to_key = _newcomer_key(hotline, user)
    public = bytes(keys.private_key(granter_private).public_key)
    sources = [
        grant
        for grant in TipKeyGrant.objects.filter(user=granter, tip__in=_open_tips_of(hotline))
        if bytes(grant.public_key) == public
    ]
    return _grant_from(sources, hotline=hotline, private=granter_private, to_key=to_key, granted_by=granter)


def grant_by_escrow(*, actor, escrow_private: bytes, hotline: Hotline, user) -> int:
    """Every tip of the hotline sealed to its escrow key (open or not), given to one of its handlers with the
    escrow's private key, which the coordinator brings for this request only."""
    try:
        matches = bytes(keys.private_key(escrow_private).public_key) == hotline.escrow_key
    except (ValueError, TypeError):
        matches = False
    if not hotline.escrow_public_key or not matches:
        raise GrantError("This is not the escrow key of this hotline.")
    to_key = _newcomer_key(hotline, user)
    sources = TipKeyGrant.objects.filter(hotline=hotline, user__isnull=True)
    return _grant_from(sources, hotline=hotline, private=escrow_private, to_key=to_key, granted_by=actor)


def grants_revoke(user) -> int:
    """A handler who left (deactivated, no longer a tip handler, or out of a hotline's organization) loses their
    grants to its tips at once; returns how many went."""
    grants = TipKeyGrant.objects.filter(user=user)
    handler = user.is_active and user.groups.filter(name=roles.TIP_HANDLER).exists()
    if handler:
        grants = grants.exclude(hotline__organization__memberships__user=user)
    return grants.delete()[0]
