"""Courses as authored (draft rows), the frozen versions learners take, and what learners did with them.

Authors edit `Module`, `Lesson`, `Question` and `Choice` rows. Publishing copies them into a `CourseVersion`
whose `content` never changes afterwards; enrolments, attempts and certificates point at that version, so later
edits never touch earlier results.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from taskforce.audit import AppendOnly
from taskforce.models import Organization

from . import captions
from .reader import VersionContent


class Audience(models.TextChoices):
    JUSTICE = "justice", _("Justice staff")
    MINISTRY = "ministry", _("Staff of other ministries")
    VICTIM_SERVICES = "victim_services", _("Victim-serving organizations")
    POLICE = "police", _("Police officers")
    HEALTH = "health", _("Nurses and doctors")
    COURTS = "courts", _("Judges and prosecutors")
    PUBLIC = "public", _("General public")


class Course(models.Model):
    class Kind(models.TextChoices):
        NATIVE = "native", _("Written here (lessons and quizzes)")
        SCORM = "scorm", _("SCORM package")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = I18nCharField(_("title"), max_length=200)
    summary = I18nTextField(_("summary"), blank=True)
    content_warning = I18nTextField(_("content warning"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True, help_text=_("List of audience codes."))
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated duration (minutes)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(6000)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed at the final assessment"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("0 means no limit."),
    )
    retake_wait_hours = models.PositiveSmallIntegerField(
        _("hours before another try at the final assessment"),
        default=0,
        validators=[MaxValueValidator(24 * 90)],
        help_text=_("After a failed final assessment, the learner waits this long before the next try. 0: no wait."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: never expires."),
    )
    is_open = models.BooleanField(
        _("open to everyone without an account"), default=False, help_text=_("No certificate; nothing is stored.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.NATIVE,
        editable=False,
        help_text=_("A SCORM course becomes one when a package is imported for it."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses_written",
        help_text=_(
            "The organization whose training managers write this course in the portal. Empty for the courses loaded "
            "from the content files, which are changed there."
        ),
    )
    current_version = models.ForeignKey(
        "CourseVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["slug"]

    def __str__(self):
        return str(self.title)


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = I18nCharField(_("title"), max_length=200)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order", "id"]

    def __str__(self):
        return str(self.title)


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = I18nCharField(_("title"), max_length=200)
    body = I18nTextField(_("text in Markdown"))
    image = models.ImageField(_("image"), upload_to="training/images/%Y/", blank=True)
    image_alt = I18nCharField(_("image description"), max_length=300, blank=True)
    video = models.FileField(
        _("video"),
        upload_to="training/videos/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"])],
    )
    transcript = I18nTextField(_("video transcript"), blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module", "order", "id"]

    def __str__(self):
        return str(self.title)


class LessonCaption(models.Model):
    """The captions of a lesson's video in one language: a WebVTT file, checked before it is stored
    (training/captions.py). Replacing the file stores it under a new name; the old file stays for the versions
    published with it."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=10, choices=captions.languages)
    file = models.FileField(
        _("captions (WebVTT file)"),
        upload_to=captions.upload_path,
        max_length=200,
        validators=[captions.validate_vtt],
        help_text=_("A .vtt file in UTF-8, with the words spoken and other sounds that matter, timed to the video."),
    )

    class Meta:
        verbose_name = _("video captions")
        verbose_name_plural = _("video captions")
        ordering = ["lesson", "language"]
        constraints = [models.UniqueConstraint(fields=["lesson", "language"], name="training_one_caption_per_language")]

    def __str__(self):
        return f"{self.lesson} ({self.language})"


class Question(models.Model):
    """A question of a module's knowledge check, or of the course's final assessment when `module` is empty."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = I18nTextField(_("question"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["course", "module", "order", "id"]

    def __str__(self):
        return str(self.text)[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = I18nCharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback = I18nTextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question", "order", "id"]

    def __str__(self):
        return str(self.text)[:80]


class CourseVersion(models.Model):
    """A published, frozen copy of a course. Never edited after it is created."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("frozen content"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"))
    retake_wait_hours = models.PositiveSmallIntegerField(_("hours before another try"), default=0)
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changes = models.JSONField(
        _("what changed"), default=list, blank=True, help_text=_("What this version changed from the one before.")
    )
    # How many steps (lessons and quizzes) the content has, so that reports compute progress in SQL without
    # reading the content; derived from `content` when the version is created.
    step_count = models.PositiveSmallIntegerField(_("steps"), default=0, editable=False)

    class Meta:
        verbose_name = _("course version")
        verbose_name_plural = _("course versions")
        ordering = ["course", "-number"]
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="training_unique_version")]

    def __str__(self):
        return f"{self.course} v{self.number}"

    def save(self, *args, **kwargs):
        if self._state.adding:  # a version is frozen: its step count is known once, from its content
            self.step_count = len(VersionContent(self.content or {}).steps)
        super().save(*args, **kwargs)


