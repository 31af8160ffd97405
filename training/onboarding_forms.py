"""Forms of getting people in (training/onboarding.py). None of them has a role field, and the organization is
always chosen from a list the form itself builds (the manager's own, or those open to self-registration)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from . import onboarding, selectors
from .models import Audience, Invitation


class _PasswordMixin:
    """Password twice, checked by Django's validators (AUTH_PASSWORD_VALIDATORS) against the person's own details."""

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("The two passwords differ."))
        elif password:
            someone = get_user_model()(email=self._email_for_validation(), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, someone)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


def _password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validation.password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
        ),
    )


class InvitationForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_managed(manager)

    def clean_email(self):
        return onboarding.email_normalize(self.cleaned_data["email"])


class InvitationCsvForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a first row naming the columns: name, email, audience."),
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = selectors.organizations_managed(manager)


class AcceptForm(_PasswordMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password, password_again = _password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def _email_for_validation(self):
        return self.invitation.email


class SignupForm(_PasswordMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=None,
        help_text=_("Only organizations that take registrations are listed. Others invite their learners."),
    )
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Work email address"))
    audience = forms.ChoiceField(label=_("Which best describes your work?"), choices=Audience.choices)
    password, password_again = _password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = onboarding.organizations_open_to_signup()

    def clean_email(self):
        return onboarding.email_normalize(self.cleaned_data["email"])

    def _email_for_validation(self):
        return self.cleaned_data.get("email", "")
