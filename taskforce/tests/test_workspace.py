"""The staff workspace ("My work"): each role sees what waits for it, with counts and due dates, scoped as the
pages it links to are (a handler of one hotline never sees another's tips, a training manager never another
organization's learners), and the page costs the same number of queries with ten times the rows."""

import datetime as dt
import re
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.text import slugify

from actionplan.models import Status
from actionplan.tests.factories import ActionItemFactory, MilestoneFactory, PlanFactory
from publications.models import RegistryCorrection, RegistryEntry
from publications.tests.factories import make_entry
from taskforce import roles
from taskforce.testing.auth import login
from taskforce.testing.factories import UserFactory
from tips import reference, services
from tips.models import Delivery, Hotline, TipReminder
from tips.tests.factories import hotline_organizations, tip_data
from training.models import Assignment
from training.tests.factories import make_course

pytestmark = pytest.mark.django_db

URL = "/en/staff/"
_n = count(1)


def page(client, user) -> str:
    login(client, user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, role: str) -> str:
    """The workspace section of one role ('' when the page has none)."""
    found = re.search(rf'<section [^>]*data-role="{slugify(role)}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def orgs(db):
    return hotline_organizations()


@pytest.fixture
def hotlines(orgs):
    reference.load()
    return {h.organization.slug: h for h in Hotline.objects.select_related("organization")}


@pytest.fixture
def handler_national(make_user, orgs):
    return make_user(roles.TIP_HANDLER, orgs=[orgs["cceht"]], full_name="Nat Handler")


@pytest.fixture
def handler_mb(make_user, orgs):
    return make_user(roles.TIP_HANDLER, orgs=[orgs["klinic"]], full_name="Manon Handler")


def tip_to(hotline, **overrides):
    """A tip routed to `hotline` only (its deliveries elsewhere withdrawn), with a text nobody should see here."""
    tip = services.tip_submit(form_data=tip_data(what_happened="SECRET-TIP-TEXT farm workers", **overrides)).tip
    Delivery.objects.filter(tip=tip).exclude(hotline=hotline).update(state=Delivery.State.WITHDRAWN)
    if not Delivery.objects.filter(tip=tip, hotline=hotline).exists():
        Delivery.objects.create(tip=tip, hotline=hotline)
    return tip


# ----- tip handlers ---------------------------------------------------------------------------------------------


def test_a_handler_sees_the_tips_to_open_of_their_hotlines_urgent_first_never_a_tips_text(
    client, hotlines, handler_national
):
    national = hotlines["cceht"]
    calm = tip_to(national)
    urgent = tip_to(national, danger_now=True)
    html = section(page(client, handler_national), roles.TIP_HANDLER)
    assert "2 tips to open" in html
    assert html.index(urgent.reference) < html.index(calm.reference), "urgent first"
    assert "Urgent" in html and ("open by" in html or "overdue since" in html)
    assert f"/en/tips/staff/inbox/{urgent.id}/" in html
    assert "SECRET-TIP-TEXT" not in html and "Brooks" not in html


def test_a_handler_of_another_hotline_does_not_see_them(client, hotlines, handler_national, handler_mb):
    tip = tip_to(hotlines["cceht"])
    mine = tip_to(hotlines["klinic"], province="MB", city="Winnipeg")
    html = section(page(client, handler_mb), roles.TIP_HANDLER)
    assert tip.reference not in html
    assert mine.reference in html and "1 tip to open" in html


def test_a_tip_opened_by_its_hotline_or_closed_no_longer_waits(client, hotlines, handler_national):
    national = hotlines["cceht"]
    opened, closed = tip_to(national), tip_to(national)
    Delivery.objects.filter(tip=opened).update(opened_at=timezone.now())
    type(closed).objects.filter(id=closed.id).update(status="closed")
    html = section(page(client, handler_national), roles.TIP_HANDLER)
    assert opened.reference not in html and closed.reference not in html
    assert "0 tips to open" in html


def test_a_handler_sees_their_hotlines_reminders_with_dates_not_their_reasons(
    client, hotlines, handler_national, handler_mb
):
    national = hotlines["cceht"]
    tip = tip_to(national)
    Delivery.objects.filter(tip=tip).update(opened_at=timezone.now())
    day = timezone.localdate() + dt.timedelta(days=3)
    TipReminder.objects.create(
        tip=tip, hotline=national, created_by=handler_national, remind_on=day, reason="SECRET-REASON"
    )
    html = section(page(client, handler_national), roles.TIP_HANDLER)
    assert tip.reference in html and day.isoformat() in html and "1 follow-up date" in html
    assert "SECRET-REASON" not in html
    client.logout()
    other = section(page(client, handler_mb), roles.TIP_HANDLER)
    assert tip.reference not in other and "No follow-up date" in other


# ----- task force members and coordinators: the action plan --------------------------------------------------


@pytest.fixture
def plan_items(org_a, org_b):
    plan = PlanFactory()
    mine = ActionItemFactory(plan=plan, lead_organization=org_a)
    theirs = ActionItemFactory(plan=plan, lead_organization=org_b)
    done = ActionItemFactory(plan=plan, lead_organization=org_a, status=Status.COMPLETE)
    return mine, theirs, done


def test_a_member_sees_the_milestones_of_their_organizations_items_overdue_first(client, plan_items, member_a):
    mine, theirs, done = plan_items
    today = timezone.localdate()
    later = MilestoneFactory(item=mine, title={"en": "Later step"}, due_date=today + dt.timedelta(days=20))
    late = MilestoneFactory(item=mine, title={"en": "Late step"}, due_date=today - dt.timedelta(days=5))
    MilestoneFactory(item=mine, title={"en": "Done step"}, due_date=today - dt.timedelta(days=9), done_on=today)
    MilestoneFactory(item=theirs, title={"en": "Their step"}, due_date=today - dt.timedelta(days=5))
    MilestoneFactory(item=done, title={"en": "Closed item step"}, due_date=today - dt.timedelta(days=5))
    html = section(page(client, member_a), roles.MEMBER)
    assert "2 milestones to update" in html and "1 overdue" in html
    assert html.index("Late step") < html.index("Later step")
    assert late.due_date.isoformat() in html and later.due_date.isoformat() in html
    assert f"/en/action-plan/staff/{mine.url_key}/update/" in html
    for hidden in ("Their step", "Done step", "Closed item step"):
        assert hidden not in html


def test_a_member_of_another_organization_does_not_see_them(client, plan_items, member_b):
    mine, theirs, _done = plan_items
    MilestoneFactory(item=mine, title={"en": "Org A step"}, due_date=timezone.localdate())
    html = section(page(client, member_b), roles.MEMBER)
    assert "Org A step" not in html and "0 milestones to update" in html


# ----- registry editors and approvers ------------------------------------------------------------------------


@pytest.fixture
def editor(make_user, org_a):
    return make_user(roles.REGISTRY_EDITOR, orgs=[org_a], full_name="Eddie Editor")


@pytest.fixture
def approver(make_user, org_a):
    return make_user(roles.REGISTRY_APPROVER, orgs=[org_a], full_name="Abby Approver")


def test_registry_editors_and_approvers_see_what_waits_for_their_step(client, editor, approver):
    S = RegistryEntry.Status
    draft = make_entry(created_by=editor, status=S.DRAFT, legal_name="Draft Dining Ltd.")
    review = make_entry(created_by=editor, status=S.LEGAL_REVIEW, legal_name="Review Rooms Inc.")
    approved = make_entry(
        created_by=editor, status=S.APPROVED, legal_name="Approved Autos Ltd.", notified_on=dt.date(2026, 1, 1)
    )
    published = make_entry(created_by=editor, legal_name="Published Plumbing Ltd.")
    RegistryCorrection.objects.create(entry=published, proposed_by=editor, reason="A typo.", proposed={})
    html = page(client, editor)
    edits = section(html, roles.REGISTRY_EDITOR)
    assert "Draft Dining Ltd." in edits and "1 of your drafts" in edits and draft.public_id in edits
    assert section(html, roles.REGISTRY_APPROVER) == "", "an editor has no approver section"
    client.logout()
    html = page(client, approver)
    assert section(html, roles.REGISTRY_EDITOR) == ""
    approves = section(html, roles.REGISTRY_APPROVER)
    assert "1 entry in legal review to approve" in approves and review.public_id in approves
    assert "1 approved entry to publish" in approves and "2026-01-15" in approves  # 14 days of representations
    assert "1 correction to approve" in approves and "Published Plumbing Ltd." in approves
    assert "Draft Dining Ltd." not in approves and approved.public_id in approves


def test_an_approver_is_not_asked_to_approve_what_they_drafted(client, make_user, org_a):
    both = make_user(roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER, orgs=[org_a], full_name="Bo Both")
    make_entry(created_by=both, status=RegistryEntry.Status.LEGAL_REVIEW, legal_name="Own Review Ltd.")
    corrected = make_entry(created_by=both, legal_name="Own Correction Ltd.")
    RegistryCorrection.objects.create(entry=corrected, proposed_by=both, reason="Mine.", proposed={})
    approves = section(page(client, both), roles.REGISTRY_APPROVER)
    assert "Own Review Ltd." not in approves and "0 entries in legal review" in approves
    assert "Own Correction Ltd." not in approves and "0 corrections to approve" in approves


# ----- training managers ---------------------------------------------------------------------------------------


def overdue_assignment(course, organization, manager, learner=None):
    assignment = Assignment.objects.create(course=course, organization=organization, created_by=manager, user=learner)
    Assignment.objects.filter(id=assignment.id).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    return assignment


@pytest.fixture
def managers(make_user, org_a, org_b):
    return (
        make_user(roles.TRAINING_MANAGER, orgs=[org_a], full_name="Mona Manager"),
        make_user(roles.TRAINING_MANAGER, orgs=[org_b], full_name="Max Manager"),
    )


def test_a_training_manager_sees_their_organizations_overdue_learners_only(client, make_user, org_a, org_b, managers):
    manager_a, manager_b = managers
    course = make_course()
    learner_a = make_user(roles.LEARNER, orgs=[org_a], full_name="Léa Apprenante")
    learner_b = make_user(roles.LEARNER, orgs=[org_b], full_name="Ben Learner")
    overdue_assignment(course, org_a, manager_a, learner_a)
    overdue_assignment(course, org_b, manager_b, learner_b)
    html = section(page(client, manager_a), roles.TRAINING_MANAGER)
    assert "Léa Apprenante" in html and "1 overdue assignment" in html
    assert (timezone.localdate() - dt.timedelta(days=3)).isoformat() in html
    assert f"organization={org_a.id}" in html and "show=overdue" in html
    assert "Ben Learner" not in html
    client.logout()
    html = section(page(client, manager_b), roles.TRAINING_MANAGER)
    assert "Ben Learner" in html and "Léa Apprenante" not in html


# ----- nobody else; the links stay ------------------------------------------------------------------------------


def test_a_person_without_a_staff_role_sees_no_section_but_keeps_their_links(
    client, hotlines, handler_national, outsider, org_a
):
    tip_to(hotlines["cceht"])
    html = page(client, outsider)
    assert "<section" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Change your password" in html


def test_a_learner_and_a_member_without_the_role_see_no_other_sections(
    client, hotlines, handler_national, make_user, orgs
):
    """In a hotline's organization, but not a tip handler: no tips section."""
    member = make_user(roles.MEMBER, orgs=[orgs["cceht"]], full_name="Mel Member")
    tip_to(hotlines["cceht"])
    html = page(client, member)
    assert section(html, roles.MEMBER)
    for role in (roles.TIP_HANDLER, roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER, roles.TRAINING_MANAGER):
        assert section(html, role) == ""


def test_a_person_with_several_roles_gets_a_heading_for_each(client, make_user, hotlines, orgs):
    person = make_user(
        roles.TIP_HANDLER,
        roles.MEMBER,
        roles.REGISTRY_EDITOR,
        roles.TRAINING_MANAGER,
        orgs=[orgs["cceht"]],
        full_name="Many Hats",
    )
    html = page(client, person)
    for label in ("Tip handler", "Task force member", "Registry editor", "Training manager"):
        assert re.search(rf"<h2 [^>]*>{label}</h2>", html), label
    assert "Tips inbox" in html and "Registry workflow" in html, "the links list is still below"


# ----- the cost does not grow with the rows ---------------------------------------------------------------------


def fill(scale, *, hotline, org, person, course, plan):
    today = timezone.localdate()
    for _ in range(scale):
        tip = tip_to(hotline, danger_now=next(_n) % 2 == 0)
        TipReminder.objects.create(tip=tip, hotline=hotline, created_by=person, remind_on=today, reason="r")
        item = ActionItemFactory(plan=plan, lead_organization=org)
        MilestoneFactory(item=item, due_date=today - dt.timedelta(days=1))
        make_entry(created_by=person, status=RegistryEntry.Status.DRAFT)
        entry = make_entry(created_by=person)
        RegistryCorrection.objects.create(entry=entry, proposed_by=person, reason="r", proposed={})
        learner = UserFactory(roles=[roles.LEARNER], organizations=[org])
        overdue_assignment(course, org, person, learner)


def test_the_workspace_costs_the_same_queries_with_ten_times_the_rows(
    client, make_user, hotlines, orgs, django_assert_max_num_queries
):
    org = orgs["cceht"]
    person = make_user(
        roles.TIP_HANDLER,
        roles.MEMBER,
        roles.REGISTRY_EDITOR,
        roles.REGISTRY_APPROVER,
        roles.TRAINING_MANAGER,
        orgs=[org],
        full_name="Many Hats",
    )
    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org], full_name="Other Approver")
    course, plan = make_course(), PlanFactory()
    args = {"hotline": hotlines["cceht"], "org": org, "course": course, "plan": plan}
    fill(1, person=person, **args)
    login(client, approver)
    with CaptureQueriesContext(connection) as at_1x:
        assert client.get(URL).status_code == 200
    login(client, person)
    with CaptureQueriesContext(connection) as at_1x_all:
        assert client.get(URL).status_code == 200
    fill(9, person=person, **args)
    cache.clear()  # the counts kept in the cache (unread tips, the training report's figures) are counted again
    with django_assert_max_num_queries(len(at_1x_all)):
        response = client.get(URL)
    assert "10 tips to open" in response.content.decode()
    login(client, approver)
    with django_assert_max_num_queries(len(at_1x)):
        html = client.get(URL).content.decode()
    assert "10 corrections to approve" in html
