import base64

import pytest

from taskforce import roles
from taskforce.testing.plugin import persona
from tips import keys, reference
from tips.models import Hotline

from .factories import HOTLINE_ORGS, hotline_organizations


@pytest.fixture
def hotline_orgs(db):
    return hotline_organizations()


@pytest.fixture
def hotlines(hotline_orgs, escrow_keys):
    """The real hotlines and routing rules, as `seed_demo` loads them, each with an escrow key (issue 23: a tip
    nobody could read is refused, and most tests send tips before any handler exists)."""
    reference.load()
    found = {h.organization.slug: h for h in Hotline.objects.select_related("organization")}
    for slug, hotline in found.items():
        hotline.escrow_public_key = base64.b64encode(escrow_keys[slug].public).decode()
        hotline.save(update_fields=["escrow_public_key"])
    return found


@pytest.fixture
def escrow_keys() -> dict:
    """An escrow key pair per hotline organization (the private halves stay with the test, as offline)."""
    return {slug: keys.keypair_new() for slug, _name in HOTLINE_ORGS}


handler_national = persona(roles.TIP_HANDLER, org="hotline_orgs", key="cceht", full_name="Nat Handler")
handler_mb = persona(roles.TIP_HANDLER, org="hotline_orgs", key="klinic", full_name="Manon Handler")
# In the right organization, but not a tip handler.
member_national = persona(roles.MEMBER, org="hotline_orgs", key="cceht", full_name="Mel Member")


@pytest.fixture(autouse=True)
def _tips_settings(settings, tmp_path):
    """No minimum fill time unless a test asks for one; a media folder of the test's own."""
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def handler_client(client, handler_national):
    from taskforce.testing.auth import login  # noqa: PLC0415 -- used by this test only

    return login(client, handler_national)


@pytest.fixture
def national(hotlines):
    return hotlines["cceht"]


@pytest.fixture
def manitoba(hotlines):
    return hotlines["klinic"]


# Runs the national hotline's team (labels, statistics, escalations); reads no tip by this role.
coordinator_national = persona(
    roles.HOTLINE_COORDINATOR, org="hotline_orgs", key="cceht", full_name="Nadia Coordinator"
)
coordinator_mb = persona(roles.HOTLINE_COORDINATOR, org="hotline_orgs", key="klinic", full_name="Marc Coordinator")
