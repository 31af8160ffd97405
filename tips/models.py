"""Hotlines, routing rules, tips and everything hung on a tip (deliveries, messages, files, access log).

Free text a reporter or handler writes is sealed to the tip's own public key (tips/keys.py, tips/sealing.py): the
columns ending in `_sealed` (and `Tip.content`) hold it. The EncryptedTextField columns (Fernet, keys in the
server's settings) hold only tips from before issue 23 until `manage.py tips_seal_existing` reseals them. No
address, user agent or other request data is kept anywhere.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from i18nfield.fields import I18nCharField, I18nTextField

from taskforce.audit import AppendOnly
from taskforce.language import language_codes, language_names
from taskforce.models import Organization
from taskforce.vocabulary import ExploitationKind, Province

from .crypto import EncryptedTextField


def _codes(value: str) -> list[str]:
    return value.split() if value else []


class Hotline(models.Model):
    """A hotline or partner that receives tips for the regions and kinds it serves."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name = I18nCharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    text_number = models.CharField(_("text number"), max_length=40, blank=True)
    chat_url = models.URLField(_("chat address"), blank=True)
    hours = I18nCharField(_("hours"), max_length=200, blank=True)
    description = I18nTextField(_("description"), blank=True)
    # Space-separated codes; empty means "all" (the whole country / every kind).
    regions = models.CharField(_("provinces and territories served"), max_length=60, blank=True)
    kinds = models.CharField(_("kinds of exploitation served"), max_length=60, blank=True)
    # The languages a person can speak in when calling: codes of settings.LANGUAGES, space-separated (as regions
    # and kinds are); empty when the hotline does not say. `interpreters`: many more, through an interpreter service.
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes, separated by spaces (for example: en fr es)."),
    )
    interpreters = models.BooleanField(
        _("answers in many more languages through interpreters"),
        default=False,
    )
    is_national = models.BooleanField(_("national fallback"), default=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="hotlines", verbose_name=_("organization")
    )
    is_active = models.BooleanField(pgettext_lazy("hotline", "active"), default=True)
    # An escrow key kept offline by the hotline's coordinator: when set, every tip for this hotline is sealed to it
    # too, so the coordinator can give a handler back the tips they lost (tips/sealing.py).
    escrow_public_key = models.CharField(
        _("escrow public key"),
        max_length=60,
        blank=True,
        help_text=_(
            "Optional. The public half of a key pair made offline with `manage.py tips_escrow_keygen`; the "
            "coordinator keeps the private half away from this server."
        ),
    )
    # Nothing waits unseen (tips/escalation.py): a tip routed here must be opened within this time; past it the
    # hotline's handlers are reminded, after twice this time its coordinators are told, after three times the
    # national fallback hotline receives the tip too.
    open_within_urgent = models.DurationField(
        _("open an urgent tip within"),
        default=timedelta(minutes=15),
        help_text=_('A tip marked "someone is in danger now" (hh:mm:ss). Escalation steps follow at 2× and 3×.'),
    )
    open_within = models.DurationField(
        _("open a tip within"),
        default=timedelta(hours=24),
        help_text=_("Any other tip (days hh:mm:ss). Escalation steps follow at 2× and 3× this time."),
    )

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["-is_national", "slug"]

    def __str__(self):
        return str(self.name)

    @property
    def region_codes(self) -> list[str]:
        return _codes(self.regions)

    @property
    def kind_codes(self) -> list[str]:
        return _codes(self.kinds)

    @property
    def region_labels(self) -> list[str]:
        return [Province(code).label for code in self.region_codes]

    @property
    def kind_labels(self) -> list[str]:
        return [ExploitationKind(code).label for code in self.kind_codes]

    @property
    def language_codes(self) -> list[str]:
        return _codes(self.languages)

    @property
    def language_names(self) -> list[dict]:
        """The languages it answers in, each in its own name and script (for `lang` and `dir` in the directory)."""
        return [{"code": code, **language_names(code)} for code in self.language_codes if code in language_codes()]

    @property
    def escrow_key(self) -> bytes:
        from .keys import public_key_check  # noqa: PLC0415 -- the models load before the crypto helpers are needed

        return public_key_check(self.escrow_public_key) if self.escrow_public_key else b""

    def answers_in(self, code: str) -> bool:
        return self.interpreters or code in self.language_codes

    def clean(self):
        super().clean()
        unknown = [code for code in self.language_codes if code not in language_codes()]
        if unknown:
            raise ValidationError({"languages": _("Unknown language codes: %(codes)s.") % {"codes": " ".join(unknown)}})
        try:
            self.escrow_key  # noqa: B018 -- checks the key
        except ValueError:
            raise ValidationError(
                {"escrow_public_key": _("This is not a public key: paste the line the key command printed.")}
            ) from None

    @property
    def phone_digits(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit())

    def serves(self, *, province: str, kind: str) -> bool:
        return (not self.regions or province in self.region_codes) and (not self.kinds or kind in self.kind_codes)