class LearnerProfile(models.Model):
    """Which audience a person belongs to, for assignments made to an audience."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learner_profile")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self):
        return f"{self.user} ({self.audience})"


class Enrolment(models.Model):
    """One run of a learner through one version of a course. A new run starts after a certificate expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="enrolments")
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    current_step = models.CharField(_("where the learner is"), max_length=40, blank=True)
    steps_done = models.JSONField(_("steps done"), default=list)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], condition=Q(completed_at__isnull=True), name="training_one_open_enrolment"
            )
        ]
        indexes = [models.Index(fields=["course", "user"])]

    def __str__(self):
        return f"{self.user} in {self.version}"


class Attempt(models.Model):
    """One try at a knowledge check or the final assessment. Every attempt is kept."""

    FINAL = "final"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.CharField(_("quiz"), max_length=40)
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(_("saved answers"), default=dict)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["enrolment", "quiz", "number"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "quiz", "number"], name="training_unique_attempt_number"),
            models.UniqueConstraint(
                fields=["enrolment", "quiz"], condition=Q(submitted_at__isnull=True), name="training_one_open_attempt"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} {self.quiz} #{self.number}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    token = models.CharField(_("verification token"), max_length=64, unique=True)
    learner_name = models.CharField(_("learner's name"), max_length=200)
    course_title = I18nCharField(_("course"), max_length=200)
    version_number = models.PositiveIntegerField(_("course version"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    issued_on = models.DateField(_("completed on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self):
        return f"{self.learner_name}: {self.course_title} v{self.version_number}"

    @property
    def number(self) -> str:
        """The number a person reads out or types: the year it was issued and its row ("TF-2026-000042"). Not a
        way to look a certificate up (that is the unguessable token): numbers follow one another."""
        return f"TF-{self.issued_on:%Y}-{self.pk:06d}"

    def status(self, today=None) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_on and self.expires_on < (today or timezone.localdate()):
            return self.Status.EXPIRED
        return self.Status.VALID


class Assignment(models.Model):
    """A course a Training manager asks the people of one organization to take: all of them, one audience among
    them, or one person."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="training_assignments")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="training_assignments"
    )
    required = models.BooleanField(_("required"), default=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.course} → {self.user or self.audience or self.organization}"


class Reminder(models.Model):
    """A reminder mailed about one assignment to one person; the unique constraint makes it happen once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["assignment", "user", "kind"], name="training_reminder_once")]

    def __str__(self):
        return f"{self.kind} → {self.user_id} ({self.assignment_id})"


class Action(models.TextChoices):
    """The training app's one audit vocabulary: what happened to a certificate or an assignment."""

    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    VERIFIED = "verified", _("Verified by staff")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    REMOVED = "removed", _("Removed")


class CertificateEvent(AppendOnly):
    """Append-only history of what happened to a certificate: issued, revoked, expired, verified by staff."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} {self.certificate_id} at {self.at:%Y-%m-%d %H:%M}"


class AssignmentEvent(AppendOnly):
    """Append-only history of assignments: created, changed, removed, by whom, with the old and new values.
    Keeps the assignment's id, not a link, so it outlives the assignment."""

    assignment_ref = models.PositiveBigIntegerField(_("assignment"), db_index=True)
    organization = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    old_values = models.JSONField(_("old values"), default=dict)
    new_values = models.JSONField(_("new values"), default=dict)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} assignment {self.assignment_ref} at {self.at:%Y-%m-%d %H:%M}"


# ----- getting people in: invitations and self-registration (issue 20) -------------------------------------------


class OnboardingPolicy(models.Model):
    """How people may join one organization by themselves (a coordinator sets it in the admin). Without a row,
    nobody registers by themselves: training managers invite."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="training_onboarding", verbose_name=_("organization")
    )
    self_registration = models.BooleanField(
        _("open to self-registration"),
        default=False,
        help_text=_("Shown in the list of organizations on the public registration page."),
    )
    email_domains = models.TextField(
        _("email domains"),
        blank=True,
        help_text=_(
            "One a line, e.g. gov.ab.ca. An address of exactly one of these domains (not of a subdomain) gets "
            "its account as soon as it is confirmed."
        ),
    )
    others_need_approval = models.BooleanField(
        _("other addresses may ask for approval"),
        default=True,
        help_text=_(
            "If set, an address of another domain waits for a training manager's approval; otherwise it is refused."
        ),
    )

    class Meta:
        verbose_name = _("onboarding policy")
        verbose_name_plural = _("onboarding policies")

    def __str__(self):
        return str(self.organization)

    def domains(self) -> set[str]:
        return {line.strip().lower().lstrip("@") for line in self.email_domains.split() if line.strip()}


class Invitation(models.Model):
    """A training manager's invitation of one person to their organization, as a learner: single use, expiring.
    The link's token is made when the mail is sent; only its keyed hash is kept here."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="training_invitations", verbose_name=_("organization")
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open invitation per address and organization, whatever the case of its letters.
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=models.Q(accepted_at=None, revoked_at=None),
                name="training_invitation_open_once",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None

    @property
    def usable(self) -> bool:
        return self.is_open and self.expires_at > timezone.now()


class SignupRequest(models.Model):
    """A person's request to join an organization that opened self-registration: first their address is confirmed
    (a single-use, expiring link; only its keyed hash kept), then the account is made at once (an address of one of
    the organization's domains) or when a training manager approves. The password is kept hashed, and forgotten
    once the request is decided."""

    class State(models.TextChoices):
        CONFIRMING = "confirming", _("Waiting for the address to be confirmed")
        WAITING = "waiting", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="training_signups", verbose_name=_("organization")
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=200)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    password_hash = models.CharField(max_length=128, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.CONFIRMING)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    expires_at = models.DateTimeField(_("confirmation link expires"))
    confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("self-registration request")
        verbose_name_plural = _("self-registration requests")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organization", "state", "created_at"], name="training_signup_queue")]

    def __str__(self):
        return f"{self.email} → {self.organization} ({self.state})"

    @property
    def usable(self) -> bool:
        """Its confirmation link still works."""
        return self.state == self.State.CONFIRMING and self.expires_at > timezone.now()


