"""The real hotlines named in the project's source documents, and how tips are routed to them.

Nothing here is invented: names, numbers and hours come from the source documents; where a document
does not say (hours, languages), the field is left empty.
"""

from taskforce import content_files
from taskforce.language import i18n_text
from taskforce.models import Organization
from taskforce.vocabulary import ExploitationKind

from . import services

HOTLINES = [
    {
        "slug": "canadian-human-trafficking-hotline",
        "org": "cceht",
        "phone": "1-833-900-1010",
        "regions": "",
        "kinds": "",
        "is_national": True,
        # English and French, and more than 200 other languages through interpreters (its own public material).
        "languages": "en fr",
        "interpreters": True,
    },
    {
        "slug": "manitoba-human-trafficking-hotline",
        "org": "klinic",
        "phone": "1-844-333-2211",
        "regions": "MB",
        "kinds": "",
    },
    {
        "slug": "hamilton-police-victim-services",
        "org": "hamilton-police",
        "phone": "905-546-4904",
        "regions": "ON",
        "kinds": "",
    },
    {
        "slug": "chrysalis-network",
        "org": "chrysalis",
        "phone": "1-866-528-7109",
        "regions": "",
        "kinds": "sex labour",
    },
]


def load() -> list[str]:
    """The hotlines (their names, hours and descriptions from content/<code>/hotlines.yaml) and their routing;
    returns the problems found in the files."""
    texts = content_files.read("hotlines.yaml")
    orgs = {org.slug: org for org in Organization.objects.filter(slug__in=[h["org"] for h in HOTLINES])}
    hotlines = {}
    for data in HOTLINES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "org")}
        written = texts.data.get(data["slug"], {})
        fields |= {name: i18n_text(written.get(name) or {}) for name in ("name", "hours", "description")}
        hotlines[data["slug"]] = services.hotline_upsert(slug=data["slug"], organization=orgs[data["org"]], **fields)
    national = hotlines["canadian-human-trafficking-hotline"]
    for kind in ExploitationKind.values:
        # Manitoba's tips go to its own hotline; Hamilton's to the city's victim services and the national line.
        services.routing_rule_set(kind=kind, province="MB", hotlines=[hotlines["manitoba-human-trafficking-hotline"]])
        services.routing_rule_set(
            kind=kind,
            province="ON",
            city="Hamilton",
            hotlines=[hotlines["hamilton-police-victim-services"], national],
        )
    return texts.problems
