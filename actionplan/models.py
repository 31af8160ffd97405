"""The action plan tracker: plans, their numbered action items, the append-only history of their progress,
milestones, evidence, followers and the periodic public progress reports."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from i18nfield.fields import I18nCharField, I18nTextField

from taskforce.audit import AppendOnly, AppendOnlyError, AppendOnlyQuerySet
from taskforce.models import Organization

# A status update's reason is a public, dated note shown on the item page, its history and the API: a paragraph,
# not a report (a longer text is attached as evidence). The service checks it, so the form, the API and the CSV agree.
REASON_MAX_LENGTH = 2000


class Status(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("action status", "Not started")
    ON_TRACK = "on_track", pgettext_lazy("action status", "Work underway – on track")
    CHALLENGES = "challenges", pgettext_lazy("action status", "Work underway – with challenges")
    COMPLETE = "complete", pgettext_lazy("action status", "Complete")
    NOT_PURSUED = "not_pursued", pgettext_lazy("action status", "Not being pursued")


class Plan(models.Model):
    """A plan of numbered actions, e.g. Alberta's 9-point Action Plan to Combat Human Trafficking."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = I18nCharField(_("title"), max_length=250)
    summary = I18nTextField(_("summary"), blank=True)
    note = I18nTextField(_("note on sources"), blank=True)
    is_current = models.BooleanField(_("current plan"), default=False, help_text=_("Shown at /action-plan/."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-is_current", "slug"]

    def __str__(self):
        return str(self.title)


class ActionItem(models.Model):
    """One numbered action of a plan; may have sub-actions whose progress rolls up into it (by weight)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="items", verbose_name=_("plan"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = I18nCharField(_("title"), max_length=250)
    description = I18nTextField(_("public description"), blank=True)
    lead_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="led_action_items", verbose_name=_("lead organization")
    )
    partners = models.ManyToManyField(
        Organization, blank=True, related_name="partner_action_items", verbose_name=_("partner organizations")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)], help_text=_("Share of the parent's progress.")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_action_items", verbose_name=_("followers")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], condition=models.Q(parent=None), name="actionplan_unique_top_number"
            ),
            models.UniqueConstraint(fields=["parent", "number"], name="actionplan_unique_sub_number"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="actionplan_progress_max_100"),
        ]

    def __str__(self):
        return f"{self.display_number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:item", args=[self.url_key])

    @property
    def display_number(self) -> str:
        if self.parent_id:
            return f"{self.parent.number}.{self.number}"
        return str(self.number)

    @property
    def url_key(self) -> str:
        return str(self.number) if self.parent_id is None and self.plan.is_current else self.slug


# The history is an audit table (taskforce.audit); the old name stays for the code that catches it.
HistoryIsAppendOnly = AppendOnlyError


class StatusUpdate(AppendOnly):
    """One entry of an item's append-only history: who, for which organization, when, old and new values, why."""

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        CSV = "csv", _("CSV upload")
        API = "api", _("API")
        SEED = "seed", _("Demonstration data")

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="updates", verbose_name=_("item"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for organization"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    old_status = models.CharField(_("old status"), max_length=20, choices=Status.choices)
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices)
    old_progress = models.PositiveSmallIntegerField(_("old progress"))
    new_progress = models.PositiveSmallIntegerField(_("new progress"))
    reason = models.TextField(_("reason"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    # What the public sees of an entry (the API's history); the admin adds who wrote it.
    PUBLIC_FIELDS = (
        "created_at",
        "organization",
        "old_status",
        "new_status",
        "old_progress",
        "new_progress",
        "reason",
        "is_demo",
    )

    class Meta(AppendOnly.Meta):
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "id"]
        # An item's latest updates (item page, API, history pages) read from the index, not sorted from all.
        indexes = [models.Index(fields=["item", "-created_at", "-id"], name="update_item_latest")]

    def __str__(self):
        return f"{self.item.display_number} @ {self.created_at:%Y-%m-%d}"

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status

    @property
    def progress_changed(self) -> bool:
        return self.old_progress != self.new_progress


class ItemEdit(AppendOnly):
    """One coordinator edit of an item's title, description, dates, weight or organizations: who, when, and the
    old and new value of each field that changed (status and progress changes are StatusUpdate entries)."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="edits", verbose_name=_("item"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # Field name -> value as stored (ids of organizations, ISO dates), only the fields that changed.
    old_values = models.JSONField(_("old values"), default=dict)
    new_values = models.JSONField(_("new values"), default=dict)

    class Meta(AppendOnly.Meta):
        verbose_name = _("item edit")
        verbose_name_plural = _("item edits")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.item_id} edited @ {self.at:%Y-%m-%d}"


def evidence_upload_to(instance, filename: str) -> str:
    return f"actionplan/evidence/{timezone.now():%Y/%m}/{filename}"


class Evidence(models.Model):
    """A link or an uploaded document that shows the work was done."""

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("item"))
    update = models.ForeignKey(
        StatusUpdate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("history entry"),
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("document"), upload_to=evidence_upload_to, blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "id"]
        indexes = [models.Index(fields=["item", "-added_at", "-id"], name="evidence_item_latest")]

    def __str__(self):
        return self.title

    @property
    def href(self) -> str:
        """Where the public follows the evidence: a stored document only through its download page."""
        if self.file:
            return reverse("actionplan:evidence_file", args=[self.id])
        return self.url


class Milestone(models.Model):
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("item"))
    title = I18nCharField(_("title"), max_length=250)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked done by"),
    )
    overdue_notified_at = models.DateTimeField(_("overdue notice sent"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "id"]

    def __str__(self):
        return str(self.title)

    def is_overdue(self, today=None) -> bool:
        """Past its due date and not done by `today` (a past day: as the milestone stood then)."""
        today = today or timezone.localdate()
        return self.due_date < today and (self.done_on is None or self.done_on > today)


class ProgressReport(models.Model):
    """A public progress report: the plan as of a date and what changed since the previous report. Kept for good."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan"))
    as_of = models.DateField(_("as of"))
    since = models.DateField(_("changes since"), null=True, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict)
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generated by"),
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-as_of", "-id"]
        constraints = [models.UniqueConstraint(fields=["plan", "as_of"], name="actionplan_one_report_per_day")]

    def __str__(self):
        return f"{self.plan} — {self.as_of}"

    def get_absolute_url(self) -> str:
        return reverse("actionplan:report", args=[self.plan.slug, self.as_of.isoformat()])


# ----- indicators and monitoring --------------------------------------------------------------------------------


class Indicator(models.Model):
    """A measure of an item's progress: what is counted, from which baseline, towards which target."""

    class Unit(models.TextChoices):
        COUNT = "count", pgettext_lazy("indicator unit", "Count")
        PERCENT = "percent", pgettext_lazy("indicator unit", "Percent")
        HOURS = "hours", pgettext_lazy("indicator unit", "Hours")
        DOLLARS = "dollars", pgettext_lazy("indicator unit", "Dollars")
        PEOPLE = "people", pgettext_lazy("indicator unit", "People")
        OTHER = "other", pgettext_lazy("indicator unit", "Other")

    item = models.ForeignKey(ActionItem, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("item"))
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = I18nCharField(_("name"), max_length=250)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    unit_label = I18nCharField(
        _("unit name"), max_length=80, blank=True, help_text=_("What is measured, when the unit is “other”.")
    )
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    description = I18nTextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["item", "order", "id"]

    def __str__(self):
        return str(self.name)


class IndicatorValueQuerySet(AppendOnlyQuerySet):
    def review(self, *, status: str, reviewed_by, reviewed_at, review_reason: str) -> int:
        """The one change allowed: a value waiting for review becomes accepted or rejected (rows no longer
        pending are left alone; returns how many changed)."""
        return models.QuerySet.update(
            self.filter(status="pending_review"),
            status=status,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            review_reason=review_reason,
        )

    def accepted(self):
        return self.filter(status="accepted")


class IndicatorValue(AppendOnly):
    """One measured value of an indicator for a period: written once, with its source, its reason and who
    measured and entered it. A partner's submission waits (pending review) for the item's lead; the review is the
    one change a row ever gets, once: pending to accepted or rejected, with who, when and why
    (`IndicatorValueQuerySet.review`; the database trigger of migration 0009 allows that and nothing else)."""

    objects = IndicatorValueQuerySet.as_manager()

    class Status(models.TextChoices):
        ACCEPTED = "accepted", pgettext_lazy("indicator value", "Accepted")
        PENDING_REVIEW = "pending_review", pgettext_lazy("indicator value", "Waiting for review")
        REJECTED = "rejected", pgettext_lazy("indicator value", "Rejected")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.TextField(_("source"))
    reason = models.TextField(_("reason"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measured by"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACCEPTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True)
    created_at = models.DateTimeField(_("entered"), default=timezone.now, db_index=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta(AppendOnly.Meta):
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period_end", "id"]
        indexes = [models.Index(fields=["indicator", "period_end"], name="indicator_value_period")]
        constraints = [
            # A rejected value frees its period for a corrected one; any other value holds it.
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=~models.Q(status="rejected"),
                name="actionplan_indicator_one_value_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")), name="actionplan_indicator_period_order"
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.period_start}–{self.period_end}: {self.value}"


class ReportingPeriod(models.Model):
    """A period the lead organizations report on, with the date their report is due (the monitoring calendar)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reporting_periods", verbose_name=_("plan"))
    name = I18nCharField(_("name"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("report due"))
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")),
                name="actionplan_period_order",
                violation_error_message=_("The period ends on or after the day it starts."),
            )
        ]

    def __str__(self):
        return str(self.name)

    def is_current(self, today=None) -> bool:
        return self.start <= (today or timezone.localdate()) <= self.end


class Evaluation(models.Model):
    """The plan's final (or mid-term) evaluation: when, what it found, and where the full document is."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("plan"))
    title = I18nCharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    is_final = models.BooleanField(_("final evaluation"), default=True)
    summary = I18nTextField(_("summary"), blank=True)
    document_url = models.URLField(_("document link"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["date", "id"]

    def __str__(self):
        return str(self.title)

    def is_done(self, today=None) -> bool:
        return self.date <= (today or timezone.localdate())
