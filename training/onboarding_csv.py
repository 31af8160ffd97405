"""Invitations from a CSV file (name, email, audience): every row is checked first, each bad row reported by its
number, and nothing is created unless the whole file is good (one transaction)."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from taskforce.models import Organization

from . import access, conf, onboarding
from .models import Audience, Invitation

COLUMNS = ("name", "email", "audience")


class CsvImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def _audience_codes() -> dict[str, str]:
    """Audience by its code or its English label, without case."""
    codes = {code.lower(): code for code in Audience.values}
    with_labels = {str(label).lower(): code for code, label in Audience.choices}
    return {**with_labels, **codes}


def _read_rows(data: bytes) -> list[dict]:
    if len(data) > conf.invite_csv_max_bytes():
        raise CsvImportError(
            [_("The file is too large: at most %(size)s kB.") % {"size": conf.invite_csv_max_bytes() // 1024}]
        )
    if b"\x00" in data:
        raise CsvImportError([_("The file is not a text file (it contains a NUL byte). Save it as “CSV UTF-8”.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError([_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]) from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        names = [(name or "").strip().lower() for name in reader.fieldnames or []]
        header = set(names)
        twice = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
        if twice:  # which of the two would count? Neither is guessed.
            raise CsvImportError(
                [
                    _("The first row names a column twice: %(columns)s. Keep one of each.")
                    % {"columns": ", ".join(twice)}
                ]
            )
        if not set(COLUMNS) <= header:
            missing = ", ".join(c for c in COLUMNS if c not in header)
            raise CsvImportError(
                [
                    _("The first row must name the columns name, email, audience. Missing: %(columns)s.")
                    % {"columns": missing}
                ]
            )
        rows = []
        for row in reader:
            rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str)})
            if len(rows) > conf.invite_csv_max_rows():
                raise CsvImportError(
                    [_("The file has more than %(rows)s rows: split it.") % {"rows": conf.invite_csv_max_rows()}]
                )
    except csv.Error as exc:
        raise CsvImportError([_("The file is not valid CSV: %(error)s") % {"error": exc}]) from None
    if not rows:
        raise CsvImportError([_("The file has no rows below its header.")])
    return rows


def _check(rows: list[dict], organization: Organization) -> tuple[list[dict], list[str]]:
    audiences = _audience_codes()
    emails = [onboarding.email_normalize(row.get("email", "")) for row in rows]
    members = onboarding._member_emails(organization, emails)
    invited = onboarding._open_invitation_emails(organization, emails)
    seen: dict[str, int] = {}
    good, errors = [], []
    for number, (row, email) in enumerate(zip(rows, emails, strict=True), start=2):  # row 1 is the header
        problems = []
        name = row.get("name", "")
        if not name:
            problems.append(_("the name is missing."))
        elif any(not ch.isprintable() for ch in name):
            problems.append(_("the name has a line break or another invisible character."))
        elif len(name) > Invitation._meta.get_field("name").max_length:
            problems.append(_("the name is too long."))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not an email address.") % {"email": row.get("email", "")})
        else:
            if email in seen:
                problems.append(_("this address is already on row %(row)s.") % {"row": seen[email]})
            elif email in members:
                problems.append(_("this person is already a member of the organization."))
            elif email in invited:
                problems.append(_("this person is already invited."))
            seen.setdefault(email, number)
        audience = audiences.get(row.get("audience", "").lower())
        if not row.get("audience"):
            problems.append(_("the audience is missing."))
        elif audience is None:
            problems.append(_("unknown audience “%(audience)s”.") % {"audience": row.get("audience", "")})
        prefix = _("Row %(row)s") % {"row": number}
        errors += [f"{prefix}: {problem}" for problem in problems]
        if not problems:
            good.append({"name": name, "email": email, "audience": audience})
    return good, errors


@transaction.atomic
def invitations_import_csv(*, actor, organization: Organization, data: bytes) -> list[Invitation]:
    access.organization_for_manager(actor, organization.id)
    rows = _read_rows(data)
    good, errors = _check(rows, organization)
    if errors:
        raise CsvImportError(errors)
    try:
        with transaction.atomic():
            return onboarding.invitations_create_many(actor=actor, organization=organization, rows=good)
    except IntegrityError:  # one of these addresses was invited at the same moment
        raise CsvImportError([_("Someone invited one of these people meanwhile: upload the file again.")]) from None
