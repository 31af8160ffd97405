import pytest
from django.core.management import call_command

from taskforce import roles
from taskforce.demo import DEMO_ACCOUNTS
from taskforce.models import Membership, Organization, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_makes_one_account_per_role():
    call_command("seed_demo", password="a-demo-password-2026")
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    call_command("seed_demo", password="a-demo-password-2026")
    assert counts == (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).exists(), role
    for email, name, *_ in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert "fictional" in user.full_name
        assert user.check_password("a-demo-password-2026")
