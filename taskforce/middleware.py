from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django_otp.plugins.otp_totp.models import TOTPDevice

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
            return JsonResponse({"detail": "One-time password verification required."}, status=403)

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
    from tips.selectors import hotlines_reference  # noqa: PLC0415 -- an app's selector, needed only on this page

    response = render(request, "503.html", {"hotlines": hotlines_reference()}, status=503)
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


# ----- issue 13: bad bytes, HEAD, private answers ------------------------------------------------------------------


class BadInputMiddleware:
    """Answers 400 to a request carrying a NUL byte in its path, query, cookies or headers, before anything looks
    it up: PostgreSQL refuses NUL in text, so each lookup would otherwise be a server error. The styled 400 page
    (in the language of the path), JSON under /api/. Invalid UTF-8 needs nothing here: Django re-escapes it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return bad_request_response(request)
        return self.get_response(request)


def _carries_nul(request) -> bool:
    if "\x00" in request.path_info or "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    query = request.GET  # decoded: catches %00
    if any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()):
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
        return True
    return any("\x00" in str(value) for name, value in request.META.items() if name.startswith("HTTP_"))


def bad_request_response(request):
    if request.path_info.startswith("/api/"):
        detail = translation.gettext("The request holds a character that is not valid (a NUL byte).")
        return JsonResponse({"detail": detail}, status=400)
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        return render(request, "400_bad_bytes.html", status=400)


class HeadMiddleware:
    """HEAD is answered wherever GET is (RFC 9110; load balancers probe with it). Views say `require_GET`, which
    refuses HEAD with a 405, so HEAD reaches them as GET; the answer keeps GET's headers and length but carries
    no body, and a streamed export is not even produced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:  # the length GET would send, and no body (gunicorn warns on every HEAD answer that carries one)
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


class PrivateAnswersMiddleware:
    """What a signed-in person or an API token sees is never kept by a browser or a proxy: `no-store` on every
    answer to a request with a session cookie or an Authorization header (shared office computers), and API
    answers vary by Authorization so that no cache hands one token's answer to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session_cookie = settings.SESSION_COOKIE_NAME
        if (
            session_cookie in request.COOKIES
            or session_cookie in response.cookies
            or "HTTP_AUTHORIZATION" in request.META
        ):
            add_never_cache_headers(response)
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
        return response
