"""A tip handler's key (issue 23): open it, recover it, start over, save the recovery key, give colleagues access.

Every page here is the handler's own: nothing it shows (a recovery key) is kept anywhere but in their session,
wrapped with the secret only their browser holds, until shown once.
"""

import base64
import binascii

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from taskforce.accounts.lockout import signin_wait_seconds, username_normalize
from taskforce.net import client_ip

from . import keyring, sealing, selectors
from .forms import GrantForm, KeyPasswordForm, KeyRecoverForm, KeyStartOverForm, RecoverySavedForm
from .models import HandlerKey, Hotline


def _require_handler(user) -> None:
    if not keyring.needs_key(user):
        raise PermissionDenied


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _after_key(request):
    if keyring.recovery_to_show(request):
        return redirect("tips:key_recovery")
    return redirect(_next(request) or "tips:inbox")


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def key(request):
    """Your key: open it for this session with your password; or, when your password no longer opens it (reset by
    someone else), open it with your recovery key or start a new one; or, without a key yet, make your first."""
    _require_handler(request.user)
    user = request.user
    has_key = HandlerKey.objects.filter(user=user).exists()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "unlock": KeyPasswordForm(request.POST if action == "unlock" else None, prefix="unlock"),
        "recover": KeyRecoverForm(request.POST if action == "recover" else None, prefix="recover"),
        "start_over": KeyStartOverForm(request.POST if action == "start_over" else None, prefix="start"),
        "renew": KeyPasswordForm(request.POST if action == "renew" else None, prefix="renew"),
    }
    status = 200
    if action in forms and forms[action].is_valid():
        done = _key_action(request, action, forms[action])
        if done is not None:
            return done
        status = getattr(request, "key_refused", 400)
    elif action:
        status = 400
    context = {
        **forms,
        "has_key": has_key,
        "open": keyring.session_private(request) is not None,
        "locked": keyring.is_locked(request),
        "recovery_saved": HandlerKey.objects.filter(user=user, recovery_saved_at__isnull=False).exists(),
        "next": _next(request),
    }
    return render(request, "tips/staff/key.html", context, status=status)


def _password_checked(request, form, password: str) -> bool:
    """The password, checked as the sign-in page checks it: a wrong one counts towards the same lock-out (django-axes
    and the slowdown), so a stolen session cannot be used to guess it here instead."""
    credentials = {settings.AXES_USERNAME_FORM_FIELD: request.user.email}
    waiting = signin_wait_seconds(username=username_normalize(request.user.email), address=client_ip(request))
    if AxesProxyHandler.is_locked(request, credentials) or waiting:
        form.add_error("password", _("Too many wrong passwords. Wait a while, then try again."))
        request.key_refused = 429
        return False
    if request.user.check_password(password):
        return True
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    form.add_error("password", _("This is not your password."))
    return False


def _key_action(request, action: str, form):
    user, data = request.user, form.cleaned_data
    if not _password_checked(request, form, data["password"]):
        return None
    if action == "unlock":
        private = keyring.key_open_with_password(user, data["password"])
        if private is None and HandlerKey.objects.filter(user=user).exists():
            request.session[keyring.LOCKED_SESSION_KEY] = True
            form.add_error(None, _("Your password was reset since your key was made, so it no longer opens it."))
            return None
        if private is None:  # no key yet: the first one
            private, recovery = keyring.key_create(user, data["password"])
            keyring.session_install(request, private)
            keyring.recovery_show_later(request, recovery)
            return _after_key(request)
        keyring.session_install(request, private)
        return _after_key(request)
    if action == "recover":
        try:
            private = keyring.key_recover(user, recovery=data["recovery"], password=data["password"])
        except keyring.KeyError_:
            form.add_error("recovery", _("This recovery key does not open your key."))
            return None
        keyring.session_install(request, private)
        messages.success(request, _("Your key is open again: you can read the tips you could read before."))
        return _after_key(request)
    if action == "start_over":
        private, recovery = keyring.key_create(user, data["password"])
        keyring.session_install(request, private)
        keyring.recovery_show_later(request, recovery)
        messages.warning(
            request,
            _(
                "You have a new key. The tips you could open before stay closed to you until a colleague gives you "
                "access again."
            ),
        )
        return _after_key(request)
    private = keyring.session_private(request)  # renew: a new recovery key for the key open in this session
    if private is None:
        form.add_error(None, _("Open your key first."))
        return None
    keyring.recovery_show_later(request, keyring.recovery_renew(user, private))
    return redirect("tips:key_recovery")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_recovery(request):
    """The new recovery key, shown until the handler says they saved it; then it is gone from the session."""
    _require_handler(request.user)
    recovery = keyring.recovery_to_show(request)
    if not recovery:
        return redirect("tips:key")
    form = RecoverySavedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session.pop(keyring.RECOVERY_SESSION_KEY, None)
        keyring.recovery_saved(request.user)
        messages.success(request, _("Your recovery key is saved. It is not shown again."))
        return redirect("tips:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "tips/staff/key_recovery.html", {"recovery": recovery, "form": form}, status=status)


@never_cache
@login_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def key_access(request):
    """Who can read our tips: per hotline of the handler (or coordinator), its handlers and how many of its open
    tips each cannot open; a handler gives a colleague access with their own key, a coordinator with the escrow key."""
    user = request.user
    handled = list(selectors.hotlines_handled(user))
    coordinated = list(selectors.hotlines_coordinated(user))
    hotlines = {h.id: h for h in handled + coordinated}
    if not hotlines:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = GrantForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whom to give access to."))
            status = 400
        else:
            hotline = get_object_or_404(Hotline, id=form.cleaned_data["hotline"], id__in=list(hotlines))
            status = _grant(request, form, hotline, handled=hotline in handled, coordinated=hotline in coordinated)
            if status == 302:  # noqa: PLR2004
                return redirect("tips:key_access")
    rows = [
        {
            "hotline": hotline,
            "people": sealing.access_missing(hotline),
            "may_grant": hotline in handled and keyring.session_private(request) is not None,
            "escrow": bool(hotline.escrow_public_key) and hotline in coordinated,
        }
        for hotline in sorted(hotlines.values(), key=lambda h: str(h.name))
    ]
    return render(request, "tips/staff/key_access.html", {"rows": rows}, status=status)


def _grant(request, form, hotline, *, handled: bool, coordinated: bool) -> int:
    colleague = sealing.keyed_handlers(hotline).filter(user_id=form.cleaned_data["user"]).first()
    escrow_text = form.cleaned_data["escrow_key"]
    try:
        if colleague is None:
            raise sealing.GrantError
        if escrow_text:
            if not coordinated:
                raise PermissionDenied
            count = sealing.grant_by_escrow(
                actor=request.user, escrow_private=_escrow_bytes(escrow_text), hotline=hotline, user=colleague.user
            )
        else:
            private = keyring.session_private(request)
            if not handled or private is None:
                raise sealing.GrantError
            count = sealing.grant_by_colleague(
                granter=request.user, granter_private=private, hotline=hotline, user=colleague.user
            )
    except sealing.GrantError:
        messages.error(
            request,
            _("Access could not be given: check the person, and that your key (or the escrow key) is the hotline's."),
        )
        return 400
    messages.success(
        request,
        _("%(person)s can now open %(count)s more tips of %(hotline)s.")
        % {"person": colleague.user, "count": count, "hotline": hotline.name},
    )
    return 302


def _escrow_bytes(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise sealing.GrantError from None
    if len(raw) != 32:  # noqa: PLR2004 -- an X25519 private key
        raise sealing.GrantError
    return raw
