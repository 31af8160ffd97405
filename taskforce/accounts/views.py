"""Sign-in with one-time passwords for the roles that need them."""

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce.net import client_ip
from taskforce.qr import qr_svg
from taskforce.roles import requires_otp

from . import services, signals
from .forms import EmailAuthenticationForm, EnrolTokenForm, QueuedPasswordResetForm, TokenForm
from .lockout import signin_wait_seconds, username_normalize
from .sessions import SESSION_ENDED_KEY

ENROLMENT_SESSION_KEY = "otp_enrolment"


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = username_normalize(request.POST.get("username"))
        checkable = username and "\x00" not in username  # the form refuses NUL bytes with a message
        wait = signin_wait_seconds(username=username, address=client_ip(request)) if checkable else 0
        if wait:
            context = {"wait": wait, "interval": settings.SIGNIN_SLOWDOWN_SECONDS}
            return render(request, "accounts/slowed.html", context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The password opens a tip handler's key for this session only (tips/keyring.py, issue 23).
        signals.signed_in.send(
            sender=type(self), request=self.request, user=form.get_user(), password=form.cleaned_data["password"]
        )
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "session_ended": self.request.session.pop(SESSION_ENDED_KEY, "")}


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        # The person knows their old password: a tip handler's key is wrapped again for the new one.
        signals.password_changed.send(
            sender=type(self),
            user=form.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user)
        return response


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_svg(device: TOTPDevice) -> str:
    return qr_svg(device.config_url, label="QR code")


@sensitive_variables("token")
def otp_enrol_link(request, pk, token):
    """The link an administrator had mailed: remembered in the session, then the password, then the app."""
    invite = services.otp_enrolment_check(invite_id=pk, token=token)
    if invite is None or (request.user.is_authenticated and request.user.pk != invite.user_id):
        return render(request, "accounts/otp_enrol_invalid.html", status=400)
    request.session[ENROLMENT_SESSION_KEY] = invite.pk
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('accounts:otp_enrol')}")
    return redirect("accounts:otp_enrol")


@login_required
@sensitive_post_parameters("token")
def otp_enrol(request):
    if not requires_otp(request.user):
        return redirect("home")
    invite = services.otp_enrolment_for(user=request.user, invite_id=request.session.get(ENROLMENT_SESSION_KEY))
    if invite is None:
        if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect("accounts:otp_verify")
        return render(request, "accounts/otp_enrol_ask.html")  # an explanation, not an error: no console noise
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = EnrolTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.otp_enrolment_complete(invite=invite, device=device)
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return _backup_codes_page(request, codes)
        form.add_error("token", _("That code did not match. Check your device's clock and try the newest code."))
    secret = base64.b32encode(device.bin_key).decode()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/otp_enrol.html",
        {"form": form, "qr_svg": _qr_svg(device), "secret": secret, "next": _next_url(request)},
        status=status,
    )


def _backup_codes_page(request, codes):
    response = render(request, "accounts/otp_backup_codes.html", {"codes": codes, "next": _next_url(request)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def otp_backup_codes(request):
    """Explains backup codes; a POST makes new ones (the old ones stop working) and shows them once."""
    if not requires_otp(request.user):
        return redirect("home")
    if request.method == "POST":
        return _backup_codes_page(request, services.otp_backup_codes_renew(user=request.user))
    return render(request, "accounts/otp_backup_codes_renew.html")


@login_required
@sensitive_post_parameters("token")
def otp_verify(request):
    if not requires_otp(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("That code did not match. Wait for a new code and try again."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)}, status=status)
