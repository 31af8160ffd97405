"""The business registry in the portal's one list of public datasets (opendata.datasets), imported by
`opendata.apps.OpendataConfig.ready()`: its fields typed and described once, for the data dictionary, the data
package and the catalogue. The rows are those of the registry's CSV and JSON downloads, in the same order."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from opendata.datasets import BOOLEAN, DATE, DATETIME, STRING, Dataset, Field, register

from . import conf, exports, selectors


def registry_rows():
    """Every published entry, as in the downloads (keyset pages: flat memory at a million entries)."""
    rows = selectors.registry_export_rows(chunk_size=conf.export_chunk_size())
    for row in exports.rows_with_url(rows):
        yield {column: row[column] for column in selectors.EXPORT_COLUMNS}


FIELDS = {
    "public_id": Field("public_id", STRING, _("The registry's own identifier of the entry (HT-…); it never changes.")),
    "legal_name": Field("legal_name", STRING, _("The legal name of the business.")),
    "aliases": Field("aliases", STRING, _("Operating names and aliases, one a line.")),
    "address": Field("address", STRING, _("The business's address, when published.")),
    "city": Field("city", STRING, _("City of the business.")),
    # Province and Industry name the vocabularies of opendata/vocabularies.py, whose dictionary tables map them
    # to ISO 3166-2 and to the HTCDS labour-industry picklist.
    "province": Field(
        "province", STRING, _("Province or territory, by its two-letter postal code."), vocabulary="Province"
    ),
    "industry": Field("industry", STRING, _("The industry the business works in."), vocabulary="Industry"),
    "legal_basis": Field(
        "legal_basis",
        STRING,
        _("What the finding rests on: a criminal conviction, a court order or an administrative finding."),
        vocabulary="legal_basis",
    ),
    "authority": Field("authority", STRING, _("The court or body that made the finding.")),
    "decision_date": Field("decision_date", DATE, _("Date of the decision.")),
    "file_number": Field("file_number", STRING, _("File or citation number of the decision.")),
    "summary": Field("summary", STRING, _("Public summary of the finding about the business.")),
    "review_on": Field("review_on", DATE, _("The entry is delisted the day after this date unless renewed.")),
    "status": Field(
        "status", STRING, _("published, corrected (published after a correction) or under_appeal."), vocabulary="status"
    ),
    "published_at": Field("published_at", DATETIME, _("When the entry was published.")),
    "updated_at": Field("updated_at", DATETIME, _("When the entry last changed.")),
    "is_fictional": Field("is_fictional", BOOLEAN, _("True for an invented entry shown for demonstration only.")),
    "url": Field("url", STRING, _("The entry's public page.")),
    "corporate_registry_number": Field(
        "corporate_registry_number", STRING, _("The business's number in its province's corporate registry.")
    ),
    "business_number": Field(
        "business_number",
        STRING,
        _("The Canada Revenue Agency Business Number: nine digits, with a program account when given (RT0001)."),
    ),
}

BUSINESS_REGISTRY = register(
    Dataset(
        slug="business-registry",
        title=_("Business registry"),
        description=_(
            "Businesses named by a conviction, court order or administrative finding for facilitating human "
            "trafficking, as published: never a private individual. Delisted entries leave the dataset at once."
        ),
        fields=tuple(FIELDS[column] for column in selectors.EXPORT_COLUMNS),
        rows=registry_rows,
        theme="registry",
        keywords=("registry", "business", "human trafficking", "followthemoney"),
        # The whole registry is the file the registry builds after each change (a million entries cannot be
        # written within one request): its JSON lists the entries under "entries".
        files={"csv": "publications:registry_csv", "json": "publications:registry_json"},
    )
)
