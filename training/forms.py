from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Audience


def answers_from(data) -> dict[str, list[str]]:
    """The answers a quiz form sent: one list of answer keys per question key (names start with "q")."""
    return {key: data.getlist(key) for key in data if key.startswith("q") and key[1:].isdigit()}


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=None)
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[("", _("Everyone in the organization"))] + list(Audience.choices),
        help_text=_("Leave as is to assign to everyone, or choose one audience, or one person below."),
    )
    user = forms.ModelChoiceField(label=_("One person"), queryset=None, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    due_on = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Reminders are mailed before this date and when it has passed."),
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = selectors.organizations_managed(manager)
        self.fields["course"].queryset = selectors.courses_assignable()
        self.fields["course"].label_from_instance = lambda course: course.title  # in the reader's language
        self.fields["organization"].queryset = organizations
        self.fields["user"].queryset = selectors.members_of(organizations.values("id"))
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} <{u.email}>"

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") and cleaned.get("user"):
            raise forms.ValidationError(_("Assign either to an audience or to one person, not both."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class _ChoicesInOneQuery(forms.models.ModelChoiceIterator):
    """The choices of a short list read as one ordinary query: Django's iterator() opens a server-side cursor on
    PostgreSQL (three round trips, held to the end of the transaction) for a few rows, on every view of the report."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class _ShortModelChoiceField(forms.ModelChoiceField):
    iterator = _ChoicesInOneQuery


class ReportFilterForm(forms.Form):
    organization = _ShortModelChoiceField(label=_("Organization"), queryset=None, empty_label=None)
    course = _ShortModelChoiceField(label=_("Course"), queryset=None, required=False, empty_label=_("All courses"))
    show = forms.ChoiceField(
        label=_("Rows"),
        required=False,
        choices=[("", _("All assignments")), ("overdue", _("Overdue only"))],
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_managed(manager)
        self.fields["course"].queryset = selectors.courses_assignable()
