"""The registry's downloads. The whole registry is a file built in the background (`services.registry_snapshot_build`,
after each change and daily) and served as it is, with its SHA-256 (`Digest`) and row count (`X-Row-Count`): a
request never writes a million rows, so a worker's timeout can never cut a download short and pass it off as
complete. A download with search or filters is written live, up to REGISTRY_LIVE_EXPORT_MAX_ROWS rows.

With files on shared object storage (MEDIA_STORAGE=s3, publications/snapshot_files.py) the worker streams the file
from the bucket, whole, with `Accept-Ranges: none`.

Resuming a download (a `Range` request): behind nginx (REGISTRY_SNAPSHOT_ACCEL_PREFIX) nginx sends the file and
answers byte ranges itself (206 with Content-Range, 416 when unsatisfiable; deploy/nginx/portal.conf). When Django
sends a file itself (no proxy, `make run`) or writes it live, it says `Accept-Ranges: none` and sends the whole file,
so a download manager starts again rather than join two different pieces."""

from django.http import FileResponse, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header, http_date
from django.views.decorators.http import require_GET

from opendata.catalogue import licence_link_header
from taskforce import storage
from taskforce.pagination import page_of, query_without_page

from . import conf, exports, selectors, services, snapshot_files
from .forms import RegistryFilterForm

NO_RANGES = "none"  # Django sends whole files only; nginx answers ranges (module docstring)
RETRY_AFTER_SECONDS = 120  # a build usually takes less at a million entries (`make bench`)


def _filtered(request) -> bool:
    return any(request.GET.get(name, "").strip() for name in RegistryFilterForm.base_fields)


def _notice(request, reason: str, status: int, **context):
    context |= {"reason": reason, "query": query_without_page(request)}
    return render(request, "publications/registry_download_notice.html", context, status=status)


def _building(request):
    """No complete file to send yet: 503 with Retry-After, and the build queued (never part of a file)."""
    services.registry_snapshot_request()
    response = _notice(request, "building", 503)
    response["Retry-After"] = str(conf.snapshot_debounce_seconds() + RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # expected while a file is built: not one of the portal's faults (ERROR)
    return response


def _whole_registry(request, file_format: str):
    snapshot = selectors.registry_snapshot_current(file_format)
    if snapshot is None or selectors.registry_snapshot_outdated(snapshot):
        return _building(request)
    if file_format == "delta" and not selectors.registry_delta_is_current(snapshot):
        return _building(request)  # the changes since a file that is no longer the newest
    day = timezone.localtime(snapshot.as_of).date().isoformat()
    filename = f"business-registry-{day}.{exports.EXTENSIONS[file_format]}"
    path = conf.snapshot_dir() / snapshot.file_name
    if snapshot_files.shared():
        response = _from_storage(snapshot, filename, file_format)
        if response is None:  # the object was deleted: build it again
            return _building(request)
    elif conf.snapshot_accel_prefix():
        if not path.exists():  # the folder was emptied, or this machine does not share it
            return _building(request)
        # nginx sends the file (its internal location): no web worker is held for the length of the download.
        response = HttpResponse(content_type=exports.CONTENT_TYPES[file_format])
        response["X-Accel-Redirect"] = f"{conf.snapshot_accel_prefix().rstrip('/')}/{snapshot.file_name}"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    else:
        try:
            handle = path.open("rb")
        except FileNotFoundError:  # the folder was emptied, or this machine does not share it
            return _building(request)
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=exports.CONTENT_TYPES[file_format]
        )
        response["Accept-Ranges"] = NO_RANGES
    response["Digest"] = exports.digest_header(snapshot.sha256)
    response["X-Checksum-SHA256"] = snapshot.sha256
    response["X-Row-Count"] = str(snapshot.rows)
    response["Last-Modified"] = http_date(snapshot.as_of.timestamp())
    response["Cache-Control"] = "no-store"  # a delisting must leave every copy we serve at once
    return response


def _from_storage(snapshot, filename: str, file_format: str):
    """The file streamed from the shared object storage (snapshot_files.py) by this worker, whole (no ranges)."""
    try:
        opened = storage.open_range(snapshot_files.key(snapshot.file_name))
    except FileNotFoundError:
        return None
    response = StreamingHttpResponse(opened.chunks, content_type=exports.CONTENT_TYPES[file_format])
    response["Content-Length"] = str(opened.size)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Accept-Ranges"] = NO_RANGES
    return response


def _live(request, file_format: str):
    form = RegistryFilterForm(request.GET)
    if not form.is_valid():
        return _notice(request, "invalid", 400, form=form)
    entries = selectors.registry_search(**form.filters())
    most = conf.live_export_max_rows()
    count = selectors.registry_count_at_most(entries, most)
    if count > most:
        return _notice(request, "too_many", 400, most=most)
    rows = selectors.registry_export_rows(chunk_size=conf.export_chunk_size(), entries=entries)
    response = StreamingHttpResponse(
        exports.WRITERS[file_format](rows), content_type=exports.CONTENT_TYPES[file_format]
    )
    day = timezone.localdate().isoformat()
    name = f"business-registry-selection-{day}.{exports.EXTENSIONS[file_format]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Row-Count"] = str(count)
    response["Cache-Control"] = "no-store"
    response["Accept-Ranges"] = NO_RANGES
    return response


def _licensed(response):
    """A file sent carries the data's licence, as every open data download does."""
    if response.status_code == 200:
        response["Link"] = licence_link_header()
    return response


def _download(request, file_format: str):
    return _licensed(_live(request, file_format) if _filtered(request) else _whole_registry(request, file_format))


@require_GET
def registry_csv(request):
    return _download(request, "csv")


@require_GET
def registry_json(request):
    return _download(request, "json")


@require_GET
def registry_ftm(request):
    """The registry as FollowTheMoney entities (publications/ftm.py), one JSON object a line."""
    return _download(request, "ftm")


@require_GET
def registry_ftm_delta(request):
    """What changed between the two newest FollowTheMoney files: additions, corrections and delistings. It has no
    selection: any search or filter is refused (400), never silently ignored."""
    if request.GET:
        return _notice(request, "invalid", 400)
    return _licensed(_whole_registry(request, "delta"))


def _snapshot_row(snapshot) -> dict:
    return {
        "format": snapshot.format,
        "as_of": snapshot.as_of,
        "rows": snapshot.rows,
        "bytes": snapshot.bytes,
        "sha256": snapshot.sha256,
        "served": snapshot.is_kept,
    }


@require_GET
def registry_snapshots(request):
    """The dated files built so far with their row counts and checksums, to check a copy against."""
    page = page_of(request, selectors.registry_snapshots(), per_page=conf.registry_page_size())
    if request.GET.get("format") == "json":
        body = {
            "snapshots": [_snapshot_row(s) for s in page.object_list],
            "next_page": page.next_page_number() if page.has_next() else None,
        }
        return JsonResponse(body, headers={"Cache-Control": "no-store"})
    context = {"page_obj": page, "query": query_without_page(request)}
    return render(request, "publications/registry_snapshots.html", context)