class ScormPackage(models.Model):
    """A SCORM 1.2 or 2004 package imported for a course: its files unpacked under `storage_prefix` in the default
    storage (never read through a path on disk), served to its learners by training/views.py. Never changed
    after import: a new package is a new row and a new course version."""

    class Version(models.TextChoices):
        SCORM_12 = "1.2", "SCORM 1.2"
        SCORM_2004 = "2004", "SCORM 2004"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="scorm_packages")
    version = models.CharField(_("SCORM version"), max_length=4, choices=Version.choices)
    title = models.CharField(_("title in the manifest"), max_length=200, blank=True)
    launch = models.CharField(_("launch page"), max_length=500)
    mastery_score = models.DecimalField(_("mastery score"), max_digits=5, decimal_places=2, null=True, blank=True)
    storage_prefix = models.CharField(_("folder in the storage"), max_length=200, unique=True)
    file_names = models.JSONField(_("files"), default=list)
    sha256 = models.CharField(_("SHA-256 of the zip"), max_length=64)
    size = models.PositiveBigIntegerField(_("size unpacked (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        ordering = ["course", "-uploaded_at"]

    def __str__(self):
        return f"{self.course} (SCORM {self.version}, {self.uploaded_at:%Y-%m-%d})"


class ScormState(models.Model):
    """What a SCORM package last committed for one enrolment: status, score, place and suspend data, given back to
    the package when the learner comes back."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="scorm_state")
    package = models.ForeignKey(ScormPackage, on_delete=models.PROTECT, related_name="states")
    lesson_status = models.CharField(_("status (SCORM 1.2)"), max_length=20, blank=True)
    completion_status = models.CharField(_("completion (SCORM 2004)"), max_length=20, blank=True)
    success_status = models.CharField(_("success (SCORM 2004)"), max_length=20, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    score_raw = models.DecimalField(_("raw score"), max_digits=12, decimal_places=4, null=True, blank=True)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("suspend data"), blank=True)
    commits = models.PositiveIntegerField(_("commits"), default=0)
    updated_at = models.DateTimeField(_("last commit"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM state")
        verbose_name_plural = _("SCORM states")

    def __str__(self):
        return f"{self.enrolment} ({self.lesson_status or self.completion_status})"
