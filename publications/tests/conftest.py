import pytest

from taskforce import roles
from taskforce.testing.plugin import persona


@pytest.fixture(autouse=True)
def snapshot_dir(settings, tmp_path):
    """Each test's registry download files in a folder of its own."""
    settings.REGISTRY_SNAPSHOT_DIR = str(tmp_path / "registry-snapshots")
    return tmp_path / "registry-snapshots"


editor = persona(roles.REGISTRY_EDITOR, org="org_a", full_name="Eddie Editor")
approver = persona(roles.REGISTRY_APPROVER, org="org_a", full_name="Abby Approver")
# One person holding both registry roles: may draft and approve, but never approve their own draft.
editor_approver = persona(roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER, org="org_a", full_name="Bo Both")


@pytest.fixture
def published_entry(editor):
    from .factories import make_entry  # noqa: PLC0415 -- used by this test only

    return make_entry(
        created_by=editor,
        legal_name="Crème Brûlée Hospitality Inc.",
        aliases="Brulee Rooms",
        city="Edmonton",
        industry="hospitality",
        legal_basis="conviction",
    )
