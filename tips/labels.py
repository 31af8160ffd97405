"""French for the shared vocabulary's labels, which the root catalogue lacks for now (reported to the lead).

The msgids equal taskforce.vocabulary's, so this app's catalogue translates them wherever they are shown.
"""

from django.utils.translation import gettext_lazy as _

PROVINCE_LABELS = {
    "AB": _("Alberta"),
    "BC": _("British Columbia"),
    "MB": _("Manitoba"),
    "NB": _("New Brunswick"),
    "NL": _("Newfoundland and Labrador"),
    "NS": _("Nova Scotia"),
    "NT": _("Northwest Territories"),
    "NU": _("Nunavut"),
    "ON": _("Ontario"),
    "PE": _("Prince Edward Island"),
    "QC": _("Quebec"),
    "SK": _("Saskatchewan"),
    "YT": _("Yukon"),
}

KIND_LABELS = {
    "sex": _("Sex trafficking"),
    "labour": _("Forced labour"),
    "organs": _("Organ or tissue trafficking"),
    "unsure": _("Not sure"),
}
