"""Roles and organization membership, and the staff pages that depend on them."""

import pytest

from taskforce import roles
from taskforce.models import Notification
from taskforce.notifications import notify

pytestmark = pytest.mark.django_db


def test_role_and_organization_helpers(member_a, coordinator, outsider, org_a):
    assert roles.has_role(member_a, roles.MEMBER)
    assert not roles.has_role(member_a, roles.COORDINATOR)
    assert roles.user_organization_ids(member_a) == {org_a.id}
    assert roles.user_organization_ids(outsider) == frozenset()
    assert not roles.requires_otp(member_a) and not roles.requires_otp(coordinator)


@pytest.mark.parametrize("role", [roles.TIP_HANDLER, roles.REGISTRY_APPROVER])
def test_roles_that_read_tips_or_approve_need_otp(make_user, role):
    assert roles.requires_otp(make_user(role))


def test_every_role_exists_as_a_group():
    from django.contrib.auth.models import Group  # noqa: PLC0415 -- used by this test only

    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def test_failed_notifications_page_is_for_coordinators_only(client, login_as, coordinator, member_a):
    Notification.objects.create(
        recipient="x@example.org",
        template="t",
        subject="s",
        body_text="b",
        state=Notification.State.FAILED,
        last_error="refused",
    )
    assert client.get("/en/staff/notifications/").status_code == 302  # anonymous: sign in first
    login_as(member_a)
    assert client.get("/en/staff/notifications/").status_code == 403
    login_as(coordinator)
    response = client.get("/en/staff/notifications/")
    assert response.status_code == 200 and "refused" in response.content.decode()


def test_staff_dashboard_lists_only_links_for_the_users_roles(client, login_as, coordinator, member_a):
    login_as(member_a)
    html = client.get("/en/staff/").content.decode()
    assert "/en/staff/notifications/" not in html
    login_as(coordinator)
    html = client.get("/en/staff/").content.decode()
    assert "/en/staff/notifications/" in html


def test_notify_is_rendered_in_the_recipients_language(member_a, django_capture_on_commit_callbacks):
    from django.core import mail  # noqa: PLC0415 -- used by this test only

    member_a.preferred_language = "fr"
    member_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[member_a],
            template="password_reset",
            context={"uid": "x"},
            secret=("password_reset", member_a.pk),
        )
    assert mail.outbox[0].subject == "Réinitialisez votre mot de passe du portail du groupe de travail"


def test_is_coordinator_is_true_for_coordinators_and_superusers_only(coordinator, member_a, make_user):
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415 -- used by this test only

    assert roles.is_coordinator(coordinator)
    assert roles.is_coordinator(make_user(is_superuser=True))
    assert not roles.is_coordinator(member_a)
    assert not roles.is_coordinator(make_user(roles.TIP_HANDLER, roles.TRAINING_MANAGER))
    assert not roles.is_coordinator(AnonymousUser())


def test_users_with_role_are_the_active_holders_of_that_role_in_those_organizations(make_user, org_a, org_b):
    from taskforce.selectors import users_with_role  # noqa: PLC0415 -- used by this test only

    handler_a = make_user(roles.TIP_HANDLER, orgs=[org_a])
    handler_b = make_user(roles.TIP_HANDLER, orgs=[org_b])
    make_user(roles.MEMBER, orgs=[org_a])  # in the organization, without the role
    make_user(roles.TIP_HANDLER, orgs=[org_a], is_active=False)  # holds it, but left
    both = make_user(roles.TIP_HANDLER, orgs=[org_a, org_b])  # listed once

    assert set(users_with_role(roles.TIP_HANDLER, [org_a.id])) == {handler_a, both}
    assert list(users_with_role(roles.TIP_HANDLER, [org_a.id, org_b.id]).order_by("id")) == [handler_a, handler_b, both]
    assert set(users_with_role(roles.TIP_HANDLER)) == {handler_a, handler_b, both}  # any organization
    assert not users_with_role(roles.TIP_HANDLER, []).exists()
    assert not users_with_role(roles.COORDINATOR, [org_a.id]).exists()