class RoutingRule(models.Model):
    """Tips of `kind` from `province` (and, when set, `city`) go to these hotlines."""

    kind = models.CharField(_("kind"), max_length=10, choices=ExploitationKind.choices)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    city = models.CharField(_("city"), max_length=100, blank=True, help_text=_("Leave empty for the whole province."))
    hotlines = models.ManyToManyField(Hotline, related_name="rules", verbose_name=_("receiving hotlines"))

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["province", "city", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "province", "city"], name="tips_unique_rule")]

    def __str__(self):
        where = f"{self.city}, {self.province}" if self.city else self.province
        return f"{self.get_kind_display()} — {where}"


class HotlineLabel(models.Model):
    """A label a hotline's coordinator creates for its own tips (its handlers apply it); never seen elsewhere."""

    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(_("name"), max_length=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hotline label")
        verbose_name_plural = _("hotline labels")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["hotline", "name"], name="tips_unique_label_per_hotline")]

    def __str__(self):
        return self.name


class Tip(models.Model):
    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("tip status", "New")
        TRIAGED = "triaged", pgettext_lazy("tip status", "Triaged")
        REFERRED = "referred", pgettext_lazy("tip status", "Referred")
        CLOSED = "closed", pgettext_lazy("tip status", "Closed")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        ASSESSMENT = "assessment", _("Assessment tool")

    class CloseReason(models.TextChoices):
        """A fixed list, so closings can be counted (tips/stats.py); a note may say more."""

        REFERRED_POLICE = "police", _("Referred to police")
        REFERRED_SERVICES = "services", _("Referred to services")
        NOT_TRAFFICKING = "not_trafficking", _("Not trafficking")
        DUPLICATE = "duplicate", _("Duplicate")
        NO_FURTHER_INFORMATION = "no_info", _("No further information")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    receipt_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.WEB)
    kind = models.CharField(_("kind"), max_length=10, choices=ExploitationKind.choices)
    province = models.CharField(_("province or territory"), max_length=2, choices=Province.choices)
    danger_now = models.BooleanField(_("someone in danger now"), default=False)
    # The language of the pages the reporter wrote from (a code of settings.LANGUAGES), so that handlers answer in
    # it; "" for tips that came another way.
    language = models.CharField(_("reporter's language"), max_length=16, blank=True)
    # Only tips from before issue 23 use these Fernet columns (until `tips_seal_existing`); newer tips keep all of
    # it in `content`, sealed to the tip's public key.
    city = EncryptedTextField(_("city"), blank=True)
    place = EncryptedTextField(_("place"), blank=True)
    when = EncryptedTextField(_("when"), blank=True)
    what_happened = EncryptedTextField(_("what happened"), blank=True)
    people_description = EncryptedTextField(_("people, vehicles, businesses"), blank=True)
    contact_preference = EncryptedTextField(_("contact preference"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    purge_warned_at = models.DateTimeField(null=True, blank=True)
    # Urgent first: true while a tip marked "someone is in danger now" has not been opened by any handler; the
    # inbox sorts on it (index below) and shows it apart.
    urgent_waiting = models.BooleanField(_("urgent, not yet opened"), default=False)
    # Metadata for the hotline's statistics (never the text): first opening and first reply by a handler, and the
    # last time the reporter wrote (what "unread" compares with, per handler, in TipSeen).
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("first replied"), null=True, blank=True)
    reporter_activity_at = models.DateTimeField(_("reporter last wrote"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = EncryptedTextField(_("note on closing"), blank=True)
    # Issue 23 (tips/sealing.py). The tip's public key: empty for a tip not yet sealed (from before issue 23).
    public_key = models.BinaryField(default=b"", blank=True)
    # What the reporter gave (JSON), and the closing note, sealed to `public_key`.
    content = models.BinaryField(default=b"", blank=True)
    close_note_sealed = models.BinaryField(default=b"", blank=True)
    # The reporter's own key pair is derived from their receipt code and this salt; the tip's private key is sealed
    # to its public half (empty on a resealed old tip until the reporter comes back and a handler opens it again).
    reporter_salt = models.BinaryField(default=b"", blank=True)
    reporter_public_key = models.BinaryField(default=b"", blank=True)
    reporter_sealed_key = models.BinaryField(default=b"", blank=True)
    labels = models.ManyToManyField(HotlineLabel, blank=True, related_name="tips", verbose_name=_("labels"))

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "closed_at"]),
            # The inbox: newest first, all statuses or one (tips_inbox orders by -created_at, -id), so a page
            # reads its rows from the index instead of sorting every tip.
            models.Index(fields=["-created_at", "-id"], name="tips_tip_inbox_order"),
            models.Index(fields=["status", "-created_at", "-id"], name="tips_tip_inbox_status_order"),
            # Urgent first: unopened urgent tips, then newest first.
            models.Index(fields=["-urgent_waiting", "-created_at", "-id"], name="tips_tip_inbox_urgent_order"),
            # The staff menu's unread count: only tips a reporter wrote on (a few), never a scan of all tips.
            models.Index(
                fields=["reporter_activity_at"],
                condition=models.Q(reporter_activity_at__isnull=False),
                name="tips_tip_reporter_activity",
            ),
        ]

    def __str__(self):
        return self.reference


