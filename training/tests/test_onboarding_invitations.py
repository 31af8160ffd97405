"""Training managers invite learners of their own organization; the invited person sets a password and becomes a
Learner of that organization only (issue 20)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from taskforce import roles
from taskforce.models import Membership, Notification, User
from training.models import Invitation, LearnerProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-enough-pass-2026"
INVITATIONS = reverse("training:invitations")


def invite(client, organization, email="new.person@gov.example", name="Nia New", audience="justice"):
    data = {"organization": organization.id, "email": email, "name": name, "audience": audience}
    return client.post(INVITATIONS, data)


def link_in(message, name: str) -> str:
    prefix = reverse(name, kwargs={"token": "TOKEN"}).split("TOKEN")[0]
    found = re.search(re.escape(prefix) + r"([A-Za-z0-9_-]+)/", message.body)
    assert found, message.body
    return f"{prefix}{found[1]}/"


@pytest.fixture
def invited(login_as, manager_a, org_a, django_capture_on_commit_callbacks):
    """A manager of org A invites one person; returns the link mailed to them."""
    client = login_as(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, org_a)
    assert response.status_code == 302
    client.logout()
    (message,) = [m for m in mail.outbox if "new.person@gov.example" in m.to]
    return link_in(message, "training:invitation_accept")


def accept(client, link, name="Nia New", password=PASSWORD, again=None):
    return client.post(link, {"full_name": name, "password": password, "password_again": again or password})


def test_the_invited_person_sets_a_password_and_is_a_learner_of_that_organization_only(client, invited, org_a):
    page = client.get(invited)
    assert page.status_code == 200 and "Create my account" in page.content.decode()

    response = accept(client, invited)

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    user = User.objects.get(email="new.person@gov.example")
    assert user.check_password(PASSWORD) and user.full_name == "Nia New"
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNER}
    assert list(Membership.objects.filter(user=user).values_list("organization_id", flat=True)) == [org_a.id]
    assert LearnerProfile.objects.get(user=user).audience == "justice"
    signed_in = client.post(reverse("accounts:login"), {"username": "NEW.person@gov.example", "password": PASSWORD})
    assert signed_in.status_code == 302 and client.get(reverse("training:my_learning")).status_code == 200


def test_the_link_works_once(client, invited):
    assert accept(client, invited).status_code == 302
    again = client.get(invited)
    assert again.status_code == 410 and "This link no longer works" in again.content.decode()
    assert accept(client, invited, name="Someone Else").status_code == 410
    assert User.objects.filter(email__iexact="new.person@gov.example").count() == 1


def test_an_expired_link_gives_a_clear_page(client, invited):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(invited).status_code == 410
    assert accept(client, invited).status_code == 410
    assert not User.objects.filter(email="new.person@gov.example").exists()


def test_an_unknown_or_mangled_token_is_a_404_page_not_a_500(client):
    assert client.get(reverse("training:invitation_accept", kwargs={"token": "nope"})).status_code == 404
    assert client.get(reverse("training:invitation_accept", kwargs={"token": "x" * 500})).status_code == 404


def test_a_weak_or_mismatched_password_is_refused_with_the_validators_message(client, invited):
    weak = accept(client, invited, password="password")
    assert weak.status_code == 400 and "too common" in weak.content.decode()
    differ = accept(client, invited, again="another-Long-pass-2026")
    assert differ.status_code == 400 and "The two passwords differ." in differ.content.decode()
    assert not User.objects.filter(email="new.person@gov.example").exists()
    assert accept(client, invited).status_code == 302  # the link still works after a refused form


def test_the_token_is_stored_nowhere_but_as_a_hash(invited):
    token = invited.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash and token not in invitation.token_hash
    row = Notification.objects.get(template="training_invitation")
    assert token not in row.body_text and token not in row.body_html and "SECRET-MADE-AT-SENDING" in row.body_text


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    client, login_as, manager_a, invited, django_capture_on_commit_callbacks
):
    invitation = Invitation.objects.get()
    mail.outbox.clear()
    manager = login_as(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(reverse("training:invitation_resend", args=[invitation.id]))
    assert response.status_code == 302
    new_link = link_in(mail.outbox[-1], "training:invitation_accept")
    manager.logout()
    assert new_link != invited
    assert client.get(invited).status_code == 404
    assert client.get(new_link).status_code == 200


def test_a_revoked_invitation_link_no_longer_works(client, login_as, manager_a, invited):
    invitation = Invitation.objects.get()
    manager = login_as(manager_a)
    assert manager.post(reverse("training:invitation_revoke", args=[invitation.id])).status_code == 302
    assert "was revoked" in manager.get(INVITATIONS).content.decode()  # the message, once
    assert "new.person@gov.example" not in manager.get(INVITATIONS).content.decode()
    manager.logout()
    assert client.get(invited).status_code == 410
    assert accept(client, invited).status_code == 410
    assert not User.objects.filter(email="new.person@gov.example").exists()


def test_an_address_with_an_account_gets_no_second_one_but_joins_once_signed_in(
    client, make_user, org_b, login_as, manager_a, org_a, django_capture_on_commit_callbacks
):
    existing = make_user(roles.LEARNER, orgs=[org_b], email="both@gov.example", full_name="Bo Both")
    with django_capture_on_commit_callbacks(execute=True):
        invite(login_as(manager_a), org_a, email="Both@Gov.example")
    client.logout()
    link = link_in(mail.outbox[-1], "training:invitation_accept")

    page = client.get(link)
    assert page.status_code == 200 and "An account already uses this address" in page.content.decode()
    assert accept(client, link).status_code == 400  # signed out: nothing is made, nothing joined
    assert User.objects.filter(email__iexact="both@gov.example").count() == 1

    login_as(existing)
    assert client.post(link).status_code == 302
    assert set(existing.memberships.values_list("organization_id", flat=True)) == {org_a.id, org_b.id}
    assert client.post(link).status_code == 410


def test_only_the_invited_account_may_join_with_the_link(
    client, make_user, login_as, manager_a, org_a, learner_b, django_capture_on_commit_callbacks
):
    make_user(roles.LEARNER, email="both@gov.example")
    with django_capture_on_commit_callbacks(execute=True):
        invite(login_as(manager_a), org_a, email="both@gov.example")
    link = link_in(mail.outbox[-1], "training:invitation_accept")
    login_as(learner_b)  # someone else, signed in
    assert client.post(link).status_code == 400
    assert not learner_b.memberships.filter(organization=org_a).exists()


@pytest.mark.parametrize("role", [roles.TRAINING_MANAGER, roles.MEMBER])
def test_an_account_with_a_staff_role_cannot_join_another_organization_by_invitation(
    client, make_user, org_b, login_as, manager_a, org_a, django_capture_on_commit_callbacks, role
):
    """A role is held in every organization of its holder: another organization's training manager who joined
    "as a learner" would manage this organization's learners, invitations and report (outside review)."""
    other = make_user(role, roles.LEARNER, orgs=[org_b], email="other.manager@gov.example")
    with django_capture_on_commit_callbacks(execute=True):
        invite(login_as(manager_a), org_a, email="other.manager@gov.example")
    link = link_in(mail.outbox[-1], "training:invitation_accept")
    login_as(other)
    response = client.post(link, follow=True)
    assert "holds a staff role" in response.content.decode()
    assert not other.memberships.filter(organization=org_a).exists()
    assert client.get(reverse("training:manager_report"), {"organization": org_a.id}).status_code in (403, 404)


