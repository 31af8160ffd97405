"""The task force itself: its member organizations, the people in them, and outgoing notifications."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField

from .audit import AppendOnly
from .language import language_choices


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The public never needs an account."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        # Sign-in and lockouts compare addresses without case: two spellings are one account.
        constraints = [models.UniqueConstraint(Lower("email"), name="unique_email_ignoring_case")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Organization(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        POLICE = "police", _("Police service")
        COMMUNITY = "community", _("Community group")
        HOTLINE = "hotline", _("Hotline or victim service")
        JUSTICE = "justice", _("Court or justice office")

    name = I18nCharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional (demonstration only)"), default=False, help_text=_("Shown with a visible marker.")
    )
    members = models.ManyToManyField(User, through="Membership", related_name="organizations")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["slug"]

    def __str__(self):
        return str(self.name)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    title = models.CharField(_("title"), max_length=200, blank=True)
    joined = models.DateField(_("joined"), default=timezone.localdate)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class Notification(models.Model):
    """One templated message to one recipient. Rendered when queued; sent by a Celery task that takes its id."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=20, default="email")
    recipient = models.CharField(_("recipient"), max_length=254)
    template = models.CharField(_("template"), max_length=120)
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("plain text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # For messages a person subscribed to: mail programs show their own "Unsubscribe" (RFC 2369 and 8058).
    unsubscribe_url = models.URLField(_("unsubscribe link"), max_length=500, blank=True)
    # A secret (reset or enrolment link) is made when sending, from these; the bodies hold a placeholder.
    secret_kind = models.CharField(_("secret made at sending"), max_length=40, blank=True)
    secret_ref = models.PositiveBigIntegerField(_("secret made from"), null=True, blank=True)

    class Priority(models.TextChoices):
        URGENT = "urgent", _("Urgent")
        DEFAULT = "default", _("Normal")
        BULK = "bulk", _("Bulk")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    # The queue it is sent from (taskforce.queue): urgent mail never waits behind bulk mail, retries included.
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.DEFAULT)
    # For once-only delivery (notify(dedupe=...)): one event's key; a recipient gets at most one row per key.
    dedupe_key = models.CharField(_("once per"), max_length=120, null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "recipient"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notification_once_per_key",
            )
        ]

    def __str__(self):
        return f"{self.template} → {self.recipient} ({self.state})"


class FanOut(models.Model):
    """The progress of one fan-out (taskforce.notifications.fan_out): the user id its next run resumes after. Each
    run moves it on in the transaction that writes its mails, so a run whose next one the broker refused is resumed
    by the sweeper from here, and a repeated or overtaken run does nothing."""

    task = models.CharField(max_length=120)
    ref = models.PositiveBigIntegerField()
    after = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "ref"], name="fan_out_once_per_event")]
        indexes = [models.Index(fields=["updated_at"], condition=models.Q(finished_at=None), name="fan_out_unfinished")]

    def __str__(self):
        return f"{self.task}({self.ref}) after {self.after}"


class NotificationAttempt(models.Model):
    """Every try at sending a notification, with its outcome."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    succeeded = models.BooleanField(_("succeeded"))
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("notification attempt")
        verbose_name_plural = _("notification attempts")
        ordering = ["at"]

    def __str__(self):
        return f"{self.notification_id} at {self.at:%Y-%m-%d %H:%M} ({'ok' if self.succeeded else self.error})"


class OTPEnrolment(models.Model):
    """An administrator's permission for one person to enrol an authenticator app: single use, expiring.

    The link's token is made from this row when the mail is sent (taskforce.accounts.services); it is never stored.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="otp_enrolments")
    issued_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator enrolment")
        verbose_name_plural = _("authenticator enrolments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


# ----- partner data exchange (issue 19, part 4) -------------------------------------------------------------------


class PartnerClient(models.Model):
    """An organization's program that uses the partner API, managed by a coordinator. What it may do is its scopes;
    a revoked client's keys all stop working."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partner_clients", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)
    can_read_statistics = models.BooleanField(_("may read the public statistics"), default=True)
    can_submit_values = models.BooleanField(_("may submit indicator values"), default=False)
    indicators = models.ManyToManyField(
        "actionplan.Indicator",
        blank=True,
        related_name="partner_clients",
        verbose_name=_("indicators it may submit values for"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner client")
        verbose_name_plural = _("partner clients")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.organization.slug})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class PartnerKey(models.Model):
    """One key of a client. Only its first characters (to tell keys apart) and its digest are stored: the key
    itself is shown once, when issued."""

    client = models.ForeignKey(PartnerClient, on_delete=models.CASCADE, related_name="keys", verbose_name=_("client"))
    prefix = models.CharField(_("key starts with"), max_length=8, db_index=True)
    digest = models.CharField(_("digest"), max_length=128, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner key")
        verbose_name_plural = _("partner keys")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}…"


class PartnerExchange(AppendOnly):
    """One request a partner client made: who, when, where and the answer's status. Never the request's text:
    at most the ids of the records it touched."""

    client = models.ForeignKey(PartnerClient, on_delete=models.PROTECT, related_name="exchanges")
    key = models.ForeignKey(PartnerKey, on_delete=models.PROTECT, related_name="exchanges")
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=8)
    endpoint = models.CharField(_("endpoint"), max_length=200)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    record_ids = models.JSONField(_("records"), default=dict, blank=True)

    class Meta(AppendOnly.Meta):
        verbose_name = _("partner exchange")
        verbose_name_plural = _("partner exchanges")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.client_id} {self.method} {self.endpoint} {self.status_code}"
