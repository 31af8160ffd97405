"""Courses as authored (draft rows), the frozen versions learners take, and what learners did with them.

Authors edit `Module`, `Lesson`, `Question` and `Choice` rows. Publishing copies them into a `CourseVersion`
whose `content` never changes afterwards; enrolments, attempts and certificates point at that version, so later
edits never touch earlier results.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.audit import AppendOnly
from taskforce.language import bilingual_property
from taskforce.models import Organization

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
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    content_warning_en = models.TextField(_("content warning (English)"), blank=True)
    content_warning_fr = models.TextField(_("content warning (French)"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True, help_text=_("List of audience codes."))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated duration (minutes)"), default=30)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed at the final assessment"), default=0, help_text=_("0 means no limit.")
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True, help_text=_("Empty: never expires.")
    )
    is_open = models.BooleanField(
        _("open to everyone without an account"), default=False, help_text=_("No certificate; nothing is stored.")
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
        ordering = ["title_en"]

    def __str__(self):
        return self.title_en

    title = bilingual_property("title_en", "title_fr")

    summary = bilingual_property("summary_en", "summary_fr")

    content_warning = bilingual_property("content_warning_en", "content_warning_fr")


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["course", "order", "id"]

    def __str__(self):
        return self.title_en


class Lesson(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    body_en = models.TextField(_("text in Markdown (English)"))
    body_fr = models.TextField(_("text in Markdown (French)"))
    image = models.ImageField(_("image"), upload_to="training/images/%Y/", blank=True)
    image_alt_en = models.CharField(_("image description (English)"), max_length=300, blank=True)
    image_alt_fr = models.CharField(_("image description (French)"), max_length=300, blank=True)
    video = models.FileField(
        _("video"),
        upload_to="training/videos/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"])],
    )
    transcript_en = models.TextField(_("video transcript (English)"), blank=True)
    transcript_fr = models.TextField(_("video transcript (French)"), blank=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["module", "order", "id"]

    def __str__(self):
        return self.title_en


class Question(models.Model):
    """A question of a module's knowledge check, or of the course's final assessment when `module` is empty."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text_en = models.TextField(_("question (English)"))
    text_fr = models.TextField(_("question (French)"))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["course", "module", "order", "id"]

    def __str__(self):
        return self.text_en[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_en = models.CharField(_("answer (English)"), max_length=500)
    text_fr = models.CharField(_("answer (French)"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    feedback_en = models.TextField(_("feedback (English)"), blank=True)
    feedback_fr = models.TextField(_("feedback (French)"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question", "order", "id"]

    def __str__(self):
        return self.text_en[:80]


class CourseVersion(models.Model):
    """A published, frozen copy of a course. Never edited after it is created."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("frozen content"))
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"))
    validity_months = models.PositiveSmallIntegerField(_("valid for (months)"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
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
    course_title_en = models.CharField(_("course (English)"), max_length=200)
    course_title_fr = models.CharField(_("course (French)"), max_length=200)
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
        return f"{self.learner_name}: {self.course_title_en} v{self.version_number}"

    def status(self, today=None) -> str:
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_on and self.expires_on < (today or timezone.localdate()):
            return self.Status.EXPIRED
        return self.Status.VALID

    course_title = bilingual_property("course_title_en", "course_title_fr")


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
