"""Demo data for the task force itself: the real organizations named in the source documents, and one
demo account per role. Demo people are fictional and say so in their names."""

from . import roles
from .models import Organization
from .services import organization_upsert, user_create_or_update

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

# (email, name, roles, organization slugs, staff?). Names are marked fictional.
DEMO_ACCOUNTS = [
    ("admin@demo.example", "Demo Administrator (fictional)", [roles.COORDINATOR], ["alberta-justice"], True),
    ("coordinator@demo.example", "Demo Coordinator (fictional)", [roles.COORDINATOR], ["alberta-justice"], False),
    ("member@demo.example", "Demo Member, Alberta Justice (fictional)", [roles.MEMBER], ["alberta-justice"], False),
    ("labour@demo.example", "Demo Member, Labour (fictional)", [roles.MEMBER], ["alberta-labour"], False),
    ("outsider@demo.example", "Demo Member, Hamilton Police (fictional)", [roles.MEMBER], ["hamilton-police"], False),
    ("handler@demo.example", "Demo Tip Handler, national hotline (fictional)", [roles.TIP_HANDLER], ["cceht"], False),
    (
        "handler.mb@demo.example",
        "Demo Tip Handler, Manitoba hotline (fictional)",
        [roles.TIP_HANDLER],
        ["klinic"],
        False,
    ),
    ("editor@demo.example", "Demo Registry Editor (fictional)", [roles.REGISTRY_EDITOR], ["alberta-justice"], False),
    (
        "approver@demo.example",
        "Demo Registry Approver (fictional)",
        [roles.REGISTRY_APPROVER],
        ["alberta-justice"],
        False,
    ),
    (
        "trainer@demo.example",
        "Demo Training Manager, Alberta Justice (fictional)",
        [roles.TRAINING_MANAGER],
        ["alberta-justice"],
        False,
    ),
    (
        "trainer.act@demo.example",
        "Demo Training Manager, ACT Alberta (fictional)",
        [roles.TRAINING_MANAGER],
        ["act-alberta"],
        False,
    ),
    ("learner@demo.example", "Demo Learner, Alberta Justice (fictional)", [roles.LEARNER], ["alberta-justice"], False),
    ("learner.act@demo.example", "Demo Learner, ACT Alberta (fictional)", [roles.LEARNER], ["act-alberta"], False),
]


def seed(*, password: str) -> None:
    orgs = {}
    for slug, name, name_fr, kind in ORGANIZATIONS:
        orgs[slug] = organization_upsert(slug=slug, name=name, name_fr=name_fr, kind=kind)
    for email, name, role_names, org_slugs, staff in DEMO_ACCOUNTS:
        user_create_or_update(
            email=email,
            full_name=name,
            password=password,
            roles=role_names,
            organizations=[orgs[s] for s in org_slugs],
            is_staff=staff,
            is_superuser=staff,
        )
