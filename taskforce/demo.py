"""Demo data for the task force itself: one demo account per role, in the organizations `reference.py` loads.
Demo people are fictional and say so in their names."""

from . import reference, roles
from .models import Organization
from .services import user_create_or_update

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
    (
        "hotline.coordinator@demo.example",
        "Demo Hotline Coordinator, national hotline (fictional)",
        [roles.HOTLINE_COORDINATOR],
        ["cceht"],
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
    reference.load()
    orgs = {org.slug: org for org in Organization.objects.all()}
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
