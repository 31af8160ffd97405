"""The whole published registry as CSV and JSON, streamed row by row so memory stays flat at any size."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.views.decorators.http import require_GET

from taskforce.csv import csv_writer
from taskforce.links import absolute_url

from . import conf, selectors


def _url_adder():
    """Resolve the entry URL once, then fill in each id: reverse() per row was most of an export's cost."""
    marker = "HT-MARKER"
    head, tail = absolute_url("publications:registry_entry", marker).split(marker)

    def with_url(row: dict) -> dict:
        row["url"] = f"{head}{row['public_id']}{tail}"
        return row

    return with_url


def _csv_lines():
    writer = csv_writer()  # defuses spreadsheet formulas; returns each line
    columns = selectors.EXPORT_COLUMNS
    yield writer.writerow(columns)
    with_url = _url_adder()
    for row in selectors.registry_export_rows(chunk_size=conf.export_chunk_size()):
        row = with_url(row)
        yield writer.writerow([row[c] for c in columns])


def _json_chunks():
    yield '{"entries": ['
    first = True
    with_url = _url_adder()
    for row in selectors.registry_export_rows(chunk_size=conf.export_chunk_size()):
        row = with_url(row)
        row["aliases"] = [a for a in row["aliases"].splitlines() if a.strip()]
        row = {column: row[column] for column in selectors.EXPORT_COLUMNS}
        yield ("" if first else ",") + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        first = False
    yield "]}"


def _download(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # a delisting must leave every copy we serve at once
    return response


@require_GET
def registry_csv(request):
    return _download(_csv_lines(), "text/csv; charset=utf-8", "business-registry.csv")


@require_GET
def registry_json(request):
    return _download(_json_chunks(), "application/json", "business-registry.json")
