from django import forms
from django.utils.translation import gettext_lazy as _

from taskforce.templatetags.portal_text import tr
from taskforce.vocabulary import ExploitationKind, Province

from .models import Answer, AssessmentVersion

CONSENT_TEXT = _(
    "The person agrees that what is described here, and the assessment summary, are sent to the hotline so that "
    "trained staff can follow up."
)


def field_name(key: str) -> str:
    return f"q_{key}"


class AnswersForm(forms.Form):
    """The preliminary screen (full=False) or the full assessment (full=True). In the full step, the preliminary
    answers travel back as hidden fields, so nothing is kept on the server between steps."""

    step = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    province = forms.ChoiceField(
        label=_("Province or territory where the person is now"), choices=[("", "—"), *Province.choices]
    )
    city = forms.CharField(
        label=_("City or town (optional)"),
        max_length=100,
        required=False,
        help_text=_("Used only to find the nearest help. Do not enter an address."),
    )

    def __init__(self, *args, version: AssessmentVersion, full: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_obj, self.full = version, full
        self.fields["step"].initial = "full" if full else "preliminary"
        self.fields["version"].initial = version.number
        if full:
            self.fields["province"].widget = forms.HiddenInput()
            self.fields["city"].widget = forms.HiddenInput()
        for question in version.questions.all():
            if question.is_preliminary:
                widget = forms.HiddenInput() if full else forms.RadioSelect
                self.fields[field_name(question.key)] = forms.ChoiceField(
                    label=tr(question.text), help_text=tr(question.help), choices=Answer.choices, widget=widget
                )
            elif full:
                self.fields[field_name(question.key)] = forms.ChoiceField(
                    label=tr(question.text),
                    help_text=tr(question.help),
                    choices=[*Answer.choices, ("", _("Not asked"))],
                    widget=forms.RadioSelect,
                    required=False,
                    initial="",
                )

    def clean_version(self):
        if self.cleaned_data["version"] != self.version_obj.number:
            raise forms.ValidationError(_("The questions have changed. Please start again."))
        return self.cleaned_data["version"]

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data.get(field_name(q.key), "")
            for q in self.version_obj.questions.all()
            if field_name(q.key) in self.fields
        }

    def groups(self) -> list[tuple[str, list]]:
        """The visible question fields grouped by area, in order, for the template."""
        groups: dict[str, tuple[str, list]] = {}
        for question in self.version_obj.questions.all():
            name = field_name(question.key)
            if name in self.fields and not self.fields[name].widget.is_hidden:
                groups.setdefault(question.area, (question.get_area_display(), []))[1].append(self[name])
        return list(groups.values())


class ReferralForm(forms.Form):
    what_happened = forms.CharField(
        label=_("What you observed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        help_text=_("Facts only. The assessment summary is attached for you."),
    )
    kind = forms.ChoiceField(label=_("Kind of exploitation"), choices=ExploitationKind.choices)
    contact_preference = forms.CharField(
        label=_("How the hotline can reach you (optional)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT, error_messages={"required": _("You can only refer with the person's consent.")}
    )
