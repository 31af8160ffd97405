import re
from functools import lru_cache

from django import forms
from django.core import validators
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from taskforce.uploads import PDF, clean_upload
from taskforce.vocabulary import Province

from . import conf
from .identifiers import business_number_compact, corporate_registry_number_compact
from .models import ENTRY_FIELDS, Industry, LegalBasis, Publication, RegistryEntry

BUSINESSES_ONLY = _(
    "Businesses only: never enter a private individual's name or personal details anywhere in this entry."
)


def _with_any(choices, label):
    return [("", label), *choices]


class RegistryFilterForm(forms.Form):
    """The public search and filters. Invalid values get a clear 400, never a 500."""

    q = forms.CharField(label=_("Search names and aliases"), required=False)
    province = forms.ChoiceField(
        label=_("Province or territory"), required=False, choices=_with_any(Province.choices, _("All"))
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    industry = forms.ChoiceField(label=_("Industry"), required=False, choices=_with_any(Industry.choices, _("All")))
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), required=False, choices=_with_any(LegalBasis.choices, _("All"))
    )
    year = forms.IntegerField(label=_("Year of decision"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The longest search, read now (not at import) so that it follows the setting.
        limit = self.fields["q"].max_length = conf.search_max_length()
        self.fields["q"].validators.append(validators.MaxLengthValidator(limit))
        self.fields["q"].widget.attrs["maxlength"] = str(limit)

    def shown_fields(self) -> list[dict]:
        """Each filter as the registry page draws it (registry_list.html): its label, value, errors, limits and
        the options of a list, with the value searched for selected. Written out in one template instead of
        crispy-forms' field templates, which were a third of the page's cost."""
        shown = []
        for blank in registry_filters_blank():
            name = blank["name"]
            value = self[name].value() if self.is_bound else None
            value = "" if value is None else str(value)
            if blank["input_type"] == "number" and not _WHOLE_NUMBER.fullmatch(value):
                value = ""  # as a browser shows a number box given something else; the error says what was wrong
            field = {**blank, "value": value, "errors": self.errors.get(name, ()) if self.is_bound else ()}
            if blank["choices"]:
                field["options"] = mark_safe(
                    "".join(chosen if v == value else plain for v, plain, chosen in blank["choices"])
                )  # noqa: S308 -- escaped by format_html in _blank_fields
            shown.append(field)
        return shown

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "province": data.get("province") or "",
            "city": data.get("city") or "",
            "industry": data.get("industry") or "",
            "legal_basis": data.get("legal_basis") or "",
            "year": data.get("year"),
        }


_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def registry_filters_blank() -> tuple[dict, ...]:
    """The registry's filters with nothing chosen, as RegistryFilterForm.shown_fields() draws them: what the list
    shows to everyone who has not searched (paging included), without building a form."""
    return _blank_fields(get_language() or "", conf.search_max_length())


@lru_cache(maxsize=16)
def _blank_fields(language: str, search_max_length: int) -> tuple[dict, ...]:
    """Worked out once per process, language and search limit (the arguments are the cache's key): the choices
    are reference data fixed in the code (provinces, industries, legal bases), so their labels and <option>
    markup never change between requests. Each option comes as (value, markup, markup when selected)."""
    form = RegistryFilterForm()
    shown = []
    for name, field in form.fields.items():
        choices = None
        if isinstance(field, forms.ChoiceField):
            choices = tuple(
                (
                    str(value),
                    format_html('<option value="{}">{}</option>', value, label),
                    format_html('<option value="{}" selected>{}</option>', value, label),
                )
                for value, label in field.choices
            )
        shown.append(
            {
                "name": name,
                "id": form[name].id_for_label,
                "label": str(field.label),
                "value": "",
                "errors": (),
                "choices": choices,
                "options": mark_safe("".join(plain for _v, plain, _c in choices)) if choices else "",  # noqa: S308 -- escaped by format_html above
                "input_type": "number" if isinstance(field, forms.IntegerField) else "text",
                "maxlength": getattr(field, "max_length", None),
                "min": getattr(field, "min_value", None),
                "max": getattr(field, "max_value", None),
            }
        )
    return tuple(shown)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The pending correction the editor read (0: none), so that a colleague's proposal is never overwritten unseen.
    correction_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, initial=0, min_value=0, max_value=2**31 - 1
    )
    reason = forms.CharField(
        label=_("Reason for this correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown publicly in the change log once another person approves the correction."),
    )

    class Meta:
        model = RegistryEntry
        fields = list(ENTRY_FIELDS)
        widgets = {
            "decision_date": DateInput(),
            "notified_on": DateInput(),
            "review_on": DateInput(),
            "aliases": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "legal_name": BUSINESSES_ONLY,
            "aliases": _("One business name per line. No names of private individuals."),
            "address": _("The business's address, never a home address of a person."),
            "summary": _("A short public summary of the finding about the business. Do not name individuals."),
            "notified_on": _("The representations period starts on this date."),
            "review_on": _("On the day after this date the entry is delisted automatically."),
        }

    def __init__(self, *args, correction=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An edit names the version it was based on, so a concurrent change is refused, never overwritten.
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        if not self.instance.is_public:
            del self.fields["reason"]  # drafting: nothing is public, so there is nothing to explain
        elif correction is not None:
            self.fields["correction_version"].initial = correction.version
            self.fields["reason"].initial = correction.reason
            self.fields["reason"].help_text = _("Leave as is to keep the reason given; shown publicly once approved.")

    def clean_business_number(self):
        return business_number_compact(self.cleaned_data.get("business_number", ""))

    def clean_corporate_registry_number(self):
        return corporate_registry_number_compact(self.cleaned_data.get("corporate_registry_number", ""))

    def clean_aliases(self):
        lines = [line.strip() for line in self.cleaned_data.get("aliases", "").splitlines()]
        return "\n".join(line for line in lines if line)

    def entry_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENTRY_FIELDS if name in self.cleaned_data}


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    url = forms.URLField(label=_("Official link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Or upload the document (PDF)"), required=False)

    def clean_file(self):
        """Checked and rewritten here (a PDF from its content; scripts, comments, forms and metadata removed)."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        return clean_upload(upload, max_bytes=conf.upload_max_bytes(), kinds=[PDF])

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("url") and not data.get("file"):
            raise forms.ValidationError(_("Give an official link or upload the document."))
        return data


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmedVersionForm(VersionForm):
    """Approving and publishing: the approver confirms they read the preview of what will be published."""

    confirm = forms.BooleanField(
        label=_("I have read every field of “What the public will see” and it may be published as shown.")
    )


class CorrectionDecisionForm(forms.Form):
    # The version of the correction the approver read: an amendment since then makes the decision stale.
    correction_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    note = forms.CharField(label=_("Note (kept in the workflow, never public)"), required=False, max_length=2000)


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("Reason (shown publicly)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send one message to confirm; nothing else until you confirm. Unsubscribe in one click."),
    )


class PublicationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_with_any(Publication.Kind.choices, _("All")))
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_with_any(Publication.Language.choices, _("All"))
    )
