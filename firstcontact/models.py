"""Models of the firstcontact app: the assessment tool and know-your-rights pages.

The assessment's questions, weights and guidance are versioned content: a published version is frozen, and a
saved assessment keeps the version it was made with. Assessments are stored only for signed-in providers.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from taskforce.language import language_codes, text_data
from taskforce.vocabulary import ExploitationKind, Province


class AssessmentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    number = models.PositiveIntegerField(_("version number"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(_("notes for administrators"), blank=True)
    preliminary_threshold = models.PositiveSmallIntegerField(
        _("preliminary threshold"),
        default=3,
        help_text=_("A preliminary score at or above this suggests risk and leads to the full assessment."),
    )
    some_threshold = models.PositiveSmallIntegerField(
        _("score for some indicators"), default=4, help_text=_("A total score at or above this: some indicators.")
    )
    strong_threshold = models.PositiveSmallIntegerField(
        _("score for strong indicators"), default=10, help_text=_("A total score at or above this: strong indicators.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment version")
        verbose_name_plural = _("assessment versions")
        ordering = ["-number"]

    def __str__(self):
        return f"v{self.number} ({self.get_status_display()})"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT


class Area(models.TextChoices):
    PRELIMINARY = "preliminary", _("Preliminary screen")
    RECRUITMENT = "recruitment", _("Recruitment and deception")
    DOCUMENTS_MONEY = "documents_money", _("Control of documents and money")
    MOVEMENT = "movement", _("Movement and communication")
    EXPLOITATION = "exploitation", _("Work or sexual exploitation")
    THREATS = "threats", _("Threats and violence")
    DEBT = "debt", _("Debt")
    LIVING = "living", _("Living conditions")
    AGE = "age", _("Age")


class Level(models.TextChoices):
    LOW = "low", _("Few indicators")
    SOME = "some", _("Some indicators")
    STRONG = "strong", _("Strong indicators")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("Not sure")


class Question(models.Model):
    class Signal(models.TextChoices):
        NONE = "", _("None")
        DANGER = "danger", _("Immediate danger")
        MINOR = "minor", _("Person may be under 18")

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable name of the question across versions."))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = I18nCharField(_("question"), max_length=300)
    help = I18nCharField(_("help"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, help_text=_("Added to the score for Yes."))
    points_to = models.CharField(
        _("points to"),
        max_length=10,
        choices=ExploitationKind.choices,
        blank=True,
        help_text=_("The kind of exploitation a Yes points to, if any."),
    )
    signal = models.CharField(_("signal"), max_length=10, choices=Signal.choices, blank=True)
    source = models.TextField(_("public sources"), help_text=_("The public indicator lists this question is based on."))

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_question_key_per_version")]

    def __str__(self):
        return str(self.text)

    @property
    def is_preliminary(self) -> bool:
        return self.area == Area.PRELIMINARY


class Guidance(models.Model):
    class Topic(models.TextChoices):
        SUGGESTS = "suggests", _("What the answers suggest (by level)")
        DANGER = "danger", _("Immediate danger")
        MINOR = "minor", _("The person may be a minor")
        TALK = "talk", _("How to talk safely")
        AVOID = "avoid", _("What not to do")
        NEXT = "next", _("Next steps")

    version = models.ForeignKey(AssessmentVersion, on_delete=models.CASCADE, related_name="guidance")
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    level = models.CharField(
        _("level"),
        max_length=10,
        choices=Level.choices,
        blank=True,
        help_text=_("For 'what the answers suggest': the level this text is shown for."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = I18nCharField(_("heading"), max_length=200)
    body = I18nTextField(_("text"), help_text=_("Markdown: paragraphs and lists."))

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")
        ordering = ["version", "topic", "order", "id"]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.heading}"


class Assessment(models.Model):
    """A provider's saved assessment. No name or other identifying detail of the person is kept."""

    version = models.ForeignKey(AssessmentVersion, on_delete=models.PROTECT, related_name="assessments")
    provider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    kind = models.CharField(_("kind of exploitation"), max_length=10, choices=ExploitationKind.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    is_minor = models.BooleanField(_("may be a minor"), default=False)
    danger_now = models.BooleanField(_("in danger now"), default=False)
    full_done = models.BooleanField(_("full assessment done"), default=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["provider", "-created_at"]), models.Index(fields=["province", "kind"])]

    def __str__(self):
        return f"#{self.pk} {self.province} {self.kind}"

    def get_absolute_url(self):
        return reverse("firstcontact:assessment_detail", args=[self.pk])


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer_per_question")]

    def __str__(self):
        return f"{self.assessment_id}: {self.question_id} = {self.answer}"


class Referral(models.Model):
    """A referral made from a saved assessment through the tips app, with the person's consent recorded."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="referral")
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    consent_given = models.BooleanField(_("the person consented"))
    consent_text = models.TextField(_("consent statement shown"))
    tip_reference = models.CharField(_("tip reference"), max_length=64)
    receivers = models.TextField(_("sent to"), blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self):
        return f"{self.assessment_id} → {self.tip_reference}"


class RightsPage(models.Model):
    """One know-your-rights page, its title, summary and text in every language it is written in."""

    slug = models.SlugField(_("topic"), max_length=80, unique=True)
    title = I18nCharField(_("title"), max_length=200)
    summary = I18nCharField(_("summary"), max_length=300)
    body = I18nTextField(_("text"), help_text=_("Markdown: paragraphs, headings from ##, lists."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("know-your-rights page")
        verbose_name_plural = _("know-your-rights pages")
        ordering = ["order", "slug"]

    def __str__(self):
        return str(self.title)

    def get_absolute_url(self):
        return reverse("firstcontact:rights_page_default", args=[self.slug])

    def languages(self) -> list[str]:
        """The languages this page is written in (its title and text both), in settings order."""
        written = set(text_data(self.title)) & set(text_data(self.body))
        return [code for code in language_codes() if code in written]
