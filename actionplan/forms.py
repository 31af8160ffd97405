from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.forms import SourceFirstI18nFormField
from taskforce.selectors import organizations_all
from taskforce.uploads import clean_upload

from . import conf
from .models import REASON_MAX_LENGTH, ActionItem, Evaluation, Indicator, Milestone, ReportingPeriod, Status


class ItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Progress is a whole number from 0 to 100."),
            "max_value": _("Progress is a whole number from 0 to 100."),
        },
    )
    reason = forms.CharField(
        label=_("What changed and why"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the public on the item's timeline."),
        error_messages={"required": _("Say what changed and why.")},
    )
    evidence_title = forms.CharField(label=_("Evidence title (optional)"), max_length=200, required=False)
    evidence_url = forms.URLField(label=_("Evidence link (optional)"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence document (optional)"),
        required=False,
        help_text=_("A PDF document or a JPEG or PNG picture. Hidden details (author, location) are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, item: ActionItem, **kwargs):
        kwargs.setdefault("initial", {"status": item.status, "progress": item.progress, "version": item.version})
        super().__init__(*args, **kwargs)
        if item.children.exists():
            self.fields["progress"].disabled = True
            self.fields["progress"].help_text = _("Rolled up from the sub-actions.")

    def clean_evidence_file(self):
        """The document is checked and cleaned here (kind from its content, metadata removed): the service
        stores what it is given."""
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        if not self.data.get("evidence_title", "").strip():
            self.cleaned_data["evidence_title"] = upload.name[:200]
        return clean_upload(upload, max_bytes=conf.evidence_max_bytes())


class ItemEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ActionItem
        fields = [
            "title",
            "description",
            "lead_organization",
            "partners",
            "start_date",
            "target_date",
            "weight",
        ]
        field_classes = {"title": SourceFirstI18nFormField, "description": SourceFirstI18nFormField}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = organizations_all()
        self.fields["partners"].queryset = organizations_all()
        self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        start, target = data.get("start_date"), data.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", _("The target date comes after the start date."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"title": SourceFirstI18nFormField}


class ReportingPeriodForm(forms.ModelForm):
    """A period of the monitoring calendar (the coordinator's); the service checks the dates' order."""

    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end", "due_date"]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in ("start", "end", "due_date")}  # fmt: skip
        field_classes = {"name": SourceFirstI18nFormField}

    def _get_validation_exclusions(self):
        # The dates' order is the service's check, which names the field ("end"); the model's constraint would
        # say it above the form.
        return super()._get_validation_exclusions() | {"end"}


class EvaluationForm(forms.ModelForm):
    """An evaluation of the plan, planned or done (the coordinator's)."""

    document_url = forms.URLField(label=_("document link"), required=False, assume_scheme="https")

    class Meta:
        model = Evaluation
        fields = ["title", "date", "is_final", "summary", "document_url"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"title": SourceFirstI18nFormField, "summary": SourceFirstI18nFormField}


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: number, slug, title, status, progress, version, reason. Only status and progress are read."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for rows that give none"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReportGenerateForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of > timezone.localdate():
            raise forms.ValidationError(_("A report cannot be dated in the future."))
        return as_of


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("Show the plan as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


DATE_INPUT = {"type": "date"}


def _reason_field(label):
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what changed and why.")},
    )


class IndicatorForm(forms.ModelForm):
    """What the lead organization says about a new indicator; the service checks the values against the unit."""

    reason = _reason_field(_("Why this indicator"))

    class Meta:
        model = Indicator
        fields = [
            "name",
            "slug",
            "unit",
            "unit_label",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "description",
            "is_public",
            "order",
        ]
        field_classes = {
            "name": SourceFirstI18nFormField,
            "unit_label": SourceFirstI18nFormField,
            "description": SourceFirstI18nFormField,
        }
        widgets = {
            "baseline_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "target_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        }

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "reason"]}


class IndicatorValueForm(forms.Form):
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs=DATE_INPUT))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs=DATE_INPUT))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(
        label=_("Source"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Where the number comes from: a register, a survey, a report (public)."),
    )
    reason = _reason_field(_("Note on this value"))


class IndicatorValueReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept: the value counts")), ("0", _("Reject: the value does not count"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = _reason_field(_("Why"))
