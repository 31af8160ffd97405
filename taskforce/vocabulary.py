"""Words every app shares: Canada's provinces and territories, and the kinds of exploitation."""

from django.db import models
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
