"""How the portal's shared vocabularies map to the standards others load our data with: the one documented place.

- The Human Trafficking Case Data Standard (HTCDS, IOM and partners, the standard behind the Counter Trafficking
  Data Collaborative) has picklists for the type of exploitation, the methods of control and the labour industry.
  A value of ours maps to the picklist term that means the same thing; "" where the standard has no such term.
- Canadian law: the Criminal Code's trafficking offences (s. 279.01 trafficking in persons, 279.011 of a person
  under 18, 279.02 material benefit, 279.03 withholding or destroying documents; s. 279.04 says what exploitation
  means, its subsection (3) covers the removal of organs or tissue) and s. 118 of the Immigration and Refugee
  Protection Act (IRPA: bringing a person into Canada by abduction, fraud, deception or force).

The data dictionary (/data/<slug>/) shows these tables for every field whose `Field.vocabulary` names one of them.
The HTCDS methods-of-control picklist has no table here: no published dataset carries methods of control, and the
dictionary says so (METHODS_OF_CONTROL_NOTE). A dataset that ever publishes them maps them here first.
The mapping was written by the task force from the texts of the standard and of the law; it says which provision a
kind of exploitation falls under, not how a case was or would be charged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from taskforce.vocabulary import ExploitationKind, Province


@dataclass(frozen=True)
class Term:
    value: str
    label: str | Promise
    htcds: str = ""  # the HTCDS picklist term
    law: str | Promise = ""  # the Criminal Code or IRPA provision


@dataclass(frozen=True)
class Vocabulary:
    name: str  # what a Field's `vocabulary` says: "ExploitationKind"
    title: str | Promise
    htcds_picklist: str  # the HTCDS picklist it maps to, "" when none
    terms: tuple[Term, ...]
    note: str | Promise = ""


EXPLOITATION_KIND = Vocabulary(
    name="ExploitationKind",
    title=_("Kind of exploitation"),
    htcds_picklist="Type of exploitation",
    note=_("Every kind is an offence of trafficking in persons; the Criminal Code defines exploitation in s. 279.04."),
    terms=(
        Term(
            ExploitationKind.SEX,
            ExploitationKind.SEX.label,
            "Sexual exploitation",
            _("Criminal Code s. 279.01 and 279.011, exploitation as in s. 279.04(1); IRPA s. 118"),
        ),
        Term(
            ExploitationKind.LABOUR,
            ExploitationKind.LABOUR.label,
            "Forced labour",
            _("Criminal Code s. 279.01 and 279.011, exploitation as in s. 279.04(1) and (2); IRPA s. 118"),
        ),
        Term(
            ExploitationKind.ORGANS,
            ExploitationKind.ORGANS.label,
            "Removal of organs",
            _("Criminal Code s. 279.01 and 279.011, exploitation as in s. 279.04(3); IRPA s. 118"),
        ),
        Term(
            ExploitationKind.UNSURE,
            ExploitationKind.UNSURE.label,
            "",
            _("Not yet known: any of the trafficking offences (Criminal Code s. 279.01 to 279.04; IRPA s. 118)"),
        ),
    ),
)

# ISO 3166-2:CA codes, which the HTCDS uses for a place's subdivision.
PROVINCE = Vocabulary(
    name="Province",
    title=_("Province or territory"),
    htcds_picklist="ISO 3166-2",
    terms=tuple(Term(code, label, f"CA-{code}") for code, label in Province.choices),
)

# The registry's industries (publications.models.Industry, by value: this module imports no other app's models).
INDUSTRY = Vocabulary(
    name="Industry",
    title=_("Industry"),
    htcds_picklist="Labour industry",
    terms=(
        Term("agriculture", _("Agriculture and food processing"), "Agriculture"),
        Term("construction", _("Construction"), "Construction"),
        Term("hospitality", _("Hotels and accommodation"), "Hospitality"),
        Term("food_service", _("Restaurants and food service"), "Hospitality"),
        Term("personal_services", _("Massage, spa and personal services"), "Beauty services"),
        Term("entertainment", _("Bars, clubs and entertainment"), "Hospitality"),
        Term("transport", _("Transport and trucking"), "Transportation"),
        Term("manufacturing", _("Manufacturing"), "Manufacturing"),
        Term("recruitment", _("Recruitment and staffing agencies"), "Other"),
        Term("care", _("Domestic work and caregiving"), "Domestic work"),
        Term("other", _("Other"), "Other"),
    ),
)

# Said on every data dictionary that shows an HTCDS mapping, so that a reader looking for it knows it is not missing.
METHODS_OF_CONTROL_NOTE = _(
    "The HTCDS also has a picklist of methods of control. No published dataset carries methods of control, so that "
    "picklist is not mapped."
)

VOCABULARIES: dict[str, Vocabulary] = {v.name: v for v in (EXPLOITATION_KIND, PROVINCE, INDUSTRY)}


def vocabulary(name: str) -> Vocabulary | None:
    """The mapped vocabulary a field names (`Field.vocabulary`), or None for a vocabulary without a mapping."""
    return VOCABULARIES.get(name)
