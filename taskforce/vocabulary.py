"""Words every app shares: Canada's provinces and territories, and the kinds of exploitation."""

from collections.abc import Hashable, Iterable
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")


class ExploitationKind(models.TextChoices):
    SEX = "sex", _("Sex trafficking")
    LABOUR = "labour", _("Forced labour")
    ORGANS = "organs", _("Organ or tissue trafficking")
    UNSURE = "unsure", _("Not sure")


# (language, vocabulary) -> its labels as {value: label} strings. A vocabulary is reference data fixed in the code
# (the choices above, a model's status choices, a filter's choices), so each process translates it once per
# language: every list page (the registry, the tips inbox) reads its labels here, never per request or per row.
_IN_LANGUAGE: dict[tuple[str, Hashable], dict[str, str]] = {}


def labels(vocabulary: Hashable, choices: Iterable[tuple[Any, Any]] | None = None) -> dict[str, str]:
    """{value: label} of `vocabulary` in the active language, in the choices' order. `vocabulary` is a choices
    class (Province, Tip.Status), whose `choices` are used, or any name with the `choices` it stands for: the same
    name must always stand for the same choices."""
    key = (get_language() or "", vocabulary)
    found = _IN_LANGUAGE.get(key)
    if found is None:
        pairs = vocabulary.choices if choices is None else choices
        found = _IN_LANGUAGE[key] = {str(value): str(label) for value, label in pairs}
    return found