class Delivery(models.Model):
    """The routing history of a tip: one row per hotline it was routed to, when, and whether it was re-routed away.

    Routing and telling the hotline's handlers happen in the tip's own transaction; the notices are sent, retried
    and swept by taskforce.notifications like every other mail, so this row has no sending state of its own.
    """

    class State(models.TextChoices):
        DELIVERED = "delivered", pgettext_lazy("tip delivery", "Delivered")
        WITHDRAWN = "withdrawn", _("Re-routed elsewhere")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="deliveries")
    hotline = models.ForeignKey(Hotline, on_delete=models.PROTECT, related_name="deliveries")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DELIVERED)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # When a handler of this hotline first opened the tip: what the hotline's time to open is measured against.
    opened_at = models.DateTimeField(_("opened by this hotline"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            # The escalation run: live deliveries not opened yet, oldest first.
            models.Index(fields=["state", "opened_at", "delivered_at"], name="tips_delivery_waiting"),
            # A hotline's statistics for a period (tips/stats.py): its deliveries in a date range.
            models.Index(fields=["hotline", "delivered_at"], name="tips_delivery_hotline_period"),
        ]

    def __str__(self):
        return f"{self.tip} → {self.hotline} ({self.state})"


class TipMessage(models.Model):
    class Kind(models.TextChoices):
        REPORTER = "reporter", _("From the person who reported")
        REPLY = "reply", _("Reply to the person who reported")
        NOTE = "note", _("Internal note")

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("message"), blank=True)  # only before issue 23: see body_sealed
    body_sealed = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.tip} {self.kind} {self.created_at:%Y-%m-%d}"


class TipFile(models.Model):
    """An attachment: ciphertext on disk under MEDIA_ROOT, no original file name kept."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="files")
    storage_name = models.CharField(max_length=200, unique=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    # Sealed to the tip's public key (issue 23); false: a Fernet file from before, until `tips_seal_existing`.
    sealed = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.tip} file {self.id}"

    @property
    def extension(self) -> str:
        return {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(self.content_type, "bin")


class TipSeen(models.Model):
    """When a handler last looked at a tip: activity after it (the reporter wrote) shows as unread to them."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="seen_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tip", "user"], name="tips_seen_once_per_user")]

    def __str__(self):
        return f"{self.tip} seen {self.seen_at:%Y-%m-%d %H:%M}"


