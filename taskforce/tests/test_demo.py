import io

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


def test_load_reference_loads_the_real_data_alone_and_seed_demo_adds_the_fictional_data():
    from actionplan.models import ActionItem, Milestone, Plan, StatusUpdate  # noqa: PLC0415 -- used by this test only
    from firstcontact.models import RightsPage  # noqa: PLC0415 -- used by this test only
    from publications.models import Publication, RegistryEntry  # noqa: PLC0415 -- used by this test only
    from tips.models import Hotline, RoutingRule  # noqa: PLC0415 -- used by this test only
    from training.models import Assignment, Course  # noqa: PLC0415 -- used by this test only

    call_command("load_reference")
    call_command("load_reference")  # idempotent, like seed_demo
    assert Organization.objects.filter(slug="cceht").exists() and Hotline.objects.filter(is_national=True).exists()
    assert RoutingRule.objects.filter(province="MB").exists()
    assert Plan.objects.filter(is_current=True).exists() and ActionItem.objects.exists()
    assert Course.objects.exclude(current_version=None).exists() and RightsPage.objects.exists()
    assert Publication.objects.exists()
    # Nothing fictional: no accounts, no demo history or milestones, no invented registry entries, no assignments.
    assert not User.objects.exists() and not StatusUpdate.objects.filter(is_demo=True).exists()
    assert not Milestone.objects.exists() and not RegistryEntry.objects.exists() and not Assignment.objects.exists()

    call_command("seed_demo", password="a-demo-password-2026")
    assert User.objects.exists() and RegistryEntry.objects.filter(is_fictional=True).exists()
    assert Milestone.objects.filter(is_demo=True).exists()


def test_seed_demo_says_which_password_it_set_and_never_echoes_a_chosen_one():
    from taskforce.management.commands.seed_demo import DEFAULT_PASSWORD  # noqa: PLC0415 -- used by this test only

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert repr(DEFAULT_PASSWORD) in out.getvalue()
    assert User.objects.get(email=DEMO_ACCOUNTS[0][0]).check_password(DEFAULT_PASSWORD)
    out = io.StringIO()
    call_command("seed_demo", password="a-chosen-password-2026", stdout=out)
    assert "the one you gave with --password" in out.getvalue() and "a-chosen-password-2026" not in out.getvalue()
