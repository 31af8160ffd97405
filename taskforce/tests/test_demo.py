import io

import pytest
from django.core.management import call_command
from django.utils import timezone

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


def _demo_counts() -> dict:
    from actionplan.models import IndicatorValue, ProgressReport  # noqa: PLC0415 -- used by this test only
    from publications.models import Publication, RegistryChange, RegistryEntry  # noqa: PLC0415 -- used by this test only
    from tips.models import Delivery, Tip  # noqa: PLC0415 -- used by this test only
    from training.models import Assignment, Attempt, Certificate, Enrolment  # noqa: PLC0415 -- used by this test only

    models = (User, Membership, Enrolment, Attempt, Certificate, Assignment, RegistryEntry, RegistryChange)
    models += (ProgressReport, Publication, IndicatorValue, Tip, Delivery)
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_fills_every_page_with_data_that_says_it_is_fictional_and_a_second_run_adds_nothing(client):
    from actionplan.models import Indicator, IndicatorValue, ProgressReport  # noqa: PLC0415 -- used by this test only
    from publications.models import Publication, RegistryChange, RegistryEntry  # noqa: PLC0415 -- used by this test only
    from tips.models import Tip  # noqa: PLC0415 -- used by this test only
    from training.demo import LEARNERS, STAGES, demo_learner_email  # noqa: PLC0415 -- used by this test only
    from training.models import Assignment, Attempt, Certificate  # noqa: PLC0415 -- used by this test only

    call_command("seed_demo", password="a-demo-password-2026", stdout=io.StringIO())
    first = _demo_counts()
    today = timezone.localdate()

    # Several learners in each organization, one at each stage of the seed course, every one named fictional.
    for _email, org_slug, _audience in LEARNERS:
        people = {stage: User.objects.get(email=demo_learner_email(org_slug, stage)) for stage in STAGES}
        assert all("(fictional)" in person.full_name for person in people.values())
        assert all(person.memberships.filter(organization__slug=org_slug).exists() for person in people.values())
        assert not people["not_started"].enrolments.exists()
        in_progress = people["in_progress"].enrolments.get()
        assert in_progress.steps_done and in_progress.completed_at is None
        passed = people["passed"].enrolments.get()
        assert passed.completed_at and Certificate.objects.get(enrolment=passed).learner_name.endswith("(fictional)")
        failed = people["failed"].enrolments.get()
        assert failed.completed_at is None
        assert Attempt.objects.filter(enrolment=failed, quiz="final", passed=False).exists()
        overdue = Assignment.objects.get(user=people["overdue"])
        assert overdue.due_on < today and not people["overdue"].enrolments.exists()

    # The registry: every entry fictional; one under appeal and one delisted, through the workflow's steps.
    assert not RegistryEntry.objects.filter(is_fictional=False).exists()
    appealed = RegistryEntry.objects.get(status=RegistryEntry.Status.UNDER_APPEAL)
    assert appealed.changes.filter(kind=RegistryChange.Kind.APPEAL, reason__startswith="Demonstration").exists()
    assert appealed.steps.filter(action="approved").exists() and appealed.approved_by.full_name.endswith("(fictional)")
    delisted = RegistryEntry.objects.get(status=RegistryEntry.Status.DELISTED)
    assert delisted.delisted_at and delisted.delisting_reason.startswith("Demonstration")
    assert delisted.changes.filter(kind=RegistryChange.Kind.DELISTING).exists()
    assert "(fictional)" in appealed.legal_name and "(fictional)" in delisted.legal_name
    assert client.get(f"/en/registry/{delisted.public_id}/").status_code == 200  # the delisting notice

    # A published progress report, listed in /publications/, whose demo history says it is demonstration data.
    report = ProgressReport.objects.get()
    assert Publication.objects.filter(kind=Publication.Kind.PROGRESS_REPORT, external_url=report.get_absolute_url())
    page = client.get(report.get_absolute_url())
    assert page.status_code == 200 and "Demonstration data" in page.content.decode()

    # Indicators measured over several periods, each value marked demonstration data.
    for indicator in Indicator.objects.filter(is_demo=True):
        assert indicator.values.filter(is_demo=True).count() >= 2
    assert not IndicatorValue.objects.filter(is_demo=False).exists()

    # Tips in whole months, each saying it is fictional; the statistics show Alberta's counts and hide the small ones.
    assert Tip.objects.count() >= 50
    # sealed to the national hotline's demo handler (the tips' escalation target), whose key the demo password opens
    from tips import keyring, sealing  # noqa: PLC0415 -- used by this test only

    handler = User.objects.get(email="handler@demo.example")
    private = keyring.key_open_with_password(handler, "a-demo-password-2026")
    texts = [sealing.tip_open_for_handler(tip, handler, private).what_happened for tip in Tip.objects.all()]
    assert all(text.startswith("Fictional demonstration tip") for text in texts)
    from opendata import stats  # noqa: PLC0415 -- used by this test only

    last = stats.last_complete_month(today)
    table = next(t for t in stats.tips_tables(last.year) if t.key == f"tips-{last:%Y-%m}")
    at_row = {code: i for i, (code, _label) in enumerate(table.rows)}
    at_column = {code: j for j, (code, _label) in enumerate(table.columns)}
    assert "Tips received in" in client.get("/en/statistics/").content.decode()
    assert table.protected.row_totals[at_row[("AB", "web")]] == 36 and table.protected.total == 45
    assert table.protected.cells[at_row[("BC", "web")]][at_column["labour"]] is None  # 3: below the threshold
    assert table.protected.cells[at_row[("AB", "web")]][at_column["labour"]] is None  # 13, but it would give 3 away

    call_command("seed_demo", password="a-demo-password-2026", stdout=io.StringIO())
    assert _demo_counts() == first
