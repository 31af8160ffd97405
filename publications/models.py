"""The public registry of businesses named for facilitating human trafficking, and the task force's publications.

The registry names businesses only, never private individuals: there is no field for a person's name, and
the forms say so.
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from taskforce.audit import AppendOnly, AppendOnlyError  # noqa: F401 -- the error re-exported: callers catch it here
from taskforce.vocabulary import Province

from .identifiers import validate_business_number, validate_corporate_registry_number


class Industry(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture and food processing")
    CONSTRUCTION = "construction", _("Construction")
    HOSPITALITY = "hospitality", _("Hotels and accommodation")
    FOOD_SERVICE = "food_service", _("Restaurants and food service")
    PERSONAL_SERVICES = "personal_services", _("Massage, spa and personal services")
    ENTERTAINMENT = "entertainment", _("Bars, clubs and entertainment")
    TRANSPORT = "transport", _("Transport and trucking")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    RECRUITMENT = "recruitment", _("Recruitment and staffing agencies")
    CARE = "care", _("Domestic work and caregiving")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    CONVICTION = "conviction", _("Criminal conviction")
    COURT_ORDER = "court_order", _("Court order")
    ADMINISTRATIVE = "administrative", _("Administrative finding")


class RegistryEntry(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LEGAL_REVIEW = "legal_review", _("In legal review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        CORRECTED = "corrected", _("Published (corrected)")
        UNDER_APPEAL = "under_appeal", _("Published (under appeal)")
        DELISTED = "delisted", _("Delisted")

    public_id = models.CharField(_("registry id"), max_length=20, unique=True, editable=False)
    legal_name = models.CharField(_("legal name of the business"), max_length=200)
    aliases = models.TextField(_("operating names and aliases"), blank=True, help_text=_("One name per line."))
    address = models.CharField(_("address of the business"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    authority = models.CharField(_("deciding authority"), max_length=200)
    decision_date = models.DateField(_("decision date"))
    file_number = models.CharField(_("file or citation number"), max_length=120)
    summary = models.TextField(_("public summary"))
    notified_on = models.DateField(_("date the business was notified"), null=True, blank=True)
    representations_days = models.PositiveSmallIntegerField(_("representations period (days)"))
    review_on = models.DateField(_("review or expiry date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    is_fictional = models.BooleanField(_("fictional (demonstration only)"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    delisted_at = models.DateTimeField(_("delisted"), null=True, blank=True)
    delisting_reason = models.TextField(_("reason for delisting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registry_entries_drafted"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Optimistic concurrency: a write names the version it was based on and increments it.
    version = models.PositiveIntegerField(default=1)
    # Accent-stripped, casefolded copies kept by the service layer, so search works the same on every database.
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    search_text = models.TextField(editable=False)
    # Identifiers (issue 19): matched exactly by /api/registry/match. Validated by `validate_business_number` and
    # `validate_corporate_registry_number`; stored compact ("123456782RT0001").
    corporate_registry_number = models.CharField(
        _("provincial corporate registry number"),
        max_length=30,
        blank=True,
        validators=[validate_corporate_registry_number],
        help_text=_("As the province's corporate registry gives it, e.g. 2012345678."),
    )
    business_number = models.CharField(
        _("CRA business number"),
        max_length=15,
        blank=True,
        validators=[validate_business_number],
        help_text=_("The nine-digit Business Number, optionally with its program account (123456782RT0001)."),
    )
    # The names with their legal forms made one spelling ("Acme Limited", "ACME Ltée" -> "acme ltd"), one per line,
    # legal name first: kept by the service layer (publications/names.py), read by the search and the matcher.
    name_norm = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("registry entry")
        verbose_name_plural = _("registry entries")
        ordering = ["legal_name", "id"]
        indexes = [
            models.Index(fields=["status", "legal_name"]),
            models.Index(fields=["status", "province"]),
            models.Index(fields=["status", "industry"]),
            models.Index(fields=["status", "legal_basis"]),
            models.Index(fields=["status", "decision_date"]),
            models.Index(fields=["status", "review_on"]),
            # The public list's order over public entries only: an index-only scan instead of a sort over all
            # (measured by `make bench`: 205 ms -> 0.12 ms a page at 100,000 entries on PostgreSQL).
            models.Index(
                fields=["legal_name", "id"],
                condition=models.Q(status__in=["published", "corrected", "under_appeal"]),
                name="registry_public_order",
            ),
            # The staff workflow list: last changed first.
            models.Index(fields=["-updated_at", "-id"], name="registry_staff_order"),
            # The matcher's exact identifiers (/api/registry/match), over the entries that have one.
            models.Index(
                fields=["business_number"], condition=~models.Q(business_number=""), name="registry_business_number"
            ),
            models.Index(
                fields=["corporate_registry_number"],
                condition=~models.Q(corporate_registry_number=""),
                name="registry_corporate_number",
            ),
        ]

    def __str__(self):
        return f"{self.public_id} {self.legal_name}"

    def get_absolute_url(self):
        return reverse("publications:registry_entry", args=[self.public_id])

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def citation_name(self) -> str:
        return self.legal_name.rstrip(".")  # the citation adds its own full stop

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


# Fields an editor fills in; a change to one of them on a published entry is a logged correction.
ENTRY_FIELDS = ("legal_name", "aliases", "address", "city", "province", "industry", "legal_basis", "authority",
                "decision_date", "file_number", "summary", "notified_on", "review_on", "corporate_registry_number",
                "business_number")  # fmt: skip
# Public fields added since: the downloads and the API put them after every earlier column, the entry's link
# included, so that journalists' column positions never shift (CONTRIBUTING.md, "Adding a field to registry entries").
PUBLIC_FIELDS_ADDED: tuple[str, ...] = ("corporate_registry_number", "business_number")
# What the public sees of an entry, in the downloads and the API.
PUBLIC_FIELDS = ("public_id", *(f for f in ENTRY_FIELDS if f != "notified_on" and f not in PUBLIC_FIELDS_ADDED),
                 "status", "published_at", "updated_at", "is_fictional")  # fmt: skip

PUBLIC_STATUSES = (
    RegistryEntry.Status.PUBLISHED,
    RegistryEntry.Status.CORRECTED,
    RegistryEntry.Status.UNDER_APPEAL,
)


class RegistrySource(models.Model):
    """A source document behind a finding: an uploaded file kept with its SHA-256, or an official link."""

    entry = models.ForeignKey(RegistryEntry, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("official link"), blank=True)
    file = models.FileField(
        _("file"), upload_to="registry/sources/%Y/", blank=True, validators=[FileExtensionValidator(["pdf"])]
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # A source added to a published entry belongs to a correction and is shown once that correction is approved.
    correction = models.ForeignKey(
        "RegistryCorrection", on_delete=models.PROTECT, null=True, blank=True, related_name="sources"
    )

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["added_at", "id"]

    def __str__(self):
        return self.title


class RegistryCorrection(models.Model):
    """A proposed change to a published entry. Private until a second person approves it: the entry keeps its
    public text meanwhile, and only an approved correction reaches the change log."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPLIED = "applied", _("Approved and published")
        REJECTED = "rejected", _("Rejected")

    entry = models.ForeignKey(RegistryEntry, on_delete=models.PROTECT, related_name="corrections")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # Field name -> proposed value as stored (choice codes, ISO dates), for the fields it changes.
    proposed = models.JSONField(_("proposed values"), default=dict, blank=True)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    # Bumped by every amendment: an approval names the version it saw, so a later amendment makes it stale.
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("proposed correction")
        verbose_name_plural = _("proposed corrections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(status="pending"), name="registry_one_pending_correction"
            )
        ]

    def __str__(self):
        return f"{self.entry_id} correction {self.pk} ({self.status})"


