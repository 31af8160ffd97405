"""The text of the registry's downloads, CSV, JSON and FollowTheMoney (publications/ftm.py), written chunk by chunk from rows read by keyset pages
(`selectors.registry_export_rows`): shared by the whole registry's files built in the background and by the
filtered downloads written live. Column order: `selectors.EXPORT_COLUMNS` (new public fields are appended)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from rest_framework.fields import DateTimeField as ApiDateTimeField

from taskforce.csv import csv_writer
from taskforce.links import absolute_url

from . import ftm, selectors
from .models import RegistryEntry

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ftm": ftm.CONTENT_TYPE,
    "delta": ftm.CONTENT_TYPE,
}
# The end of each format's file name (business-registry-2026-12-02.ftm.json).
EXTENSIONS = {"csv": "csv", "json": "json", "ftm": "ftm.json", "delta": "delta.ftm.json"}


def _url_adder():
    """Resolve the entry URL once, then fill in each id: reverse() per row was most of an export's cost."""
    marker = "HT-MARKER"
    head, tail = absolute_url("publications:registry_entry", marker).split(marker)

    def with_url(row: dict) -> dict:
        row["url"] = f"{head}{row['public_id']}{tail}"
        return row

    return with_url


# The downloads' timestamps, written as the API writes them (DRF's ISO 8601 in the portal's time zone, e.g.
# 2026-12-03T06:55:01.123456-07:00): a journalist joining the CSV, the JSON and the API finds the same string.
TIMESTAMP_COLUMNS = tuple(
    name for name in selectors.EXPORT_FIELDS if isinstance(RegistryEntry._meta.get_field(name), models.DateTimeField)
)


def _public_row_writer():
    """The entry's link and its timestamps as the API gives them (the CSV and JSON downloads): one URL reversal
    and one DRF field for a whole file, not per row."""
    with_url = _url_adder()
    timestamp = ApiDateTimeField().to_representation

    def public_row(row: dict) -> dict:
        row = with_url(row)
        for column in TIMESTAMP_COLUMNS:
            if row[column] is not None:
                row[column] = timestamp(row[column])
        return row

    return public_row


def rows_with_url(rows: Iterable[dict]) -> Iterator[dict]:
    """Export rows with each entry's link added (the `url` column) and their timestamps as the downloads give them."""
    public_row = _public_row_writer()
    return (public_row(row) for row in rows)


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    writer = csv_writer()  # defuses spreadsheet formulas; returns each line
    columns = selectors.EXPORT_COLUMNS
    yield writer.writerow(columns)
    public_row = _public_row_writer()
    for row in rows:
        row = public_row(row)
        yield writer.writerow([row[c] for c in columns])


def json_chunks(rows: Iterable[dict]) -> Iterator[str]:
    yield '{"entries": ['
    first = True
    public_row = _public_row_writer()
    for row in rows:
        row = public_row(row)
        row["aliases"] = [a for a in row["aliases"].splitlines() if a.strip()]
        row = {column: row[column] for column in selectors.EXPORT_COLUMNS}
        yield ("" if first else ",") + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        first = False
    yield "]}"


def ftm_chunks(rows: Iterable[dict]) -> Iterator[str]:
    with_url = _url_adder()
    return ftm.ftm_chunks(with_url(row) for row in rows)


def delta_chunks(changes: Iterable[tuple[str, dict]]) -> Iterator[str]:
    """Rows of `selectors.registry_delta_rows`: (op, row) pairs."""
    with_url = _url_adder()
    return ftm.delta_chunks((op, row if op == "DEL" else with_url(row)) for op, row in changes)


WRITERS = {"csv": csv_chunks, "json": json_chunks, "ftm": ftm_chunks, "delta": delta_chunks}


@dataclass
class Written:
    bytes: int
    rows: int
    sha256: str


def write_file(path: Path, file_format: str, rows: Iterable[dict]) -> Written:
    """Write the download to `path` through a temporary name in the same folder, renamed only once complete and
    flushed to disk: a reader never finds half a file under the final name."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("wb") as out:
            written = write_to(out, file_format, rows)
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return written


def write_to(out, file_format: str, rows: Iterable[dict]) -> Written:
    """Write the download into the open binary file `out`, counting its rows and bytes and hashing it."""
    counted = 0

    def counting(source):
        nonlocal counted
        for row in source:
            counted += 1
            yield row

    digest, size = hashlib.sha256(), 0
    for chunk in WRITERS[file_format](counting(rows)):
        data = chunk.encode()
        digest.update(data)
        size += len(data)
        out.write(data)
    return Written(bytes=size, rows=counted, sha256=digest.hexdigest())


def digest_header(sha256_hex: str) -> str:
    """RFC 3230 `Digest` value: the SHA-256 in base64."""
    return "sha-256=" + base64.b64encode(bytes.fromhex(sha256_hex)).decode()
