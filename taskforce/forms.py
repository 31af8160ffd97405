"""What the portal's forms share."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from i18nfield.forms import I18nFormField

from .language import text_data
from .selectors import indicators_for_partners, organizations_all


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside its field when the form has that field, the
    others (and a refusal not tied to any field) at the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def filter_selects(form, names, *, choices=None) -> list[dict]:
    """A list page's filters (a GET form of select fields) as `templates/_filter_selects.html` writes them out: a
    loop over each field's choices instead of a widget template per field (a list's cost is its rows and its
    filters: make bench). `choices` gives a field's choices from elsewhere (labels translated once per process)."""
    data = form.data if form.is_bound else form.initial
    return [
        {
            "name": name,
            "id": f"id_{name}",
            "label": form.fields[name].label,
            "value": str(data.get(name) or ""),
            "choices": [(str(value), label) for value, label in (choices or {}).get(name, form.fields[name].choices)],
        }
        for name in names
    ]


class SourceFirstI18nFormField(I18nFormField):
    """django-i18nfield's form field (a box per language of settings.LANGUAGES) for a translated text, which when
    required must be written in the source language (settings.LANGUAGE_CODE), the one every other language falls
    back to; the package's own check only asks for some language. Every admin form uses it (taskforce.admin_base);
    a staff ModelForm names it in `Meta.field_classes`."""

    def clean(self, value):
        text = super().clean(value)
        if self.one_required and not text_data(text).get(settings.LANGUAGE_CODE):
            language = get_language_info(settings.LANGUAGE_CODE)["name_translated"]
            raise ValidationError(
                _("Write it in %(language)s at least: other languages fall back to it.") % {"language": language},
                code="required",
            )
        return text


class PartnerScopesForm(forms.Form):
    """What a partner API client may do, as the coordinator chooses it (when it is created, and later)."""

    can_read_statistics = forms.BooleanField(label=gettext_lazy("May read the public statistics"), required=False)
    can_submit_values = forms.BooleanField(
        label=gettext_lazy("May submit its own counts for indicators (reviewed by the item’s lead)"), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Indicators it may submit counts for"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = indicators_for_partners()

    def clean(self):
        data = super().clean()
        if data.get("indicators") and not data.get("can_submit_values"):
            self.add_error("indicators", _("Allow the client to submit counts, or choose no indicator."))
        return data


class PartnerClientForm(PartnerScopesForm):
    """A coordinator creates a partner API client for an organization and chooses what it may do."""

    organization = forms.ModelChoiceField(label=gettext_lazy("Organization"), queryset=None)
    name = forms.CharField(
        label=gettext_lazy("Name of the client"),
        max_length=200,
        help_text=gettext_lazy("For example the program or the system of the partner that will use the key."),
    )
    field_order = ["organization", "name", "can_read_statistics", "can_submit_values", "indicators"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_all()
