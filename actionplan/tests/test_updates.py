"""Posting updates: who may, what is recorded, bad input, concurrent edits, notifications, milestones."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from actionplan import selectors, services
from actionplan.models import ActionItem, Milestone, Status, StatusUpdate
from taskforce import roles
from taskforce.exceptions import Conflict
from taskforce.language import text_data
from taskforce.models import Notification

from .factories import ActionItemFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _update_url(item):
    return reverse("actionplan:item_update", args=[item.url_key])


def _form(item, **overrides):
    item.refresh_from_db()
    data = {"status": Status.CHALLENGES, "progress": 35, "reason": "Funding arrived late.", "version": item.version}
    data.update(overrides)
    return data


# ----- who may update: every role and organization combination -----------------------------------------------

ALLOWED = ["coordinator", "member_a", "member_partner"]
FORBIDDEN = ["member_b", "learner_in_lead_org", "no_role_in_lead_org", "coordinator_role_less_member_b"]


@pytest.fixture
def persona(request, make_user, org_a, org_b, coordinator, member_a, member_b, member_partner):
    people = {
        "coordinator": coordinator,
        "member_a": member_a,
        "member_partner": member_partner,
        "member_b": member_b,
        "learner_in_lead_org": make_user(roles.LEARNER, orgs=[org_a]),
        "no_role_in_lead_org": make_user(orgs=[org_a]),
        "coordinator_role_less_member_b": make_user(roles.TRAINING_MANAGER, roles.REGISTRY_EDITOR, orgs=[org_b]),
    }
    return people[request.param]


@pytest.mark.parametrize("persona", ALLOWED, indirect=True)
def test_allowed_people_post_an_update_that_lands_in_history(persona, item, login_as, client):
    login_as(persona)
    assert client.get(_update_url(item)).status_code == 200
    response = client.post(_update_url(item), _form(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.progress, item.version) == (Status.CHALLENGES, 35, 2)
    entry = StatusUpdate.objects.get(item=item)
    assert (entry.old_status, entry.new_status, entry.old_progress, entry.new_progress) == (
        Status.ON_TRACK,
        Status.CHALLENGES,
        10,
        35,
    )
    assert entry.author == persona and entry.reason == "Funding arrived late."


@pytest.mark.parametrize("persona", FORBIDDEN, indirect=True)
def test_everyone_else_gets_403_and_nothing_changes(persona, item, login_as, client):
    login_as(persona)
    assert client.get(_update_url(item)).status_code == 403
    assert client.post(_update_url(item), _form(item)).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.ON_TRACK and not StatusUpdate.objects.exists()


def test_anonymous_is_sent_to_sign_in(item, client):
    response = client.post(_update_url(item), _form(item))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not StatusUpdate.objects.exists()


def test_the_entry_records_the_organization_the_member_acts_for(item, member_partner, partner_org, post_update):
    entry = post_update(item, member_partner, progress=50)
    assert entry.organization == partner_org and entry.author_name == "Pat Partner"


def test_service_refuses_an_unrelated_member_even_when_called_directly(item, member_b, post_update):
    from django.core.exceptions import PermissionDenied  # noqa: PLC0415 -- used by this test only

    with pytest.raises(PermissionDenied):
        post_update(item, member_b, progress=50)
    assert not StatusUpdate.objects.exists()


def test_manage_lists_only_the_items_the_user_may_update(item, org_b, login_as, client, member_a, member_b):
    ActionItemFactory(plan=item.plan, number=2, slug="other", title="Led by someone else", lead_organization=org_b)
    login_as(member_a)
    page = client.get(reverse("actionplan:manage")).content.decode()
    assert text_data(item.title)["en"] in page and "Led by someone else" not in page


def test_manage_is_forbidden_to_people_without_a_plan_role(make_user, org_a, login_as, client):
    login_as(make_user(roles.LEARNER, orgs=[org_a]))
    assert client.get(reverse("actionplan:manage")).status_code == 403


# ----- bad input saves nothing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"progress": 101}, "Progress is a whole number from 0 to 100."),
        ({"progress": -3}, "Progress is a whole number from 0 to 100."),
        ({"status": "finished"}, "Select a valid choice."),
        ({"reason": "   "}, "Say what changed and why."),
        ({"status": Status.ON_TRACK, "progress": 10}, "Nothing changed"),
        ({"evidence_url": "not a link"}, "Enter a valid URL."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(item, member_a, login_as, client, overrides, message):
    login_as(member_a)
    response = client.post(_update_url(item), _form(item, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.progress, item.version) == (Status.ON_TRACK, 10, 1)
    assert not StatusUpdate.objects.exists()


def test_service_validates_too(item, member_a):
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- used by this test only

    for kwargs in ({"status": "nope"}, {"progress": 300}, {"progress": 5, "reason": ""}):
        with pytest.raises(ValidationError):
            services.item_post_update(item=item, actor=member_a, expected_version=1, **{"reason": "r", **kwargs})
    assert not StatusUpdate.objects.exists()


def test_an_evidence_file_of_an_unknown_kind_is_refused(item, member_a, login_as, client):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    login_as(member_a)
    upload = SimpleUploadedFile("tool.exe", b"MZ...", content_type="application/octet-stream")
    response = client.post(_update_url(item), {**_form(item), "evidence_file": upload})
    assert response.status_code == 400 and "Only pictures (JPEG or PNG) and PDF documents" in response.content.decode()
    assert not StatusUpdate.objects.exists()


def test_evidence_link_is_kept_with_the_entry_and_shown(item, member_a, login_as, client):
    login_as(member_a)
    client.post(
        _update_url(item), _form(item, evidence_url="https://example.org/report", evidence_title="Annual report")
    )
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'href="https://example.org/report"' in page and "Annual report" in page


# ----- optimistic version -------------------------------------------------------------------------------------


def test_an_update_based_on_an_old_version_is_refused_on_the_page(
    item, member_a, coordinator, login_as, client, post_update
):
    stale = _form(item)
    post_update(item, coordinator, progress=20)  # someone else saves first
    login_as(member_a)
    response = client.post(_update_url(item), stale)
    assert response.status_code == 400
    assert "This item changed since you opened it" in response.content.decode()
    item.refresh_from_db()
    assert (item.progress, item.version, item.updates.count()) == (20, 2, 1)


def test_service_increments_the_version_and_refuses_a_stale_one(item, member_a):
    services.item_post_update(item=item, actor=member_a, expected_version=1, progress=20, reason="r")
    with pytest.raises(Conflict):
        services.item_post_update(item=item, actor=member_a, expected_version=1, progress=30, reason="r")
    assert ActionItem.objects.get(id=item.id).version == 2


def test_progress_of_an_item_with_sub_actions_is_rolled_up_and_not_set_directly(item, member_a, org_a, client):
    ActionItemFactory(
        plan=item.plan, parent=item, number=1, slug="sub-a", lead_organization=org_a, progress=100, weight=3
    )
    ActionItemFactory(plan=item.plan, parent=item, number=2, slug="sub-b", lead_organization=org_a, progress=0)
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'value="75"' in page  # (100*3 + 0*1) / 4
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- used by this test only

    with pytest.raises(ValidationError):
        services.item_post_update(item=item, actor=member_a, expected_version=1, progress=40, reason="r")


# ----- notifications ------------------------------------------------------------------------------------------


def test_a_status_change_mails_followers_and_the_item_organizations_after_commit(
    item, member_a, member_partner, member_b, make_user, org_b, login_as, client, django_capture_on_commit_callbacks
):
    follower = make_user(roles.MEMBER, orgs=[org_b], email="follower@example.org")
    login_as(follower)
    client.post(reverse("actionplan:item_follow", args=[item.url_key]), {"follow": "1"})
    login_as(member_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_update_url(item), _form(item))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([follower.email, member_partner.email])  # not the author, not member_b
    assert "new status" in mail.outbox[0].subject


def test_a_progress_only_change_mails_nobody(item, member_a, member_partner, post_update):
    post_update(item, member_a, progress=60)
    assert not Notification.objects.exists()


def test_people_without_a_plan_role_cannot_follow(item, make_user, org_a, login_as, client):
    login_as(make_user(roles.LEARNER, orgs=[org_a]))
    response = client.post(reverse("actionplan:item_follow", args=[item.url_key]), {"follow": "1"})
    assert response.status_code == 403 and not item.followers.exists()


# ----- milestones ---------------------------------------------------------------------------------------------


def test_a_member_of_the_lead_marks_a_milestone_done_an_unrelated_member_cannot(
    item, member_a, member_b, login_as, client
):
    milestone = MilestoneFactory(item=item)
    url = reverse("actionplan:milestone_done", args=[milestone.id])
    login_as(member_b)
    assert client.post(url).status_code == 403
    assert Milestone.objects.get(id=milestone.id).done_on is None
    login_as(member_a)
    assert client.post(url).status_code == 302
    assert Milestone.objects.get(id=milestone.id).done_on is not None


def test_overdue_milestones_are_flagged_to_the_lead_organization_once(item, member_a, member_partner):
    import datetime as dt  # noqa: PLC0415 -- used by this test only

    from actionplan.tasks import milestones_flag_overdue  # noqa: PLC0415 -- used by this test only

    MilestoneFactory(item=item, due_date=dt.date(2020, 1, 1), title="Late one")
    MilestoneFactory(item=item, due_date=dt.date(2099, 1, 1), title="Not yet due")
    MilestoneFactory(item=item, due_date=dt.date(2020, 1, 1), title="Done", done_on=dt.date(2020, 1, 2))
    assert milestones_flag_overdue() == 1
    assert milestones_flag_overdue() == 0  # the second run (or a second worker) sends nothing
    sent = Notification.objects.filter(template="actionplan_milestone_overdue")
    assert [n.recipient for n in sent] == [member_a.email]  # the lead organization only
    assert "Late one" in sent[0].body_text


def test_coordinator_edits_text_with_version_check_members_cannot(item, coordinator, member_a, login_as, client):
    url = reverse("actionplan:item_edit", args=[item.url_key])
    data = {
        "title_0": "Better title",
        "description": "d",
        "lead_organization": item.lead_organization_id,
        "weight": 1,
        "version": 1,
    }
    login_as(member_a)
    assert client.post(url, data).status_code == 403
    login_as(coordinator)
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "title_0": "Stale"}).status_code == 400  # version 1 is now stale
    item.refresh_from_db()
    assert (text_data(item.title)["en"], item.version) == ("Better title", 2)


def test_members_of_the_item_add_milestones_unrelated_members_cannot(item, member_partner, member_b, login_as, client):
    url = reverse("actionplan:milestone_add", args=[item.url_key])
    data = {"title_0": "Pilot done", "due_date": "2030-01-31"}
    login_as(member_b)
    assert client.post(url, data).status_code == 403
    login_as(member_partner)
    assert client.post(url, {"title_0": "", "due_date": "soon"}).status_code == 400
    assert not Milestone.objects.exists()
    assert client.post(url, data).status_code == 302
    assert "Pilot done" in client.get(item.get_absolute_url()).content.decode()


def test_an_admin_edit_moves_the_version_so_open_forms_notice(item, make_user, org_a, login_as, client):
    admin_user = make_user(orgs=[org_a], is_staff=True, is_superuser=True, email="admin2@example.org")
    login_as(admin_user)
    url = reverse("admin:actionplan_actionitem_change", args=[item.id])
    data = {
        "plan": item.plan_id,
        "number": 1,
        "slug": "first",
        "title_0": "Renamed in admin",
        "description": "d",
        "lead_organization": item.lead_organization_id,
        "partners": [],
        "weight": 1,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    }
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert (text_data(item.title)["en"], item.version) == ("Renamed in admin", 2)


def test_an_evidence_document_is_stored_and_linked_from_the_timeline(item, member_a, login_as, client):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    from actionplan.models import Evidence  # noqa: PLC0415 -- used by this test only
    from taskforce.tests.files import hostile_pdf  # noqa: PLC0415 -- used by this test only

    login_as(member_a)
    upload = SimpleUploadedFile("minutes.pdf", hostile_pdf(), content_type="application/pdf")
    response = client.post(_update_url(item), {**_form(item), "evidence_file": upload, "evidence_title": "Minutes"})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.update == StatusUpdate.objects.get() and evidence.file.read().startswith(b"%PDF-")
    download = reverse("actionplan:evidence_file", args=[evidence.id])
    assert f'href="{download}"' in client.get(item.get_absolute_url()).content.decode()


def test_manage_lists_items_in_plan_order_with_the_progress_the_public_sees(
    item, org_a, login_as, client, coordinator, post_update
):
    """Sub-actions follow their parent (1, 2, 4, 4.1, 4.2; not 1, 4.1, 2, 4.2), and a parent shows the progress
    rolled up from its sub-actions, as its public page does (not its own 0 %)."""
    four = ActionItemFactory(plan=item.plan, number=4, slug="four", lead_organization=org_a)
    ActionItemFactory(plan=item.plan, number=2, slug="two", lead_organization=org_a)
    post_update(
        ActionItemFactory(plan=item.plan, number=1, slug="four-one", parent=four, lead_organization=org_a),
        coordinator,
        progress=40,
    )
    post_update(
        ActionItemFactory(plan=item.plan, number=2, slug="four-two", parent=four, lead_organization=org_a),
        coordinator,
        progress=66,
    )
    login_as(coordinator)
    page = client.get(reverse("actionplan:manage")).content.decode()
    numbers = re.findall(r'<th scope="row">([\d.]+)</th>', page)
    assert numbers == ["1", "2", "4", "4.1", "4.2"]
    public = selectors.item_state(four).progress
    assert public == 53
    row = page.split('<th scope="row">4</th>')[1].split("</tr>")[0]
    assert f">{public}%</td>" in row
