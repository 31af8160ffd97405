"""The public open-data pages: the catalogue (/data/), each dataset's data dictionary, the Frictionless data package
and the DCAT catalogue. None of them computes a dataset's rows: their cost does not grow with the data."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import catalogue, snapshots
from . import stats as tables
from .datasets import all_datasets, dataset
from .downloads import licensed
from .vocabularies import METHODS_OF_CONTROL_NOTE, vocabulary

REGISTRY_SNAPSHOTS = "publications:registry_snapshots"


def _json(data: dict, content_type: str) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return licensed(HttpResponse(body, content_type=content_type))


@require_safe
def catalogue_page(request):
    days = snapshots.snapshot_days(limit=settings.OPEN_DATA_SNAPSHOTS_LISTED)
    entries = [
        {"dataset": ds, "snapshot_days": days.get(ds.slug, []), "own_snapshots": not snapshots.snapshotted(ds)}
        for ds in all_datasets()
    ]
    context = {"entries": entries, "licence": catalogue.licence(), "registry_snapshots": REGISTRY_SNAPSHOTS}
    return render(request, "opendata/catalogue.html", context)


@require_safe
def data_dictionary(request, slug: str):
    ds = dataset(slug)
    if ds is None:
        raise Http404("no such dataset")
    fields = [{"field": f, "vocabulary": vocabulary(f.vocabulary)} for f in ds.fields]
    vocabularies = list({e["vocabulary"].name: e["vocabulary"] for e in fields if e["vocabulary"]}.values())
    context = {
        "dataset": ds,
        "fields": fields,
        "vocabularies": vocabularies,
        "methods_of_control_note": METHODS_OF_CONTROL_NOTE if any(v.htcds_picklist for v in vocabularies) else "",
        "licence": catalogue.licence(),
        "snapshot_days": [] if not snapshots.snapshotted(ds) else snapshots.snapshot_days().get(ds.slug, []),
        "own_snapshots": not snapshots.snapshotted(ds),
        "registry_snapshots": REGISTRY_SNAPSHOTS,
    }
    return render(request, "opendata/data_dictionary.html", context)


@require_safe
def datapackage(request):
    return _json(catalogue.data_package(), "application/json")


@require_safe
def dcat_catalog(request):
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    data = catalogue.dcat_catalog(absolute=request.build_absolute_uri, language=language)
    return _json(data, "application/ld+json")


@require_safe
def statistics(request):
    """The safe public statistics for one year (the newest by default); a year not offered is a 400 naming it."""
    offered = tables.years()
    year, error, status = offered[0], "", 200
    asked = request.GET.get("year", "").strip()
    if asked:
        if len(asked) == 4 and asked.isascii() and asked.isdigit() and int(asked) in offered:
            year = int(asked)
        else:
            error = _("Year: choose one of the years listed (%(first)s to %(last)s).") % {
                "first": offered[-1],
                "last": offered[0],
            }
            status = 400
    context = {"years": offered, "year": year, "error": error, **tables.page_context(year)}
    return render(request, "opendata/statistics.html", context, status=status)
