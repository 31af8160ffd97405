"""What the opendata app keeps: each complete period's protected statistics table, frozen when first published."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.audit import AppendOnly


class FrozenTable(AppendOnly):
    """One statistics table of one period (a month "2026-03", or a whole year "2025" for training), stored as it
    was first published: already protected (`suppression.protect`), a hidden number as null, never a raw count.
    Served from here ever after, so a published number does not change when tips are purged after their retention
    period, a learner changes sector or an account is deleted (issue 19, G2). Append-only: one row per table and
    period (the unique constraint settles two web servers freezing the same one at once)."""

    table = models.CharField(_("table"), max_length=20)  # "tips", "assessments", "waits", "training"
    period = models.CharField(_("period"), max_length=7)
    data = models.JSONField(_("protected numbers"))
    min_cell = models.PositiveSmallIntegerField(_("threshold"))  # the threshold it was protected with
    frozen_at = models.DateTimeField(_("frozen"), default=timezone.now)

    class Meta(AppendOnly.Meta):
        verbose_name = _("frozen statistics table")
        verbose_name_plural = _("frozen statistics tables")
        constraints = [models.UniqueConstraint(fields=["table", "period"], name="opendata_frozen_table_once")]

    def __str__(self):
        return f"{self.table} {self.period}"
