"""Dated snapshots of the datasets: once a day (opendata.tasks.snapshots_write, beat) each dataset's CSV and JSON are
written to default_storage as `<OPEN_DATA_SNAPSHOT_FOLDER>/<date>/<slug>.csv|json`, and kept, so that anyone can
cite or compare the data as it was published on a day. Writing is idempotent: a file already there is left as it
is. The registry keeps its own dated files (publications: /registry/downloads/), so its datasets are not copied here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .datasets import Dataset, all_datasets

FORMATS = ("csv", "json")
OWN_SNAPSHOTS = {"registry"}  # themes whose app publishes its own dated files


def snapshotted(dataset: Dataset) -> bool:
    return dataset.theme not in OWN_SNAPSHOTS


def folder() -> str:
    return settings.OPEN_DATA_SNAPSHOT_FOLDER.rstrip("/")


def snapshot_path(day: dt.date, slug: str, file_format: str) -> str:
    return f"{folder()}/{day.isoformat()}/{slug}.{file_format}"


def snapshots_write(*, day: dt.date | None = None) -> int:
    """Write the day's files that are not there yet; returns how many were written (0 on a second run)."""
    from .downloads import render  # noqa: PLC0415 -- downloads' views read this module's paths

    day = day or timezone.localdate()
    written = 0
    for ds in all_datasets():
        if not snapshotted(ds):
            continue
        for file_format in FORMATS:
            path = snapshot_path(day, ds.slug, file_format)
            if default_storage.exists(path):
                continue
            content = "".join(render(ds, file_format)).encode("utf-8")
            default_storage.save(path, ContentFile(content))
            written += 1
    return written


def _days() -> list[dt.date]:
    try:
        names, _files = default_storage.listdir(folder())
    except FileNotFoundError:
        return []
    days = []
    for name in names:
        try:
            days.append(dt.date.fromisoformat(name))
        except ValueError:
            continue
    return sorted(days, reverse=True)


def snapshot_days(*, limit: int | None = None) -> dict[str, list[dt.date]]:
    """{slug: its snapshot days, newest first}, over the newest `limit` days (all days when None). Reads the
    storage's folders, never the database."""
    found: dict[str, list[dt.date]] = {}
    for day in _days()[:limit]:
        _dirs, files = default_storage.listdir(f"{folder()}/{day.isoformat()}")
        for name in files:
            slug, _dot, extension = name.rpartition(".")
            if extension == "csv":
                found.setdefault(slug, []).append(day)
    return found


def snapshot_content(day: dt.date, slug: str, file_format: str) -> bytes | None:
    path = snapshot_path(day, slug, file_format)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()
