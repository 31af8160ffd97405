from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taskforce.selectors import organizations_all
from taskforce.uploads import clean_upload

from . import conf
from .models import REASON_MAX_LENGTH, ActionItem, Milestone, Status


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
            "title_fr",
            "description",
            "description_fr",
            "lead_organization",
            "partners",
            "start_date",
            "target_date",
            "weight",
        ]
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
        fields = ["title", "title_fr", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


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
