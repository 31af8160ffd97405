"""Public media from our own origin: /media/<public folder>/<name>, streamed from the storage.

With files on the local disk, nginx serves these folders itself (deploy/nginx/media.conf) and this view answers
`make run` only; with files on object storage (MEDIA_STORAGE=s3) it is how a lesson's picture, video and captions
and a publication's PDF reach a browser: never from the bucket's host. It sends the headers media.conf sets (a
download no browser renders as a page or sniffs into another type), answers one byte range (a video's seek bar),
and refuses every folder but MEDIA_PUBLIC_FOLDERS (tips/, actionplan/evidence/, registry/sources/, ...) with 404:
private files go only through their permission-checked views.
"""

import logging
import posixpath
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from . import storage
from .storage import STORAGE_ERRORS

log = logging.getLogger(__name__)

# The types media.conf names; anything else is a download of unknown type.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "vtt": "text/vtt",
}
HEADERS = {
    "Content-Disposition": "attachment",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Accept-Ranges": "bytes",
}
RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
MAX_NAME_BYTES, MAX_PART_BYTES = 1024, 255  # S3's longest key; a file system's longest name


def _public_name(path: str) -> str:
    """The stored name asked for, when it is inside a public folder (no `..`, no empty part, no backslash)."""
    parts = path.split("/")
    if (
        len(parts) < 2  # noqa: PLR2004 -- a folder and a file
        or parts[0] not in settings.MEDIA_PUBLIC_FOLDERS
        or any(part in ("", ".", "..") for part in parts)
        or "\\" in path
        or "\x00" in path
        or posixpath.normpath(path) != path
        or len(path.encode()) > MAX_NAME_BYTES  # longer than any name we store (and than a disk or S3 accepts)
        or any(len(part.encode()) > MAX_PART_BYTES for part in parts)
    ):
        raise Http404
    return path


def _asked_range(request) -> tuple[int, int | None] | None:
    """One `bytes=start-[end]` range; anything else (several ranges, a suffix) is answered with the whole file."""
    match = RANGE.match(request.headers.get("Range", ""))
    if not match:
        return None
    start, end = int(match[1]), (int(match[2]) if match[2] else None)
    return None if end is not None and end < start else (start, end)


def _with_headers(response, name: str):
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    response["Content-Type"] = CONTENT_TYPES.get(extension, "application/octet-stream")
    for header, value in HEADERS.items():
        response[header] = value
    return response


@require_GET
def public_media(request, path):
    name = _public_name(path)
    byte_range = _asked_range(request)
    try:
        opened = storage.open_range(name, byte_range)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):  # a folder is no file either
        raise Http404 from None
    except STORAGE_ERRORS:  # the disk or the shared bucket does not answer: say so, and when to come back
        log.warning("The storage did not answer for a public file")
        response = HttpResponse("The file cannot be read right now. Please try again in a few minutes.", status=503)
        response["Retry-After"] = "60"
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    except ValueError:  # the range starts past the end
        response = _with_headers(HttpResponse(status=416), name)
        response["Content-Range"] = f"bytes */{default_storage.size(name)}"
        return response
    response = StreamingHttpResponse(opened.chunks, status=206 if byte_range else 200)
    response["Content-Length"] = str(opened.length)
    if byte_range:
        response["Content-Range"] = f"bytes {opened.start}-{opened.end}/{opened.size}"
    return _with_headers(response, name)
