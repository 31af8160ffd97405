"""Self-registration for the organizations that opened it: the address confirmed by mail, then the account at once
(an address of the organization's domains) or on a training manager's approval (issue 20)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from taskforce import roles
from taskforce.models import Membership, User
from training.models import LearnerProfile, OnboardingPolicy, SignupRequest

from .test_onboarding_invitations import PASSWORD, link_in

pytestmark = pytest.mark.django_db

SIGNUP = reverse("training:signup")


@pytest.fixture
def open_a(org_a):
    return OnboardingPolicy.objects.create(organization=org_a, self_registration=True, email_domains="gov.example\n")


def register(client, organization, email="sam@gov.example", **extra):
    data = {
        "organization": organization.id,
        "full_name": "Sam Self",
        "email": email,
        "audience": "ministry",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **extra,
    }
    return client.post(SIGNUP, data)


@pytest.fixture
def confirm_link(client, open_a, org_a, django_capture_on_commit_callbacks):
    def do(email="sam@gov.example"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = register(client, org_a, email=email)
        assert response.status_code == 302 and response["Location"] == reverse("training:signup_sent")
        (message,) = mail.outbox
        return link_in(message, "training:signup_confirm")

    return do


def test_an_address_of_the_organizations_domain_gets_its_account_once_confirmed(client, confirm_link, org_a):
    link = confirm_link("Sam@GOV.example")
    assert not User.objects.filter(email__iexact="sam@gov.example").exists()  # nothing before the confirmation
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner confirms nothing
    assert not User.objects.filter(email__iexact="sam@gov.example").exists()

    done = client.post(link)

    assert done.status_code == 200 and "Your account is ready." in done.content.decode()
    user = User.objects.get(email="sam@gov.example")
    assert user.check_password(PASSWORD)
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNER}
    assert list(Membership.objects.filter(user=user).values_list("organization_id", flat=True)) == [org_a.id]
    assert LearnerProfile.objects.get(user=user).audience == "ministry"
    assert SignupRequest.objects.get().password_hash == ""
    assert client.post(link).status_code == 410  # single use


def test_a_subdomain_is_not_the_domain(client, confirm_link):
    link = confirm_link("sam@evil.gov.example")
    done = client.post(link)
    assert "will look at your registration" in done.content.decode()
    assert not User.objects.filter(email="sam@evil.gov.example").exists()


def test_an_expired_confirmation_link_gives_a_clear_page(client, confirm_link):
    link = confirm_link()
    SignupRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(link).status_code == 410
    assert client.post(link).status_code == 410
    assert not User.objects.filter(email="sam@gov.example").exists()


def test_another_domain_waits_for_a_manager_of_that_organization(
    client, confirm_link, login_as, manager_a, manager_b, org_a, django_capture_on_commit_callbacks
):
    link = confirm_link("pat@elsewhere.example")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link)
    assert "will look at your registration" in done.content.decode()
    assert [m.to for m in mail.outbox] == [[manager_a.email]]
    signup = SignupRequest.objects.get()
    decide = reverse("training:signup_decide", args=[signup.id])

    other = login_as(manager_b)  # a manager of another organization sees nothing and decides nothing
    assert "pat@elsewhere.example" not in other.get(reverse("training:signups")).content.decode()
    assert other.post(decide, {"decision": "approve"}).status_code == 404
    assert not User.objects.filter(email="pat@elsewhere.example").exists()

    manager = login_as(manager_a)
    assert "pat@elsewhere.example" in manager.get(reverse("training:signups")).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert manager.post(decide, {"decision": "approve"}).status_code == 302
    user = User.objects.get(email="pat@elsewhere.example")
    assert user.check_password(PASSWORD) and user.memberships.get().organization == org_a
    assert mail.outbox[0].to == ["pat@elsewhere.example"] and "ready" in mail.outbox[0].subject
    assert manager.post(decide, {"decision": "refuse"}).status_code == 404  # decided once


def test_a_refused_request_makes_no_account_and_the_person_is_told(
    client, confirm_link, login_as, manager_a, django_capture_on_commit_callbacks
):
    client.post(confirm_link("pat@elsewhere.example"))
    signup = SignupRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login_as(manager_a).post(reverse("training:signup_decide", args=[signup.id]), {"decision": "refuse"})
    assert not User.objects.filter(email="pat@elsewhere.example").exists()
    assert mail.outbox[0].to == ["pat@elsewhere.example"] and "not approved" in mail.outbox[0].subject
    assert SignupRequest.objects.get().password_hash == ""


def test_a_learner_cannot_decide(client, confirm_link, login_as, learner):
    client.post(confirm_link("pat@elsewhere.example"))
    signup = SignupRequest.objects.get()
    response = login_as(learner).post(reverse("training:signup_decide", args=[signup.id]), {"decision": "approve"})
    assert response.status_code == 403
    assert not User.objects.filter(email="pat@elsewhere.example").exists()


def test_organizations_that_did_not_open_registration_are_not_offered_nor_accepted(client, open_a, org_b):
    page = client.get(SIGNUP).content.decode()
    assert "Alberta Justice (test)" in page and "Hamilton Police (test)" not in page
    response = register(client, org_b)  # a tampered POST
    assert response.status_code == 400 and not SignupRequest.objects.exists()


def test_no_role_or_second_organization_can_be_slipped_into_the_form(
    client, open_a, org_a, org_b, django_capture_on_commit_callbacks
):
    assert client.post(SIGNUP, {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = register(
            client, org_a, roles=roles.COORDINATOR, role=roles.TRAINING_MANAGER, is_staff="on", organizations=[org_b.id]
        )
    assert response.status_code == 302
    client.post(link_in(mail.outbox[-1], "training:signup_confirm"))
    user = User.objects.get(email="sam@gov.example")
    assert set(user.groups.values_list("name", flat=True)) == {roles.LEARNER} and not user.is_staff
    assert list(user.memberships.values_list("organization_id", flat=True)) == [org_a.id]


def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_a_mail(
    client, open_a, org_a, learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, org_a, email=learner.email.upper())
    assert response.status_code == 302 and response["Location"] == reverse("training:signup_sent")
    assert not SignupRequest.objects.exists()
    (message,) = mail.outbox
    assert message.to == [learner.email] and "already have an account" in message.subject
    assert "/register/confirm/" not in message.body


def test_only_the_organizations_domains_when_it_takes_no_others(client, open_a, org_a):
    open_a.others_need_approval = False
    open_a.save()
    response = register(client, org_a, email="pat@elsewhere.example")
    assert response.status_code == 400 and "its own domains only: gov.example" in response.content.decode()
    assert not SignupRequest.objects.exists()


def test_a_weak_password_is_refused_with_the_validators_message(client, open_a, org_a):
    response = register(client, org_a, password="sam@gov.example", password_again="sam@gov.example")
    assert response.status_code == 400 and "too similar" in response.content.decode()
    assert not SignupRequest.objects.exists()


def test_registrations_are_rate_limited_per_client(settings, client, open_a, org_a):
    settings.TRAINING_SIGNUP_RATE_PER_CLIENT = "2/h"
    assert register(client, org_a, email="one@gov.example").status_code == 302
    assert register(client, org_a, email="two@gov.example").status_code == 302
    third = register(client, org_a, email="three@gov.example")
    assert third.status_code == 429 and "Too many registrations" in third.content.decode()
    assert SignupRequest.objects.count() == 2


def test_the_same_address_is_mailed_at_most_so_often_with_the_same_answer(settings, client, open_a, org_a):
    settings.TRAINING_SIGNUP_RATE_PER_EMAIL = "1/h"
    assert register(client, org_a).status_code == 302
    mail.outbox.clear()
    again = register(client, org_a)
    assert again.status_code == 302 and again["Location"] == reverse("training:signup_sent")
    assert SignupRequest.objects.count() == 1


def test_the_coordinator_opens_registration_in_the_admin(client, make_user, org_b):
    admin = make_user(is_staff=True, is_superuser=True, email="root@demo.example")
    from taskforce.testing.auth import login  # noqa: PLC0415 -- the admin signs in with a one-time password

    login(client, admin)
    response = client.post(
        reverse("admin:training_onboardingpolicy_add"),
        {
            "organization": org_b.id,
            "self_registration": "on",
            "email_domains": "police.example",
            "others_need_approval": "",
        },
    )
    assert response.status_code == 302
    assert OnboardingPolicy.objects.get(organization=org_b).domains() == {"police.example"}
    client.logout()
    assert "Hamilton Police (test)" in client.get(SIGNUP).content.decode()
