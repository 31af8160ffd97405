"""The real hotlines named in the project's source documents, and how tips are routed to them.

Nothing here is invented: names, numbers and hours come from the source documents; where a document
does not say (hours, languages), the field is left empty.
"""

from taskforce.models import Organization
from taskforce.vocabulary import ExploitationKind

from . import services

HOTLINES = [
    {
        "slug": "canadian-human-trafficking-hotline",
        "org": "cceht",
        "name": "Canadian Human Trafficking Hotline",
        "name_fr": "Ligne d'urgence canadienne contre la traite des personnes",
        "phone": "1-833-900-1010",
        "hours": "24 hours a day, 7 days a week",
        "hours_fr": "24 heures sur 24, 7 jours sur 7",
        "description": "The national, confidential hotline: it takes tips and links people with help anywhere in Canada.",
        "description_fr": "La ligne nationale et confidentielle : elle reçoit les signalements et oriente vers de "
        "l'aide partout au Canada.",
        "regions": "",
        "kinds": "",
        "is_national": True,
    },
    {
        "slug": "manitoba-human-trafficking-hotline",
        "org": "klinic",
        "name": "Manitoba Human Trafficking Hotline",
        "name_fr": "Ligne d'urgence du Manitoba contre la traite des personnes",
        "phone": "1-844-333-2211",
        "hours": "24 hours a day, 7 days a week",
        "hours_fr": "24 heures sur 24, 7 jours sur 7",
        "description": "Toll-free line run by Manitoba with Klinic Community Health Centre: crisis counselling, "
        "safety planning and referrals for people who are or were trafficked, and for those close to them.",
        "description_fr": "Ligne sans frais du Manitoba, tenue avec le Klinic Community Health Centre : écoute en "
        "situation de crise, plan de sécurité et orientation pour les personnes victimes de traite, actuelles ou "
        "passées, et pour leurs proches.",
        "regions": "MB",
        "kinds": "",
    },
    {
        "slug": "hamilton-police-victim-services",
        "org": "hamilton-police",
        "name": "Hamilton Police Victim Services",
        "name_fr": "Services aux victimes de la police de Hamilton",
        "phone": "905-546-4904",
        "description": "Hamilton Police Service's victim services branch: practical help, emotional support and "
        "referrals for victims of crime, human trafficking included.",
        "description_fr": "La direction des services aux victimes de la police de Hamilton : aide concrète, soutien "
        "moral et orientation pour les victimes d'actes criminels, dont la traite des personnes.",
        "regions": "ON",
        "kinds": "",
    },
    {
        "slug": "chrysalis-network",
        "org": "chrysalis",
        "name": "Chrysalis Anti-Human Trafficking Network",
        "name_fr": "Réseau anti-traite Chrysalis",
        "phone": "1-866-528-7109",
        "description": "Free, confidential trauma counselling by telephone for women, men and youth exploited "
        "for commercial sex or forced labour.",
        "description_fr": "Soutien psychologique gratuit et confidentiel par téléphone pour les femmes, les hommes et "
        "les jeunes exploités à des fins sexuelles commerciales ou de travail forcé.",
        "regions": "",
        "kinds": "sex labour",
    },
]


def load() -> None:
    orgs = {org.slug: org for org in Organization.objects.filter(slug__in=[h["org"] for h in HOTLINES])}
    hotlines = {}
    for data in HOTLINES:
        fields = {k: v for k, v in data.items() if k not in ("slug", "org")}
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
