import pytest

from actionplan import services
from taskforce import roles

from .factories import ActionItemFactory, PlanFactory


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def partner_org(db):
    from taskforce.testing.factories import OrganizationFactory  # noqa: PLC0415 -- used by this test only

    return OrganizationFactory(name="ACT Alberta (test)", slug="org-partner", kind="community")


@pytest.fixture
def item(plan, org_a, partner_org):
    """Led by org_a (member_a's organization), with a partner organization; org_b (member_b) is unrelated."""
    return ActionItemFactory(plan=plan, number=1, slug="first", lead_organization=org_a, partners=[partner_org])


@pytest.fixture
def member_partner(make_user, partner_org):
    return make_user(roles.MEMBER, orgs=[partner_org], full_name="Pat Partner")


@pytest.fixture
def post_update():
    def do(item, actor, **kwargs):
        kwargs.setdefault("reason", "Because things moved.")
        item.refresh_from_db()
        return services.item_post_update(item=item, actor=actor, expected_version=item.version, **kwargs)

    return do


@pytest.fixture(autouse=True)
def _english_by_default():
    """A French request leaves French active in the thread; reverse() in the next test must not inherit it."""
    from django.utils import translation  # noqa: PLC0415 -- used by this test only

    translation.activate("en")
    yield
    translation.activate("en")
