import os
import sys

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .language import safety_page
from .middleware import database_unavailable_response, is_database_unavailable


def _page(template_name: str, *, safety: bool = False):
    """A page of fixed text: the same template for everyone, read with GET only."""

    @require_GET
    def page(request):
        return render(request, template_name)

    return safety_page(page) if safety else page


home = _page("home.html", safety=True)
privacy = _page("pages/privacy.html", safety=True)
accessibility = _page("pages/accessibility.html")
browse_safely = _page("pages/browse_safely.html", safety=True)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "unavailable"
    return "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
        client.ping()
    except redis.RedisError:
        return "unavailable"
    return "ok"


def _draining() -> bool:
    return bool(settings.DRAIN_FILE) and os.path.exists(settings.DRAIN_FILE)


@never_cache
@require_GET
def healthz(request):
    """Readiness (the proxy's and the load balancer's check): 200 when this node can serve, i.e. the database and
    the broker answer; 503 otherwise, and 503 "draining" while DRAIN_FILE exists (deploy/drain-web), so new
    requests go elsewhere while those under way finish. `/healthz?live` is liveness: the process answers, whatever
    the database, the broker or a drain say (restart the node only when that fails)."""
    if "live" in request.GET:
        return JsonResponse({"status": "alive"})
    if _draining():
        return JsonResponse({"status": "draining"}, status=503)
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value in ("ok", "in-process") for value in state.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _json_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def error_400(request, exception=None):
    if _is_api(request):
        return _json_error("Bad request.", 400)
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    if _is_api(request):
        return _json_error("You do not have permission to perform this action.", 403)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    if _is_api(request):
        return _json_error("Not found.", 404)
    return render(request, "404.html", status=404)


def error_500(request):
    if is_database_unavailable(sys.exc_info()[1]):
        # The database went away somewhere no middleware could catch it (e.g. while loading the user):
        # answer with the page that needs no database and still shows the hotlines.
        return database_unavailable_response(request)
    if _is_api(request):
        return _json_error("A server error occurred.", 500)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's token was missing or stale (page left open, cookies blocked). Django's own
    page names the mechanism; ours says what to do, with the hotline. The reason is logged by Django already."""
    if _is_api(request):
        return _json_error("CSRF check failed: the form expired or cookies are blocked. Reload and try again.", 403)
    return render(request, "403_csrf.html", status=403)
