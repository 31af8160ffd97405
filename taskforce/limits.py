"""Request bodies too large for where they are sent are refused before anything reads them.

Django reads a body only when a view (or CsrfViewMiddleware, just before the view) asks for `request.POST`, and
then writes every file part larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, whatever its size.
This middleware answers 413 from the declared `Content-Length` first. A body sent in chunks without a length
(which Django would otherwise silently ignore) is read into memory up to the limit, and refused past it.

Limits are settings: `REQUEST_BODY_MAX_BYTES` everywhere, and `REQUEST_BODY_LIMITS`, a list of
`(path regex, bytes, who)` where `who` is "anyone", "signed-in" or "staff": the larger limit applies only to
requests from such a person, everyone else gets the default (an anonymous visitor cannot make the portal take
an evidence-sized body). The proxy in front should refuse earlier still (nginx `client_max_body_size`); the
tip form's limit equals the proxy's (20 MiB), so that its too-large files come back as the filled form.
A declared body over the limit is read and thrown away up to `REQUEST_BODY_DRAIN_MAX_BYTES` (32 MiB) before the
413, so that the connection stays sound behind a proxy; a larger one is refused unread.

It sits last in MIDDLEWARE: the middlewares before it only read headers, cookies and the session, so the body is
still unread when it runs, and its 413 page carries the same security headers and language as every other page.
"""

from __future__ import annotations

import io
import re
from functools import cache

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

_CHUNK = 64 * 1024


@cache
def _compiled(rules: tuple) -> tuple:
    return tuple((re.compile(pattern), limit, who) for pattern, limit, who in rules)


def body_limit(request) -> int:
    """The largest body this request may carry."""
    default = settings.REQUEST_BODY_MAX_BYTES
    rules = _compiled(tuple(tuple(rule) for rule in settings.REQUEST_BODY_LIMITS))
    for pattern, limit, who in rules:
        if pattern.search(request.path_info):
            return limit if _may_send_that_much(request, who) else default
    return default


def _may_send_that_much(request, who: str) -> bool:
    user = getattr(request, "user", None)
    if who == "anyone":
        return True
    if who == "staff":
        return bool(user is not None and user.is_authenticated and user.is_staff)
    return bool(user is not None and user.is_authenticated)


def too_large_response(request, limit: int):
    megabytes = max(1, limit // 2**20)
    if request.path_info.startswith("/api/"):
        message = _("The request body is too large: at most %(mb)s MB is accepted here.") % {"mb": megabytes}
        response = JsonResponse({"detail": message}, status=413)
    else:
        response = render(request, "413.html", {"megabytes": megabytes}, status=413)
    response["Cache-Control"] = "no-store, max-age=0"
    return response


def _length_required(request):
    response = render(request, "400.html", status=411)
    response["Cache-Control"] = "no-store, max-age=0"
    return response


def _drain(request, declared: int) -> None:
    """Read and throw away a refused body of at most `REQUEST_BODY_DRAIN_MAX_BYTES`, a chunk at a time.

    A proxy (nginx) has usually buffered the whole body already and sends it on; a server that answers without
    reading it closes the connection with data unread, and the proxy may then show "502 Bad Gateway" instead of
    our 413. Beyond the bound the connection is closed unread, as before: reading it would cost more than it saves.
    """
    if declared > settings.REQUEST_BODY_DRAIN_MAX_BYTES:
        return
    source, left = request.environ["wsgi.input"], declared
    while left > 0 and (chunk := source.read(min(_CHUNK, left))):
        left -= len(chunk)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._check(request)
        return refusal if refusal is not None else self.get_response(request)

    def _check(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if declared:
            if not declared.isdigit():
                return render(request, "400.html", status=400)
            limit = body_limit(request)
            if int(declared) <= limit:
                return None
            _drain(request, int(declared))
            return too_large_response(request, limit)
        if chunked:
            return self._buffer_chunked(request)
        return None

    def _buffer_chunked(self, request):
        """Read a body of unknown length (the server has removed the chunk framing) up to the limit."""
        if not request.environ.get("wsgi.input_terminated"):
            return _length_required(request)  # the server cannot tell us where the body ends
        limit = body_limit(request)
        source, body = request.environ["wsgi.input"], io.BytesIO()
        while chunk := source.read(min(_CHUNK, limit + 1 - body.tell())):
            body.write(chunk)
            if body.tell() > limit:
                return too_large_response(request, limit)
        size = body.tell()
        body.seek(0)
        request._stream = LimitedStream(body, size)
        request.META["CONTENT_LENGTH"] = str(size)
        return None
