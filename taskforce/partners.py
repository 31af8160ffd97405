"""Partner API clients (issue 19, part 4): an organization's program reads the public statistics and submits its
own dated counts for the indicators a coordinator allowed, with a key of its own.

Keys are hashed at rest the way the portal's API tokens are (django-rest-knox's `hash_token`, SHA-512): a key is
32 random bytes, so a fast hash is enough: no one can guess 256 bits, and a slow password hash (PBKDF2,
`make_password`) would only make every request slower. The first 8 characters are kept in clear to find the key and
to tell keys apart on the coordinator's page; the comparison of digests is constant-time."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.crypto import create_token_string, hash_token
from rest_framework import authentication, exceptions

from . import roles
from .models import Organization, PartnerClient, PartnerExchange, PartnerKey, User

KEY_PREFIX_LENGTH = 8
LAST_USED_EVERY = timedelta(minutes=1)
AUTH_KEYWORDS = (b"partner", b"bearer")


def _coordinator(actor: User) -> None:
    if not roles.is_coordinator(actor):
        raise PermissionDenied


# ----- services (the coordinator's) -----------------------------------------------------------------------------


def _scopes_errors(indicators: list, *, can_submit_values: bool) -> dict[str, list[str]]:
    """Indicators are named only for a client allowed to submit counts."""
    if indicators and not can_submit_values:
        return {"indicators": [_("Allow the client to submit counts, or choose no indicator.")]}
    return {}


@transaction.atomic
def partner_client_create(
    *,
    actor: User,
    organization: Organization,
    name: str,
    can_read_statistics: bool,
    can_submit_values: bool,
    indicators=(),
) -> PartnerClient:
    """A client of `organization` with its scopes: read the statistics; submit values for `indicators` (only
    with `can_submit_values`)."""
    _coordinator(actor)
    name = (name or "").strip()
    indicators = list(indicators or ())
    errors = _scopes_errors(indicators, can_submit_values=can_submit_values)
    if not name:
        errors["name"] = [_("Give the client a name.")]
    if errors:
        raise ValidationError(errors)
    client = PartnerClient.objects.create(
        organization=organization,
        name=name[:200],
        can_read_statistics=can_read_statistics,
        can_submit_values=can_submit_values,
        created_by=actor,
    )
    client.indicators.set(indicators)
    return client


@transaction.atomic
def partner_client_scopes_set(
    *, actor: User, client: PartnerClient, can_read_statistics: bool, can_submit_values: bool, indicators=()
) -> PartnerClient:
    """Change what a live client may do; its keys follow at their next request. A revoked client stays revoked."""
    _coordinator(actor)
    indicators = list(indicators or ())
    if errors := _scopes_errors(indicators, can_submit_values=can_submit_values):
        raise ValidationError(errors)
    changed = PartnerClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        can_read_statistics=can_read_statistics, can_submit_values=can_submit_values
    )
    if not changed:
        raise ValidationError(_("This client has been revoked: what it may do can no longer change."))
    client.refresh_from_db()
    client.indicators.set(indicators)
    return client


def partner_key_issue(*, actor: User, client: PartnerClient) -> tuple[PartnerKey, str]:
    """A new key for the client: the stored row and the key itself, which is shown once and never kept."""
    _coordinator(actor)
    if not PartnerClient.objects.filter(pk=client.pk, revoked_at__isnull=True).exists():
        raise ValidationError(_("This client has been revoked: it cannot have a new key."))
    key = create_token_string()
    row = PartnerKey.objects.create(client=client, prefix=key[:KEY_PREFIX_LENGTH], digest=hash_token(key))
    return row, key


def partner_key_revoke(*, actor: User, key: PartnerKey) -> None:
    _coordinator(actor)
    PartnerKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def partner_client_revoke(*, actor: User, client: PartnerClient) -> None:
    _coordinator(actor)
    now = timezone.now()
    PartnerClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(revoked_at=now)
    PartnerKey.objects.filter(client=client, revoked_at__isnull=True).update(revoked_at=now)
    client.refresh_from_db(fields=["revoked_at"])


def partner_exchange_record(
    *, key: PartnerKey, method: str, endpoint: str, status_code: int, record_ids: dict | None = None
) -> PartnerExchange:
    """The log line of one request: ids only, never what was sent."""
    return PartnerExchange.objects.create(
        client_id=key.client_id,
        key=key,
        method=method[:8],
        endpoint=endpoint[:200],
        status_code=status_code,
        record_ids={name: [int(i) for i in ids] for name, ids in (record_ids or {}).items()},
    )


# ----- authentication -------------------------------------------------------------------------------------------


def partner_key_match(key: str) -> PartnerKey | None:
    """The key whose digest matches, revoked or not (it or its client), or None."""
    if not (16 <= len(key) <= 128) or not all(c in "0123456789abcdef" for c in key):
        return None
    digest = hash_token(key)
    candidates = PartnerKey.objects.select_related("client", "client__organization").filter(
        prefix=key[:KEY_PREFIX_LENGTH]
    )
    found = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.digest, digest):
            found = candidate
    return found


def partner_key_is_live(key: PartnerKey) -> bool:
    return key.revoked_at is None and key.client.revoked_at is None


def partner_key_find(key: str) -> PartnerKey | None:
    """The live key (neither it nor its client revoked) whose digest matches, or None."""
    found = partner_key_match(key)
    return found if found is not None and partner_key_is_live(found) else None


def _mark_used(key: PartnerKey) -> None:
    """At most one write a minute per key, however many requests it makes."""
    now = timezone.now()
    PartnerKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ).update(last_used_at=now)


class PartnerAuthentication(authentication.BaseAuthentication):
    """`Authorization: Partner <key>` (or `Bearer <key>`). The request has no user (a partner is not a person who
    signs in): `request.auth` is the PartnerKey, `request.user` anonymous. A staff member's API token is not a
    partner key and is refused."""

    keyword = "Partner"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in AUTH_KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give one partner key after “Partner”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This partner key is not valid or has been revoked.")) from None
        found = partner_key_match(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("This partner key is not valid or has been revoked."))
        if not partner_key_is_live(found):
            # A revoked key still in use: the exchange log keeps the refusal against that key (never what was
            # presented). A key that matches none has no client to file it under: the access log has it.
            request.partner_refused_key = found
            raise exceptions.AuthenticationFailed(_("This partner key is not valid or has been revoked."))
        _mark_used(found)
        return AnonymousUser(), found

    def authenticate_header(self, request):
        return self.keyword


class PartnerScheme(OpenApiAuthenticationExtension):
    """The partner key in the OpenAPI schema: `Authorization: Partner <key>`."""

    target_class = "taskforce.partners.PartnerAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner key issued by a coordinator, sent as `Partner <key>` (or `Bearer <key>`).",
        }
