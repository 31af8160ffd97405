"""The portal's URLs plus pages that fail on purpose, for the production-profile error page checks."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpResponse
from django.urls import path

from taskforce.urls import handler400, handler403, handler404, handler500  # noqa: F401
from taskforce.urls import urlpatterns as portal_urlpatterns

SECRET_MESSAGE = "quality-secret-detail-that-must-never-show"


def server_error(request):
    raise RuntimeError(SECRET_MESSAGE)


def forbidden(request):
    raise PermissionDenied(SECRET_MESSAGE)


def suspicious(request):
    raise SuspiciousOperation(SECRET_MESSAGE)


def csrf_protected(request):
    return HttpResponse("accepted")


urlpatterns = [
    *i18n_patterns(
        path("quality/server-error/", server_error),
        path("quality/forbidden/", forbidden),
        path("quality/suspicious/", suspicious),
    ),
    path("api/quality/server-error/", server_error),
    path("api/quality/forbidden/", forbidden),
    path("api/quality/suspicious/", suspicious),
    path("api/quality/csrf/", csrf_protected),
    *portal_urlpatterns,
]
