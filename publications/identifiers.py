"""The identifiers a registry entry may carry: the CRA Business Number (checked with python-stdnum's `stdnum.ca.bn`,
the nine digits and their check digit, optionally with a program account such as RT0001) and the provincial
corporate registry number (its format differs by province: letters and digits only). Both are stored compact."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.ca import bn
from stdnum.exceptions import ValidationError as NumberError

BUSINESS_NUMBER_INVALID = _(
    "CRA business number: enter the nine-digit Business Number (check digit included), optionally followed by a "
    "program account such as RT0001."
)
CORPORATE_NUMBER_INVALID = _(
    "Provincial corporate registry number: use letters and digits only (spaces and hyphens are ignored), "
    "up to 30 characters."
)
_CORPORATE = re.compile(r"[A-Z0-9]{1,30}")


def business_number_compact(value: str) -> str:
    """The Business Number as stored ("123 456 782 rt 0001" -> "123456782RT0001"); raises ValidationError."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return bn.validate(value.upper())
    except NumberError:
        raise ValidationError(BUSINESS_NUMBER_INVALID, code="invalid_business_number") from None


def business_number_root(value: str) -> str:
    """The nine digits that name the business, whatever its program account."""
    return business_number_compact(value)[:9]


def corporate_registry_number_compact(value: str) -> str:
    compact = re.sub(r"[\s\-./]", "", value or "").upper()
    if compact and not _CORPORATE.fullmatch(compact):
        raise ValidationError(CORPORATE_NUMBER_INVALID, code="invalid_corporate_registry_number")
    return compact


def validate_business_number(value: str) -> None:
    """Model validator: the stored value must be the compact, valid number."""
    if value and business_number_compact(value) != value:
        raise ValidationError(BUSINESS_NUMBER_INVALID, code="invalid_business_number")


def validate_corporate_registry_number(value: str) -> None:
    if value and corporate_registry_number_compact(value) != value:
        raise ValidationError(CORPORATE_NUMBER_INVALID, code="invalid_corporate_registry_number")
