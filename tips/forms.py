import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from taskforce.language import in_page_language
from taskforce.vocabulary import ExploitationKind, Province

from . import conf
from .models import Hotline, Tip
from .stats import Period, period_preset
from .uploads import clean_upload

KIND_HELP = {
    ExploitationKind.SEX: _("Someone is made to sell sex or take part in sexual acts, and others take the money."),
    ExploitationKind.LABOUR: _(
        "Someone is made to work through threats, debts, or taken papers, and cannot freely leave."
    ),
    ExploitationKind.ORGANS: _("Someone is pressured or forced to give an organ or tissue."),
    ExploitationKind.UNSURE: _("Something is wrong but you do not know what to call it. That is fine."),
}


class NoAutocompleteMixin:
    def _no_autocomplete(self):
        # Only text-like inputs take `autocomplete` (HTML forbids it on hidden, radio and checkbox inputs).
        for field in self.fields.values():
            if getattr(field.widget, "input_type", None) in ("hidden", "radio", "checkbox", "file"):
                continue
            field.widget.attrs["autocomplete"] = "off"


class TokenMixin(forms.Form):
    form_token = forms.CharField(widget=forms.HiddenInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class TipForm(NoAutocompleteMixin, TokenMixin):
    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe what you saw or heard, in your own words. Do not include your own name."),
    )
    province = forms.ChoiceField(
        label=_("Province or territory"), choices=[("", _("Choose one"))] + list(Province.choices)
    )
    city = forms.CharField(label=_("City or town (optional)"), max_length=100, required=False)
    place = forms.CharField(
        label=_("Place (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example a street, a business name, a website or an online ad."),
    )
    when = forms.CharField(
        label=_("When (optional)"),
        max_length=200,
        required=False,
        help_text=_("A date, a time, or how long it has been going on."),
    )
    kind = forms.ChoiceField(
        label=_("What kind of exploitation do you think it is?"),
        choices=ExploitationKind.choices,
        widget=forms.RadioSelect,
    )
    danger_now = forms.ChoiceField(
        label=_("Is someone in danger right now?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect(attrs={"data-danger-question": "1"}),
        help_text=_("If yes: call 911 first, before anything else."),
    )
    people_description = forms.CharField(
        label=_("People, vehicles or businesses involved (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example what people looked like, a licence plate, a company name."),
    )
    contact_preference = forms.CharField(
        label=_("How could the hotline reach you? (optional)"),
        max_length=500,
        required=False,
        help_text=_("Leave this empty to stay fully anonymous. You can always come back with your receipt code."),
    )
    files = MultipleFileField(label=_("Pictures or documents (optional)"), required=False)
    # A trap for robots: hidden from people and from assistive technology, never filled by a person.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, upload_too_large: bool | str = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large
        self.fields["files"].help_text = gettext(
            "Up to %(count)s files: JPEG or PNG pictures, or PDF documents, each at most %(mb)s MB. "
            "We remove the hidden details (such as location) from pictures."
        ) % {"count": conf.max_files(), "mb": conf.max_file_bytes() // 2**20}
        self.fields["files"].widget.attrs.update(  # report.js checks the chosen files before sending
            {
                "data-max-files": conf.max_files(),
                "data-max-file-bytes": conf.max_file_bytes(),
                "data-max-total-bytes": conf.max_file_bytes() * conf.max_files(),
                "aria-describedby": "files-too-large",
            }
        )
        self.fields["website"].widget.attrs["tabindex"] = "-1"
        self._no_autocomplete()

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if self.upload_too_large == "total":
            raise ValidationError(
                _("The files together are too large: at most %(mb)s MB in all. Please choose fewer or smaller files.")
                % {"mb": conf.max_file_bytes() * conf.max_files() // 2**20}
            )
        if self.upload_too_large:
            raise ValidationError(
                _("A file is too large. Each file can be at most %(mb)s MB.") % {"mb": conf.max_file_bytes() // 2**20}
            )
        if len(uploads) > conf.max_files():
            raise ValidationError(
                ngettext(
                    "You can attach at most %(count)s file.",
                    "You can attach at most %(count)s files.",
                    conf.max_files(),
                )
                % {"count": conf.max_files()}
            )
        return [clean_upload(upload) for upload in uploads]

    def tip_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("files", "website", "form_token")}
        data["danger_now"] = data["danger_now"] == "yes"
        return data


class FollowUpCodeForm(NoAutocompleteMixin, TokenMixin):
    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        help_text=_("The code you were given when you sent your tip, for example ABCD-EFGH-JKLM-NPQR-STUV."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._no_autocomplete()
        self.fields["code"].widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false"})


class ReporterMessageForm(NoAutocompleteMixin, TokenMixin):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._no_autocomplete()


class ReceiptSavedForm(TokenMixin):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    saved = forms.BooleanField(
        label=_("I have saved this code"),
        error_messages={"required": _("Please confirm that you have saved the code: it will not be shown again.")},
    )


# ----- staff side -------------------------------------------------------------------------------------------


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", pgettext_lazy("filter", "Any"))] + list(Tip.Status.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", pgettext_lazy("filter", "Any"))] + list(ExploitationKind.choices)
    )
    province = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", pgettext_lazy("filter", "Any"))] + list(Province.choices)
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Tip.Status.choices)
    close_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", "—")] + list(Tip.CloseReason.choices),
        help_text=_("Required when closing the tip."),
    )
    close_note = forms.CharField(
        label=_("Note on closing (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Tip.Status.CLOSED and not data.get("close_reason"):
            self.add_error("close_reason", _("Choose the reason for closing the tip."))
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        error_messages={
            "invalid_choice": _("A tip can only be assigned to an active tip handler of one of its hotlines.")
        },
    )

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class HandlerMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class RerouteForm(forms.Form):
    from_hotline = forms.ModelChoiceField(label=_("From your hotline"), queryset=None)
    to_hotline = forms.ModelChoiceField(label=_("To hotline"), queryset=None)

    def __init__(self, *args, mine, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_hotline"].queryset = mine
        self.fields["to_hotline"].queryset = Hotline.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("from_hotline") and data.get("from_hotline") == data.get("to_hotline"):
            raise ValidationError(_("Choose a different hotline to send the tip to."))
        return data


class ReminderForm(forms.Form):
    """A follow-up date on a tip (today or later) and why; the reason stays in the inbox, never in the mail."""

    remind_on = forms.DateField(label=_("Remind me on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen only in the inbox: the reminder mail gives the tip's reference, not this reason."),
    )

    def clean_remind_on(self):
        remind_on = self.cleaned_data["remind_on"]
        if remind_on < timezone.localdate():
            raise ValidationError(_("Choose today or a later date."))
        return remind_on


class StatisticsForm(forms.Form):
    """Whose statistics and which period: a preset (the last 7, 30 or 90 days, this year) or two dates."""

    EARLIEST = datetime.date(2000, 1, 1)
    PERIODS = [
        ("7", _("Last 7 days")),
        ("30", _("Last 30 days")),
        ("90", _("Last 90 days")),
        ("year", _("This year")),
        ("custom", _("From and to dates below")),
    ]

    hotline = forms.ChoiceField(label=_("Hotline"), required=False, widget=forms.Select(attrs={"class": "form-select"}))
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIODS, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def __init__(self, *args, hotlines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hotline"].choices = [(hotline.slug, in_page_language(hotline.name)) for hotline in hotlines]

    def clean(self):
        cleaned = super().clean()
        start, end, preset = cleaned.get("start"), cleaned.get("end"), cleaned.get("period")
        if self.errors:
            return cleaned
        if not preset:  # dates alone are a custom period; nothing at all is the last 30 days
            preset = "custom" if start or end else "30"
        if preset != "custom":
            cleaned["range"] = period_preset(preset)
            return cleaned
        today = timezone.localdate()
        if not (start and end):
            raise ValidationError(_("Give both a from date and a to date, or choose a period."))
        if start > end:
            raise ValidationError(_("The from date must be on or before the to date."))
        if start < self.EARLIEST or end > today:
            raise ValidationError(
                _("Dates must be between %(earliest)s and today (%(today)s).")
                % {"earliest": self.EARLIEST.isoformat(), "today": today.isoformat()}
            )
        cleaned["range"] = Period(start=start, end=end)
        return cleaned


class TipLabelsForm(forms.Form):
    labels = forms.ModelMultipleChoiceField(
        label=_("Labels"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose labels of your own hotlines.")},
    )

    def __init__(self, *args, available, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].queryset = available


class LabelForm(forms.Form):
    name = forms.CharField(label=_("Label name"), max_length=60)


# ----- a handler's key (issue 23: tips/keyring.py, tips/staff_views.py) ----------------------------------------


class KeyPasswordForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)


class KeyRecoverForm(forms.Form):
    recovery = forms.CharField(label=_("Your recovery key"), max_length=80)
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)


class KeyStartOverForm(forms.Form):
    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    understood = forms.BooleanField(
        label=_(
            "I understand that I will no longer be able to open the tips I could open before, until a colleague "
            "gives me access again."
        ),
    )


class RecoverySavedForm(forms.Form):
    saved = forms.BooleanField(label=_("I have printed or written down my recovery key and put it somewhere safe."))


class GrantForm(forms.Form):
    """Give a colleague access to the hotline's open tips; with `escrow_key`, to every tip sealed to its escrow."""

    hotline = forms.IntegerField(widget=forms.HiddenInput)
    user = forms.IntegerField(widget=forms.HiddenInput)
    escrow_key = forms.CharField(
        label=_("The hotline's escrow private key"),
        required=False,
        max_length=80,
        strip=True,
        widget=forms.PasswordInput,
    )