def test_the_password_may_not_be_the_persons_own_name(client, invited):
    response = accept(client, invited, name="Marguerite Beauchamp", password="Marguerite Beauchamp")
    assert response.status_code == 400 and "too similar" in response.content.decode()
    assert not User.objects.filter(email="new.person@gov.example").exists()


def test_the_plain_text_mail_writes_a_name_as_typed(login_as, manager_a, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(login_as(manager_a), org_a, name="Olivia O'Brien & Sons")
    (message,) = [m for m in mail.outbox if "new.person@gov.example" in m.to]
    assert "Hello Olivia O'Brien & Sons," in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "O&#x27;Brien &amp; Sons" in html  # the HTML part stays escaped


# ----- the manager's pages ----------------------------------------------------------------------------------------


def test_a_manager_invites_and_lists_only_their_organization(login_as, manager_a, org_a, manager_b, org_b):
    client = login_as(manager_a)
    assert invite(client, org_a).status_code == 302
    page = client.get(INVITATIONS).content.decode()
    assert "new.person@gov.example" in page
    other = login_as(manager_b)
    assert "new.person@gov.example" not in other.get(INVITATIONS).content.decode()


def test_a_case_variant_of_an_invited_or_member_address_is_refused(login_as, manager_a, org_a, learner):
    client = login_as(manager_a)
    assert invite(client, org_a, email="new.person@gov.example").status_code == 302
    again = invite(client, org_a, email="NEW.Person@GOV.example")
    assert again.status_code == 400 and "already invited" in again.content.decode()
    member = invite(client, org_a, email=learner.email.upper())
    assert member.status_code == 400 and "already a member" in member.content.decode()
    assert Invitation.objects.count() == 1


def test_a_manager_cannot_invite_to_another_organization_by_a_tampered_post(login_as, manager_a, org_b):
    response = invite(login_as(manager_a), org_b)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_manager_of_another_organization_can_neither_resend_nor_revoke(
    login_as, manager_a, manager_b, org_a, django_capture_on_commit_callbacks
):
    invite(login_as(manager_a), org_a)
    invitation = Invitation.objects.get()
    other = login_as(manager_b)
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert other.post(reverse("training:invitation_resend", args=[invitation.id])).status_code == 404
    assert other.post(reverse("training:invitation_revoke", args=[invitation.id])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and len(mail.outbox) == sent_before


@pytest.mark.parametrize("who", ["learner", "member_a", None])
def test_people_who_are_not_training_managers_cannot_reach_the_pages(client, login_as, request, who, org_a):
    if who:
        login_as(request.getfixturevalue(who))
    for path in (INVITATIONS, reverse("training:signups")):
        response = client.get(path)
        assert response.status_code in (302, 403, 404)
        if who:
            assert response.status_code == 403
    response = client.post(
        INVITATIONS, {"organization": org_a.id, "email": "x@y.ca", "name": "X", "audience": "justice"}
    )
    assert response.status_code in (302, 403) and not Invitation.objects.exists()