class TipReminder(models.Model):
    """A follow-up date a handler sets on a tip, with a reason; sent once on that day to the handler."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="reminders")
    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    remind_on = models.DateField(_("remind on"))
    reason = EncryptedTextField(_("reason"), blank=True)  # only before issue 23: see reason_sealed
    reason_sealed = models.BinaryField(default=b"", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["remind_on", "id"]
        indexes = [models.Index(fields=["sent_at", "remind_on"], name="tips_reminder_due")]

    def __str__(self):
        return f"{self.tip} on {self.remind_on}"


class TipEscalation(models.Model):
    """One escalation step of one delivery, written once (the unique constraint) before its mail is queued."""

    class Step(models.IntegerChoices):
        HANDLERS = 1, _("Handlers reminded")
        COORDINATORS = 2, _("Hotline coordinators told")
        NATIONAL = 3, _("Sent to the national hotline")

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="escalations")
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["delivery", "step"]
        constraints = [models.UniqueConstraint(fields=["delivery", "step"], name="tips_escalation_step_once")]

    def __str__(self):
        return f"{self.delivery} step {self.step}"


class AccessLogEntry(AppendOnly):
    """Append-only: every view of a tip and every change, written in the same transaction.

    Keeps the reference, never content, so it outlives the tip's purge.
    """

    class Action(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("tip log", "Received")
        DELIVERED = "delivered", pgettext_lazy("tip log", "Delivered")
        VIEWED = "viewed", pgettext_lazy("tip log", "Viewed")
        FILE_VIEWED = "file_viewed", _("File opened")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", pgettext_lazy("tip log", "Assigned")
        NOTE = "note", _("Internal note added")
        REPLIED = "replied", _("Replied to reporter")
        REPORTER_MESSAGE = "reporter_message", _("Reporter wrote")
        REROUTED = "rerouted", pgettext_lazy("tip log", "Re-routed")
        PURGE_WARNED = "purge_warned", _("Purge warning sent")
        PURGED = "purged", pgettext_lazy("tip log", "Purged")
        ESCALATED = "escalated", pgettext_lazy("tip log", "Escalated")
        REMINDER_SET = "reminder_set", _("Reminder set")
        REMINDER_SENT = "reminder_sent", _("Reminder sent")
        LABELLED = "labelled", _("Labels changed")

    tip = models.ForeignKey(Tip, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_log")
    tip_reference = models.CharField(_("tip reference"), max_length=16, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta(AppendOnly.Meta):
        verbose_name = _("tip access log entry")
        verbose_name_plural = _("tip access log")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.tip_reference} {self.action} {self.at:%Y-%m-%d %H:%M}"


class HandlerKey(models.Model):
    """A tip handler's key pair (issue 23). The private key is stored only wrapped: with a key derived from their
    password, and with one derived from the recovery key they were given once. Neither is ever stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tip_key")
    public_key = models.BinaryField()
    password_salt = models.BinaryField()
    password_wrapped = models.BinaryField()
    recovery_salt = models.BinaryField()
    recovery_wrapped = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    # When the handler confirmed they saved the recovery key (None: not yet, the portal keeps asking).
    recovery_saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tip handler's key")
        verbose_name_plural = _("tip handlers' keys")

    def __str__(self):
        return f"key of {self.user}"


class TipKeyGrant(models.Model):
    """The tip's private key sealed to one reader: a handler of `hotline` (`user`), or that hotline's escrow key
    (`user` empty). Deleted when the handler leaves the hotline; the tip itself never holds its key in clear."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="key_grants")
    hotline = models.ForeignKey(Hotline, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    public_key = models.BinaryField()  # the one it was sealed to: a handler who starts a new key pair has none
    sealed_key = models.BinaryField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tip", "hotline", "user"], condition=models.Q(user__isnull=False), name="tips_grant_once"
            ),
            models.UniqueConstraint(
                fields=["tip", "hotline"], condition=models.Q(user__isnull=True), name="tips_escrow_grant_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "tip"], name="tips_grant_user_tip")]

    def __str__(self):
        return f"{self.tip} → {self.user or 'escrow'} ({self.hotline.slug})"
