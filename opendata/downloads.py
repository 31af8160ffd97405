"""CSV and JSON downloads of any registered dataset (opendata.datasets), live and as dated snapshots.

Every download states its licence: a `Link: <licence url>; rel="license"` header, and in the JSON a `licence`
beside `source`, `generated_at` and the `fields`. The CSV is the header row and the rows, nothing else, so that
every tool reads it as a table; its licence is in the header, the catalogue and the data package. Rows are
written as they are read (streamed), so a large dataset never sits whole in memory. A dataset whose app builds
its whole files in the background (`Dataset.files`: the registry) is sent there instead (302), so that no worker
timeout ever cuts a download short (`make bench`: at a million entries a live download took over 30 s).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from taskforce.csv import csv_writer
from taskforce.downloads import file_response

from . import snapshots
from .catalogue import licence, licence_link_header
from .datasets import Dataset, dataset

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
_ENCODER = DjangoJSONEncoder(ensure_ascii=False)


def csv_lines(ds: Dataset) -> Iterator[str]:
    writer = csv_writer()
    names = [f.name for f in ds.fields]
    yield writer.writerow(names)
    for row in ds.rows():
        yield writer.writerow([row.get(name) for name in names])


def json_chunks(ds: Dataset, *, source: str) -> Iterator[str]:
    """{licence, source, generated_at, title, fields, rows}: the rows last, streamed one by one."""
    head = {
        "licence": licence(),
        "source": source,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "title": str(ds.title),
        "fields": [
            {
                "name": f.name,
                "type": f.type,
                "description": str(f.description),
                "vocabulary": f.vocabulary,
                "mapping": str(f.mapping),
            }
            for f in ds.fields
        ],
    }
    yield _ENCODER.encode(head)[:-1] + ', "rows": ['
    names = [f.name for f in ds.fields]
    for number, row in enumerate(ds.rows()):
        yield ("," if number else "") + _ENCODER.encode({name: row.get(name) for name in names})
    yield "]}\n"


def dataset_source(ds: Dataset) -> str:
    """The address of the dataset's data dictionary, where a copy of the data says it came from."""
    return settings.SITE_URL + reverse("opendata:data_dictionary", args=[ds.slug])


def render(ds: Dataset, file_format: str, *, source: str = "") -> Iterator[str]:
    if file_format == "csv":
        return csv_lines(ds)
    return json_chunks(ds, source=source or dataset_source(ds))


def licensed(response: HttpResponse) -> HttpResponse:
    response["Link"] = licence_link_header()
    return response


def _refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _unknown(slug: str) -> HttpResponse:
    return _refusal(_("There is no dataset named “%(slug)s”. The list is at /data/.") % {"slug": slug}, 404)


def _download(request, slug: str, file_format: str) -> HttpResponse:
    ds = dataset(slug)
    if ds is None:
        return _unknown(slug)
    if file_format in ds.files:  # the file its app builds and serves whole (Dataset.files)
        return licensed(HttpResponseRedirect(reverse(ds.files[file_format])))
    response = StreamingHttpResponse(
        (
            chunk.encode("utf-8")
            for chunk in render(
                ds, file_format, source=request.build_absolute_uri(reverse("opendata:data_dictionary", args=[slug]))
            )
        ),
        content_type=CONTENT_TYPES[file_format],
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=f"{slug}.{file_format}")
    return licensed(response)


@require_safe
def dataset_csv(request, slug: str):
    return _download(request, slug, "csv")


@require_safe
def dataset_json(request, slug: str):
    return _download(request, slug, "json")


@require_safe
def dataset_other_format(request, slug: str, file_format: str):
    """/data/<slug>.<anything else>: a 400 that says which formats there are (a 404 for an unknown dataset)."""
    if dataset(slug) is None:
        return _unknown(slug)
    message = _("The format “%(format)s” is not offered: take %(slug)s.csv or %(slug)s.json.")
    return _refusal(message % {"format": file_format[:20], "slug": slug}, 400)


@require_safe
def snapshot(request, day: str, slug: str, file_format: str):
    """A dated snapshot, as it was written that day, with its licence."""
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        date = None
    if date is None or date.isoformat() != day:  # only YYYY-MM-DD, not the other ISO spellings Python accepts
        return _refusal(_("The date must be written YYYY-MM-DD, for example 2026-01-31."), 400)
    if file_format not in snapshots.FORMATS:
        return _refusal(
            _("The format “%(format)s” is not offered: take csv or json.") % {"format": file_format[:20]}, 400
        )
    ds = dataset(slug)
    if ds is None:
        return _unknown(slug)
    content = snapshots.snapshot_content(date, slug, file_format)
    if content is None:
        return _refusal(_("There is no snapshot of %(slug)s for %(day)s.") % {"slug": slug, "day": day}, 404)
    filename = f"{slug}-{date.isoformat()}.{file_format}"
    return licensed(file_response(content, filename=filename, content_type=CONTENT_TYPES[file_format]))
