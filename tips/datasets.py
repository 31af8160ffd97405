"""The hotlines directory as an open dataset (opendata.datasets): the public fields only (name, phone, regions,
kinds, languages, hours), read through the selectors; never anything about tips or their handlers."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from opendata.datasets import STRING, Dataset, Field, register, translated_fields, translated_values

from . import selectors


def rows() -> Iterator[dict]:
    for hotline in selectors.hotlines_public():
        yield {
            **translated_values("name", hotline.name),
            "phone": hotline.phone,
            "regions": hotline.regions,
            "kinds": hotline.kinds,
            "languages": hotline.languages,
            **translated_values("hours", hotline.hours),
        }


HOTLINES = register(
    Dataset(
        slug="hotlines",
        title=_("Hotlines directory"),
        description=_(
            "The hotlines that receive tips and calls, with the provinces, kinds of exploitation and languages they "
            "serve, as listed on the hotlines page."
        ),
        theme="hotlines",
        method=_("The public directory; nothing about tips, callers or the people who answer."),
        keywords=("hotlines", "human trafficking", "help"),
        rows=rows,
        fields=(
            *translated_fields("name", _("Name of the hotline")),
            Field("phone", STRING, _("Phone number to call.")),
            Field(
                "regions",
                STRING,
                _("Provinces and territories served, codes separated by spaces; empty: the whole country."),
                vocabulary="Province",
            ),
            Field(
                "kinds",
                STRING,
                _("Kinds of exploitation served, codes separated by spaces; empty: every kind."),
                vocabulary="ExploitationKind",
                mapping=_("Each code maps to an HTCDS type of exploitation and to the Criminal Code, as shown below."),
            ),
            Field(
                "languages",
                STRING,
                _("Languages a caller can speak, codes separated by spaces; empty: not stated."),
            ),
            *translated_fields("hours", _("Opening hours")),
        ),
    )
)
