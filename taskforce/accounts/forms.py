from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from taskforce.net import client_ip

from . import services
from .lockout import username_normalize


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self):
        return username_normalize(self.cleaned_data["username"])


class QueuedPasswordResetForm(PasswordResetForm):
    """Reset mail goes through the notifications module, within per-account, per-address and overall limits; the
    link's token is made when the mail is sent, never stored."""

    def save(self, *, request=None, **kwargs):
        services.password_reset_request(email=self.cleaned_data["email"], address=client_ip(request) if request else "")


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app, or a backup code"),
        regex=r"^\s*(\d{6}|[A-Za-z2-7]{8})\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows, or one of your backup codes.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().lower()


class EnrolTokenForm(TokenForm):
    token = forms.RegexField(
        label=_("Six-digit code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
