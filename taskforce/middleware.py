from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import redirect, render
from django.urls import reverse

from .roles import requires_otp


class SessionLimitsMiddleware:
    """Ends signed-in sessions on the server after their idle and absolute limits (taskforce.accounts.sessions):
    30 minutes idle and 12 hours in all for one-time-password roles by default, longer for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .accounts.sessions import session_check  # noqa: PLC0415 -- accounts imports the auth machinery

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            session_check(request)
        return self.get_response(request)


class OTPRequiredMiddleware:
    """Users whose roles read tips or approve registry entries, and admin users, must verify a one-time
    password before anything else. They enrol an authenticator app through a link an administrator issues."""

    ALLOWED_NAMES = ("accounts:otp_enrol", "accounts:otp_verify", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and requires_otp(user) and not user.is_verified():
            response = self._intercept(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _intercept(self, request, user):
        allowed = {reverse(name) for name in self.ALLOWED_NAMES}
        enrol_links = reverse("accounts:otp_enrol") + "link/"
        if request.path in allowed or request.path.startswith(("/static/", "/healthz", enrol_links)):
            return None
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            return JsonResponse({"detail": "One-time password verification required."}, status=403)
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("accounts:otp_verify" if has_device else "accounts:otp_enrol")
        return redirect(f"{target}?next={request.get_full_path()}" if request.method == "GET" else target)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer with a styled 503 page that still shows the hotlines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return database_unavailable_response(request)
        return None


def is_database_unavailable(exception) -> bool:
    return isinstance(exception, (OperationalError, InterfaceError)) or (
        isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
    )


def database_unavailable_response(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


class NullOriginMiddleware:
    """Lets Django's CSRF protection work with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` on same-site form posts (Fetch standard), which Django's
    origin check refuses. `Sec-Fetch-Site` is set by the browser itself and cannot be forged by a page, so for
    a `same-origin` fetch the null origin is replaced by the site's own before CsrfViewMiddleware runs. The CSRF
    token is still required as always; a cross-site post keeps its `null` and is refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
