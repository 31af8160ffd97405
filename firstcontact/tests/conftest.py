import pytest

from taskforce import roles
from taskforce.testing.factories import OrganizationFactory
from taskforce.testing.plugin import persona
from taskforce.vocabulary import ExploitationKind


@pytest.fixture
def content(db):
    from firstcontact.services import content_load  # noqa: PLC0415 -- used by this test only

    content_load()


@pytest.fixture
def hotlines(db):
    """The national hotline (fallback everywhere) and Manitoba's hotline (routing rules for MB), made through the
    tips app's services, with a tip handler for each."""
    from tips.services import hotline_upsert, routing_rule_set  # noqa: PLC0415 -- used by this test only

    national_org = OrganizationFactory(name="National hotline (test)", slug="national-test", kind="hotline")
    mb_org = OrganizationFactory(name="Manitoba hotline (test)", slug="mb-test", kind="hotline")
    always = {"hours": {"en": "24 hours a day, 7 days a week", "fr": "24 heures sur 24, 7 jours sur 7"}}
    national = hotline_upsert(
        slug="national", organization=national_org,
        name={"en": "Canadian Human Trafficking Hotline", "fr": "Ligne d'urgence canadienne contre la traite des personnes"},
        phone="1-833-900-1010",
        is_national=True, languages="200+", **always,
    )  # fmt: skip
    manitoba = hotline_upsert(
        slug="manitoba", organization=mb_org,
        name={"en": "Manitoba Human Trafficking Hotline", "fr": "Ligne d'urgence du Manitoba contre la traite des personnes"},
        phone="1-844-333-2211", regions="MB",
        **always,
    )  # fmt: skip
    for kind in ExploitationKind.values:
        routing_rule_set(kind=kind, province="MB", hotlines=[manitoba])
    return {"national": national, "manitoba": manitoba, "national_org": national_org, "mb_org": mb_org}


mb_handler = persona(roles.TIP_HANDLER, org="hotlines", key="mb_org", full_name="Hana Handler")
national_handler = persona(roles.TIP_HANDLER, org="hotlines", key="national_org", full_name="Nate Handler")
