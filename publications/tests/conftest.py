import pytest

from taskforce import roles


@pytest.fixture(autouse=True)
def snapshot_dir(settings, tmp_path):
    """Each test's registry download files in a folder of its own."""
    settings.REGISTRY_SNAPSHOT_DIR = str(tmp_path / "registry-snapshots")
    return tmp_path / "registry-snapshots"


@pytest.fixture
def editor(make_user, org_a):
    return make_user(roles.REGISTRY_EDITOR, orgs=[org_a], full_name="Eddie Editor")


@pytest.fixture
def approver(make_user, org_a):
    return make_user(roles.REGISTRY_APPROVER, orgs=[org_a], full_name="Abby Approver")


@pytest.fixture
def editor_approver(make_user, org_a):
    """One person holding both registry roles: may draft and approve, but never approve their own draft."""
    return make_user(roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER, orgs=[org_a], full_name="Bo Both")


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
