"""The registry in the FollowTheMoney (FtM) format, the entity model of OpenSanctions and Aleph, so that screening
tools (yente, nomenklatura) load it as they load a sanctions list: one JSON object per line, each an entity
`{"id", "schema", "properties": {name: [values]}}`.

Each published entry is two entities: a `Company` (names, identifiers, address, country, sector) and a `Sanction`
on it, the registry's finding (authority, file number, legal basis, decision, listing and review dates, summary).
The `followthemoney` package itself is not used: it needs PyICU compiled from source (through `normality`), which
a fresh machine cannot install from wheels alone; the entities are written by hand against its published schema,
and the properties used are listed in PROPERTIES (the tests check every line against it).

Deltas (`delta_chunks`) say what changed between two consecutive files, as OpenSanctions' delta files do: one line
per entity, `{"op": "ADD" | "MOD" | "DEL", "entity": ...}`. A delisting is a DEL of both entities carrying only
their ids and the delisting date: a delisted business's name leaves every file we keep."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils.translation import override

from .models import Industry, LegalBasis, RegistryEntry

CONTENT_TYPE = "application/x-ndjson; charset=utf-8"
ID_PREFIX = "httf-registry-"
TOPIC = "crime.traffick"  # FtM's topic for trafficking
PROGRAM = "Human Trafficking Task Force business registry"

# The FtM schemata and the properties of each that this file writes (followthemoney/schema/*.yaml).
PROPERTIES = {
    "Company": {"name", "alias", "address", "country", "jurisdiction", "registrationNumber", "taxNumber",
                "sourceUrl", "topics", "sector", "notes", "modifiedAt"},
    "Sanction": {"entity", "authority", "authorityId", "program", "provisions", "reason", "summary", "status",
                 "startDate", "listingDate", "endDate", "country", "sourceUrl", "modifiedAt"},
}  # fmt: skip


def company_id(public_id: str) -> str:
    return f"{ID_PREFIX}{public_id.lower()}"


def sanction_id(public_id: str) -> str:
    return f"{ID_PREFIX}{public_id.lower()}-finding"


def _labels() -> dict:
    with override(settings.LANGUAGE_CODE):  # the file is in one language, as the CSV's codes are
        return {
            "industry": {value: str(label) for value, label in Industry.choices},
            "legal_basis": {value: str(label) for value, label in LegalBasis.choices},
            "status": {value: str(label) for value, label in RegistryEntry.Status.choices},
        }


def _iso(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _date(value) -> str:
    return _iso(value)[:10]


def _props(**values) -> dict:
    """FtM properties: lists of strings, without empty values."""
    out = {}
    for name, value in values.items():
        items = value if isinstance(value, list) else [value]
        items = [str(v) for v in items if v not in (None, "")]
        if items:
            out[name] = items
    return out


def entities(row: dict, labels: dict) -> list[dict]:
    """The two entities of one published entry, from a row of `selectors.registry_export_rows` with its `url`."""
    aliases = row["aliases"] if isinstance(row["aliases"], list) else row["aliases"].splitlines()
    address = ", ".join(part for part in (row["address"], row["city"], row["province"]) if part)
    company = {
        "id": company_id(row["public_id"]),
        "schema": "Company",
        "properties": _props(
            name=row["legal_name"],
            alias=[a.strip() for a in aliases if a.strip()],
            address=address,
            country="ca",
            jurisdiction="ca",
            registrationNumber=row["corporate_registry_number"],
            taxNumber=row["business_number"],
            sourceUrl=row["url"],
            topics=TOPIC,
            sector=labels["industry"].get(row["industry"], row["industry"]),
            notes="Fictional entry (demonstration only)" if row["is_fictional"] else "",
            modifiedAt=_iso(row["updated_at"]),
        ),
    }
    sanction = {
        "id": sanction_id(row["public_id"]),
        "schema": "Sanction",
        "properties": _props(
            entity=company["id"],
            authority=row["authority"],
            authorityId=row["file_number"],
            program=PROGRAM,
            provisions=labels["legal_basis"].get(row["legal_basis"], row["legal_basis"]),
            reason=row["summary"],
            status=labels["status"].get(row["status"], row["status"]),
            startDate=_date(row["decision_date"]),
            listingDate=_date(row["published_at"]),
            endDate=_date(row["review_on"]),
            country="ca",
            sourceUrl=row["url"],
            modifiedAt=_iso(row["updated_at"]),
        ),
    }
    return [company, sanction]


def _line(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False) + "\n"


def ftm_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """The whole file: two lines per entry (rows carry their `url`: exports adds it)."""
    labels = _labels()
    for row in rows:
        for entity in entities(row, labels):
            yield _line(entity)


def delta_chunks(changes: Iterable[tuple[str, dict]]) -> Iterator[str]:
    """`changes`: ("ADD" | "MOD", row) for entries public now, ("DEL", {"public_id", "delisted_at"}) for delisted."""
    labels = _labels()
    for op, row in changes:
        if op == "DEL":
            delisted = _iso(row["delisted_at"])
            for entity_id, schema in (
                (company_id(row["public_id"]), "Company"),
                (sanction_id(row["public_id"]), "Sanction"),
            ):
                yield _line({"op": "DEL", "entity": {"id": entity_id, "schema": schema}, "delisted_at": delisted})
            continue
        for entity in entities(row, labels):
            yield _line({"op": op, "entity": entity})
