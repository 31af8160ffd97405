"""The one list of the portal's public datasets (issue 19): each app's data, the safe statistics, described once so
that every download, the data dictionary, the Frictionless data package and the DCAT catalogue come from the same
description. An app registers its datasets in its `AppConfig.ready()` or at import of a module listed in
`opendata.apps`; nothing else lists datasets."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import format_lazy

from taskforce.language import text_data

# Frictionless Table Schema field types used here.
STRING, INTEGER, NUMBER, DATE, DATETIME, BOOLEAN = "string", "integer", "number", "date", "datetime", "boolean"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str | Promise
    # Where the values come from a shared vocabulary: its name and how it maps to the Human Trafficking Case Data
    # Standard (HTCDS) picklist or the Criminal Code / IRPA provision, for the data dictionary.
    vocabulary: str = ""
    mapping: str | Promise = ""


@dataclass(frozen=True)
class Dataset:
    slug: str  # the download's file name and the catalogue's identifier: "tips-by-month"
    title: str | Promise
    description: str | Promise
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[dict]]  # the rows as dicts keyed by field name, computed when downloaded
    theme: str = ""  # "plan", "statistics", "registry", "hotlines"
    method: str | Promise = ""  # how it was made safe (suppression, noise), said on the page and in the dictionary
    keywords: tuple[str, ...] = field(default_factory=tuple)
    # Formats its app builds as whole files in the background and serves itself: {format: URL name}. /data/ sends
    # a reader there (302): a dataset too large to write within a request is never cut short by a worker's timeout.
    files: dict[str, str] = field(default_factory=dict)


_REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    if dataset.slug in _REGISTRY and _REGISTRY[dataset.slug] is not dataset:
        raise ValueError(f"two datasets named {dataset.slug!r}")
    _REGISTRY[dataset.slug] = dataset
    return dataset


def all_datasets() -> list[Dataset]:
    return sorted(_REGISTRY.values(), key=lambda d: (d.theme, d.slug))


def dataset(slug: str) -> Dataset | None:
    return _REGISTRY.get(slug)


def _column(name: str, code: str) -> str:
    return name if code == settings.LANGUAGE_CODE else f"{name}_{code.replace('-', '_')}"


def translated_fields(name: str, description: str | Promise) -> tuple[Field, ...]:
    """A stored text as columns: `name` in the source language, then `name_<code>` for every other language of
    settings.LANGUAGES, empty where it has no translation (a dataset says what is written, it does not fall back)."""
    return tuple(
        Field(
            _column(name, code),
            STRING,
            format_lazy("{description} ({language})", description=description, language=language_name),
        )
        for code, language_name in settings.LANGUAGES
    )


def translated_values(name: str, value) -> dict[str, str]:
    """The columns of `translated_fields(name, …)` for one stored text."""
    data = text_data(value)
    return {_column(name, code): data.get(code, "") for code, _language in settings.LANGUAGES}
