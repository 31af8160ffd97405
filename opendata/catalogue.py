"""The catalogue of the public datasets (opendata.datasets), in the three shapes others read it in: the licence, a
Frictionless Data Package (datapackage.json: Table Schema per dataset, paths to the CSVs) and a DCAT catalogue in
JSON-LD (what a CKAN harvester with ckanext-dcat reads). All three are made from the one list of datasets."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .datasets import Dataset, all_datasets

# DCAT themes: the EU's data theme vocabulary (the one DCAT-AP and ckanext-dcat know), by our dataset themes.
THEME_VOCABULARY = "http://publications.europa.eu/resource/authority/data-theme/"
THEMES = {"plan": "GOVE", "indicators": "GOVE", "statistics": "JUST", "registry": "ECON", "hotlines": "SOCI"}
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def licence() -> dict:
    """{name, url, identifier} of the licence every dataset is published under (setting OPEN_DATA_LICENCE)."""
    return dict(settings.OPEN_DATA_LICENCE)


def publisher() -> dict:
    """{name, url} of the publisher (setting OPEN_DATA_PUBLISHER)."""
    return dict(settings.OPEN_DATA_PUBLISHER)


def licence_link_header() -> str:
    """The `Link` header value that states the licence on a download (RFC 8288, relation "license")."""
    return f'<{licence()["url"]}>; rel="license"'


def theme_uri(dataset: Dataset) -> str:
    return THEME_VOCABULARY + THEMES.get(dataset.theme, "GOVE")


def table_schema(dataset: Dataset) -> dict:
    """The dataset's Frictionless Table Schema: its fields with their types and descriptions."""
    return {"fields": [{"name": f.name, "type": f.type, "description": str(f.description)} for f in dataset.fields]}


def data_package(*, generated_at=None) -> dict:
    """The Frictionless Data Package of every dataset. Resource paths are relative to datapackage.json (the CSVs
    sit beside it under /data/), so a copy of the folder is a valid package too."""
    lic = licence()
    licences = [{"name": lic["identifier"], "path": lic["url"], "title": lic["name"]}]
    return {
        "profile": "tabular-data-package",
        "name": "human-trafficking-task-force",
        "title": _("Open data of the Human Trafficking Task Force"),
        "licenses": licences,
        "contributors": [{"title": publisher()["name"], "path": publisher()["url"], "role": "publisher"}],
        "created": (generated_at or timezone.now()).isoformat(timespec="seconds"),
        "resources": [
            {
                "name": ds.slug,
                "title": str(ds.title),
                "description": str(ds.description),
                "path": f"{ds.slug}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": licences,
                "schema": table_schema(ds),
            }
            for ds in all_datasets()
        ],
    }


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _literal(text, language: str) -> dict:
    return {"@value": str(text), "@language": language}


def dcat_catalog(*, absolute, language: str, modified=None) -> dict:
    """The DCAT catalogue as JSON-LD. `absolute(path)` makes a path a full URL (request.build_absolute_uri)."""
    lic = {"@id": licence()["url"]}
    pub = publisher()
    agent = {"@id": pub["url"], "@type": "foaf:Organization", "foaf:name": pub["name"]}
    modified = {"@value": (modified or timezone.now()).isoformat(timespec="seconds"), "@type": "xsd:dateTime"}
    datasets = []
    for ds in all_datasets():
        page = absolute(reverse("opendata:data_dictionary", args=[ds.slug]))
        distributions = [
            {
                "@id": absolute(reverse(f"opendata:dataset_{fmt}", args=[ds.slug])),
                "@type": "dcat:Distribution",
                "dct:title": _literal(f"{ds.title} ({fmt.upper()})", language),
                "dcat:downloadURL": {"@id": absolute(reverse(f"opendata:dataset_{fmt}", args=[ds.slug]))},
                "dcat:accessURL": {"@id": page},
                "dcat:mediaType": MEDIA_TYPES[fmt],
                "dct:format": fmt.upper(),
                "dct:license": lic,
            }
            for fmt in ("csv", "json")
        ]
        datasets.append(
            {
                "@id": page,
                "@type": "dcat:Dataset",
                "dct:identifier": ds.slug,
                "dct:title": _literal(ds.title, language),
                "dct:description": _literal(ds.description, language),
                "dcat:keyword": [_literal(k, language) for k in ds.keywords]
                or [_literal(ds.theme, settings.LANGUAGE_CODE)],
                "dcat:theme": {"@id": theme_uri(ds)},
                "dcat:landingPage": {"@id": page},
                "dct:publisher": agent,
                "dct:license": lic,
                "dct:modified": modified,
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": DCAT_CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _literal(_("Open data of the Human Trafficking Task Force"), language),
        "dct:description": _literal(
            _("Public datasets of the task force: the action plan, safe statistics, the registry and the hotlines."),
            language,
        ),
        "dct:publisher": agent,
        "dct:license": lic,
        "dct:modified": modified,
        "dct:language": language,
        "dcat:dataset": datasets,
    }
