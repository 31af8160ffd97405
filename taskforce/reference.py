"""Reference data of the task force itself: the real organizations named in the source documents. Loaded by
`manage.py load_reference` (production runs it alone) and by `seed_demo` before the demo accounts."""

from .models import Organization
from .services import organization_upsert

K = Organization.Kind

# Real organizations named in the project's source documents.
ORGANIZATIONS = [
    ("alberta-justice", "Alberta Justice", "Justice Alberta", K.MINISTRY),
    ("alberta-labour", "Alberta Ministry of Labour", "Ministère du Travail de l'Alberta", K.MINISTRY),
    ("act-alberta", "ACT Alberta (Action Coalition on Human Trafficking)", "ACT Alberta", K.COMMUNITY),
    ("ccr", "Canadian Council for Refugees", "Conseil canadien pour les réfugiés", K.COMMUNITY),
    (
        "cceht",
        "Canadian Centre to End Human Trafficking",
        "Centre canadien pour mettre fin à la traite des personnes",
        K.HOTLINE,
    ),
    ("klinic", "Klinic Community Health Centre", "Klinic Community Health Centre", K.HOTLINE),
    ("hamilton-police", "Hamilton Police Service", "Service de police de Hamilton", K.POLICE),
    ("chrysalis", "Chrysalis Anti-Human Trafficking Network", "Réseau anti-traite Chrysalis", K.HOTLINE),
    ("public-safety-canada", "Public Safety Canada", "Sécurité publique Canada", K.AGENCY),
]


def load() -> None:
    for slug, name, name_fr, kind in ORGANIZATIONS:
        organization_upsert(slug=slug, name=name, name_fr=name_fr, kind=kind)
