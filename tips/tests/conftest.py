import pytest

from taskforce import roles
from tips import demo
from tips.models import Hotline

from .factories import hotline_organizations


@pytest.fixture
def hotline_orgs(db):
    return hotline_organizations()


@pytest.fixture
def hotlines(hotline_orgs):
    """The real hotlines and routing rules, as `seed_demo` loads them."""
    demo.seed(password="unused")
    return {h.organization.slug: h for h in Hotline.objects.select_related("organization")}


@pytest.fixture
def handler_national(make_user, hotline_orgs):
    return make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["cceht"]], full_name="Nat Handler")


@pytest.fixture
def handler_mb(make_user, hotline_orgs):
    return make_user(roles.TIP_HANDLER, orgs=[hotline_orgs["klinic"]], full_name="Manon Handler")


@pytest.fixture
def member_national(make_user, hotline_orgs):
    """In the right organization, but not a tip handler."""
    return make_user(roles.MEMBER, orgs=[hotline_orgs["cceht"]], full_name="Mel Member")
