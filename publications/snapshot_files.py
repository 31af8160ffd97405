"""Where the whole registry's download files live (`services.registry_snapshot_build` writes them,
`downloads._whole_registry` serves them): a private folder on this machine's disk (REGISTRY_SNAPSHOT_DIR, or
MEDIA_ROOT/registry-snapshots, served by nginx through X-Accel-Redirect), or, with files on shared object storage
(MEDIA_STORAGE=s3), private objects under STORAGE_PREFIX of the bucket, which every machine reads and the public
media view never serves (taskforce/media.py: not a public folder)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from django.core.files import File
from django.core.files.storage import default_storage

from taskforce import storage

from . import conf, exports

STORAGE_PREFIX = "registry-snapshots"


def shared() -> bool:
    """True when the files are objects of the shared storage rather than files of a folder on this machine."""
    return storage.object_storage()


def key(name: str) -> str:
    return f"{STORAGE_PREFIX}/{name}"


def write(name: str, file_format: str, rows: Iterable[dict]) -> exports.Written:
    """Write one download file under `name`. On the disk through a temporary name renamed once complete; on object
    storage written whole to a temporary file first, then sent in one upload: no reader ever finds half a file."""
    if not shared():
        folder = conf.snapshot_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return exports.write_file(folder / name, file_format, rows)
    with tempfile.TemporaryFile(prefix="registry-") as out:
        written = exports.write_to(out, file_format, rows)
        out.seek(0)
        stored = default_storage.save(key(name), File(out, name=name))
    if stored != key(name):  # never serve a file under another name than its record's
        default_storage.delete(stored)
        raise FileExistsError(key(name))
    return written


def delete(name: str) -> None:
    if shared():
        default_storage.delete(key(name))
    else:
        (conf.snapshot_dir() / name).unlink(missing_ok=True)
