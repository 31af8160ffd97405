"""Uploaded files on the local disk or on shared object storage (MEDIA_STORAGE, README "Object storage").

Everything reads and writes files through `default_storage`'s API, never through a path on this machine, so that
several machines share one bucket. What differs between the two kinds of storage lives here:

- `PortalS3Storage`: django-storages' S3 backend that fails fast (short timeouts, few attempts) and whose `url()`
  is an address of our own origin (/media/<name>), never the bucket's host: no page requests anything from another
  host, and a public file is streamed by taskforce/media.py.
- `media_url(name)`: the address of a public file, from its stored name (never frozen into stored content).
- `replace(name, data)`: a file rewritten in place all at once (key rotation).
- `open_range(name, ...)`: a file read as a stream, whole or one byte range, without loading it whole.
- `STORAGE_ERRORS`: what a storage that does not answer raises (a disk that fails, an S3 server that is down).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage

try:  # the S3 backend is installed with django-storages[s3]; the local disk needs neither
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from storages.backends.s3 import S3Storage
    from storages.utils import clean_name
except ImportError:  # pragma: no cover - requirements.txt installs them
    Config = BotoCoreError = ClientError = S3Storage = clean_name = None

STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError,) + (
    (BotoCoreError, ClientError) if BotoCoreError is not None else ()
)


def object_storage() -> bool:
    return settings.MEDIA_STORAGE == "s3"


def media_url(name: str) -> str:
    """The address of a stored file on our own origin (/media/<name>): public folders are served there by nginx
    (local disk) or by taskforce/media.py (both); an address that is already one is returned as it is."""
    if not name or name.startswith(("/", "http://", "https://")):
        return name
    return settings.MEDIA_URL + quote(name)


if S3Storage is not None:

    class PortalS3Storage(S3Storage):
        """Private objects in one bucket, reached with short timeouts, addressed on our own origin."""

        def __init__(self, **options):
            options.setdefault(
                "client_config",
                Config(
                    connect_timeout=settings.S3_CONNECT_TIMEOUT,
                    read_timeout=settings.S3_READ_TIMEOUT,
                    retries={"max_attempts": settings.S3_MAX_ATTEMPTS, "mode": "standard"},
                    signature_version="s3v4",
                ),
            )
            super().__init__(**options)

        def url(self, name, parameters=None, expire=None, http_method=None):
            return media_url(name)


def replace(name: str, data: bytes) -> None:
    """Write `data` in place of the stored file `name`, all at once: a crash never leaves half a file. On the disk,
    beside it then renamed over it; on S3, one PUT (an object is replaced whole)."""
    if isinstance(default_storage, FileSystemStorage):
        path = Path(default_storage.path(name))  # the local disk only: object storage has no paths
        fresh = path.with_name(path.name + ".rotating")
        fresh.write_bytes(data)
        os.replace(fresh, path)
        return
    from django.core.files.base import ContentFile  # noqa: PLC0415 -- only object storage writes this way

    default_storage._save(name, ContentFile(data))  # Storage's own hook: no new name, the object replaced


@dataclass
class Opened:
    """A stored file read as a stream: `chunks` yields its bytes (all of them, or the asked range)."""

    chunks: object
    size: int  # the whole file's size
    start: int
    end: int  # inclusive; end < start for an empty file

    @property
    def length(self) -> int:
        return max(0, self.end - self.start + 1)


def _file_chunks(handle, start: int, length: int, chunk: int = 64 * 1024):
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(chunk, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


def open_range(name: str, byte_range: tuple[int, int | None] | None = None) -> Opened:
    """Open the stored file `name` to stream it, whole or from byte `start` to `end` (inclusive, None: to the
    end). Raises FileNotFoundError when there is no such file, ValueError when the range starts past its end.
    On S3 the bytes come straight from the GET's body (one request, nothing loaded whole)."""
    if S3Storage is not None and isinstance(default_storage, S3Storage):
        return _s3_open_range(name, byte_range)
    size = default_storage.size(name)  # FileNotFoundError for a missing file
    start, end = _bounds(size, byte_range)
    handle = default_storage.open(name, "rb")
    return Opened(_file_chunks(handle, start, end - start + 1), size, start, end)


def _bounds(size: int, byte_range) -> tuple[int, int]:
    if byte_range is None:
        return 0, size - 1
    start, end = byte_range
    if start >= size:
        raise ValueError("range not satisfiable")
    return start, min(size - 1, end if end is not None else size - 1)


def _s3_open_range(name: str, byte_range) -> Opened:
    storage = default_storage
    key = storage._normalize_name(clean_name(name))
    arguments = {"Bucket": storage.bucket_name, "Key": key}
    if byte_range is not None:
        start, end = byte_range
        arguments["Range"] = f"bytes={start}-{'' if end is None else end}"
    try:
        answer = storage.connection.meta.client.get_object(**arguments)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in ("NoSuchKey", "404", "NotFound"):
            raise FileNotFoundError(name) from exc
        if code == "InvalidRange":
            raise ValueError("range not satisfiable") from exc
        raise
    length = answer["ContentLength"]
    if "ContentRange" in answer:  # "bytes start-end/size"
        span, size = answer["ContentRange"].split(" ", 1)[1].split("/")
        start, end = (int(n) for n in span.split("-"))
        size = int(size)
    else:
        size, start, end = length, 0, length - 1
    body = answer["Body"]

    def chunks():
        try:
            yield from body.iter_chunks(64 * 1024)
        finally:
            body.close()

    return Opened(chunks(), size, start, end)