class RegistryEdit(AppendOnly):
    """Who changed which version of an entry, or of a correction: nobody on this trail may approve or publish
    what they changed."""

    entry = models.ForeignKey(RegistryEntry, on_delete=models.PROTECT, related_name="edits")
    correction = models.ForeignKey(
        RegistryCorrection, on_delete=models.PROTECT, null=True, blank=True, related_name="edits"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    fields = models.CharField(_("fields changed"), max_length=300)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("editor trail line")
        verbose_name_plural = _("editor trail")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.entry_id} v{self.version} {self.fields}"

    @property
    def field_labels(self) -> str:
        """The changed fields in the reader's language."""
        return ", ".join(str(_("drafted")) if f == "created" else field_label(f) for f in self.fields.split(","))


class RegistryChange(AppendOnly):
    """One line of an entry's public change log. Append-only: never edited or deleted."""

    class Kind(models.TextChoices):
        ADDITION = "addition", _("Added to the registry")
        CORRECTION = "correction", _("Correction")
        APPEAL = "appeal", _("Appeal status")
        DELISTING = "delisting", _("Delisted")

    entry = models.ForeignKey(RegistryEntry, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    changed_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    field = models.CharField(_("field"), max_length=60, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction = models.ForeignKey(
        RegistryCorrection, on_delete=models.PROTECT, null=True, blank=True, related_name="log_lines"
    )

    class Meta(AppendOnly.Meta):
        verbose_name = _("change log line")
        verbose_name_plural = _("change log")
        ordering = ["changed_at", "id"]

    def __str__(self):
        return f"{self.entry_id} {self.kind} {self.field}"

    @property
    def field_label(self) -> str:
        return field_label(self.field)

    @property
    def old_display(self) -> str:
        return shown_value(self.field, self.old_value)

    @property
    def new_display(self) -> str:
        return shown_value(self.field, self.new_value)


class RegistryStep(AppendOnly):
    """One step of an entry's review before publication: who submitted it, who sent it back, who approved it.
    `RegistryEntry.approved_by` names the latest approver (kept when the entry is sent back); this trail keeps
    every step."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for legal review")
        RETURNED = "returned", _("Returned to draft")
        APPROVED = "approved", _("Approved")

    entry = models.ForeignKey(RegistryEntry, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    old_status = models.CharField(_("old status"), max_length=20, choices=RegistryEntry.Status.choices)
    new_status = models.CharField(_("new status"), max_length=20, choices=RegistryEntry.Status.choices)
    at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.entry_id} v{self.version} {self.action}"


def field_label(field: str) -> str:
    """A changed field's name in the reader's language ("city" reads "ville" in French)."""
    if field == "sources":
        return str(RegistrySource._meta.verbose_name_plural)
    try:
        return str(RegistryEntry._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def typed_value(field: str, stored: str):
    """A value as stored in a correction (a choice code, an ISO date) back into the entry field's own type."""
    model_field = RegistryEntry._meta.get_field(field)
    if stored == "" and model_field.null:
        return None
    return model_field.to_python(stored)


def shown_value(field: str, value: str) -> str:
    """A value as stored (a choice code, an ISO date) as the reader sees it (the choice's label)."""
    try:
        choices = getattr(RegistryEntry._meta.get_field(field), "choices", None)
    except FieldDoesNotExist:
        return value
    return str(dict(choices or ()).get(value, value))


class ChangeAnnouncement(models.Model):
    """Marks a change as announced to subscribers, so the announcing task is safe to run twice."""

    change = models.OneToOneField(RegistryChange, on_delete=models.PROTECT, related_name="announcement")
    announced_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"change {self.change_id} announced"


class Subscription(models.Model):
    """An email address that asked for registry change notices. Active only once confirmed (double opt-in)."""

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registry subscription")
        verbose_name_plural = _("registry subscriptions")
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"])]

    def __str__(self):
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Publication(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        NEWS = "news", _("News")
        BULLETIN = "bulletin", _("Bulletin")
        PROGRESS_REPORT = "progress_report", _("Progress report")

    class Language(models.TextChoices):
        EN = "en", _("English")
        FR = "fr", _("French")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    pdf = models.FileField(
        _("PDF"), upload_to="publications/%Y/", blank=True, validators=[FileExtensionValidator(["pdf"])]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    published_on = models.DateField(_("published"))
    external_url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["-published_on", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["external_url"], condition=~models.Q(external_url=""), name="unique_publication_external_url"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:publication_detail", args=[self.slug])

    @property
    def link_url(self) -> str:
        return self.external_url or self.get_absolute_url()


class RegistrySnapshotBuild(models.Model):
    """One run of building the full registry downloads (publications.tasks.registry_snapshot_build). A run is
    asked for after each publication, correction, appeal change and delisting, and daily; while one is still
    pending, later changes join it (debounced). The task claims it (pending -> running), so it runs once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # When its task was last queued: a pending build is queued again only when that message looks lost.
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("registry download build")
        verbose_name_plural = _("registry download builds")
        indexes = [models.Index(fields=["state", "requested_at"])]

    def __str__(self):
        return f"build {self.pk} ({self.state})"


class RegistrySnapshot(models.Model):
    """A dated file of the whole published registry (CSV, JSON or FollowTheMoney), or of what changed since the
    previous one (a FollowTheMoney delta), as it was at `as_of`, with its size, row count
    and SHA-256, so that anyone can check a copy. Only the newest file of each format is kept and served; the rows
    of earlier ones stay as the record of what was published."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"
        FTM = "ftm", "FollowTheMoney"
        # What changed since the previous FollowTheMoney file (additions, corrections, delistings).
        DELTA = "delta", _("FollowTheMoney changes")

    build = models.ForeignKey(RegistrySnapshotBuild, on_delete=models.PROTECT, related_name="snapshots")
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    as_of = models.DateTimeField(_("registry as of"))
    file_name = models.CharField(_("file name"), max_length=200, unique=True)
    bytes = models.BigIntegerField(_("size in bytes"))
    rows = models.PositiveIntegerField(_("entries"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("built"), auto_now_add=True)
    # Whether the file is still on disk: a newer file of the same format replaces it (a delisted entry then
    # leaves every copy we keep).
    is_kept = models.BooleanField(_("file kept"), default=True)

    class Meta:
        verbose_name = _("registry download")
        verbose_name_plural = _("registry downloads")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["format", "-as_of", "-id"])]

    def __str__(self):
        return self.file_name
