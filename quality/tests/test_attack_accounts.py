"""Standing attacks on staff accounts (issue 13): lockouts an outsider can aim at a real user, case variants,
secrets kept where readers of the database or the admin see them, API tokens that skip the one-time password,
sessions that never end, unlimited reset mail, and authenticator enrolment with the password alone.

Each test is the attack as an outsider (or a careless insider) would make it, and asserts what the user notices."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from taskforce import roles
from taskforce.models import Notification, NotificationAttempt
from taskforce.testing.auth import login
from taskforce.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"
RESET = "/en/accounts/password/reset/"
OWNER_ADDRESS = "198.51.100.7"
ATTACKER = "203.0.113.9"


def sign_in(client, email, password=PASSWORD, address=OWNER_ADDRESS):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail(client, email, *, address, times):
    for _ in range(times):
        sign_in(client, email, password="not-the-password", address=address)


def signed_in(client) -> bool:
    return client.get("/en/staff/").status_code == 200


def reset_links(outbox) -> list[str]:
    return [m for msg in outbox for m in re.findall(r"https?://\S+/password/reset/\S+?/\S+?/", msg.body)]


def follow_reset_link(client, link, new_password="a-brand-new-passphrase-2026"):
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    return client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})


def request_reset(client, email, *, address=OWNER_ADDRESS, capture):
    with capture(execute=True):
        return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


# ----- lockout: per (account, address); the account as a whole is slowed down, never locked -------------------


def test_five_wrong_passwords_from_one_address_do_not_lock_the_owner_out_of_their_own(client, member_a, settings):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    fail(Client(), member_a.email, address=ATTACKER, times=settings.AXES_FAILURE_LIMIT)
    attacker = Client()
    assert sign_in(attacker, member_a.email, address=ATTACKER).status_code == 429  # that address stays locked
    assert not signed_in(attacker)
    assert sign_in(client, member_a.email, address=OWNER_ADDRESS).status_code == 302
    assert signed_in(client)


def test_failures_from_many_addresses_slow_the_account_down_but_never_lock_it(client, member_a, settings):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    for n in range(settings.SIGNIN_SLOWDOWN_AFTER):  # one failure each, below every per-address limit
        fail(Client(), member_a.email, address=f"192.0.2.{n + 1}", times=1)
    slowed = sign_in(client, member_a.email, address=OWNER_ADDRESS)
    assert slowed.status_code == 429
    text = slowed.content.decode()
    assert f"one attempt every {settings.SIGNIN_SLOWDOWN_SECONDS} seconds" in text
    assert not signed_in(client)
    # Once the interval has passed (moved back in the records, no waiting), the right password works.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=settings.SIGNIN_SLOWDOWN_SECONDS))
    assert sign_in(client, member_a.email, address=OWNER_ADDRESS).status_code == 302
    assert signed_in(client)


def test_the_owner_is_not_slowed_down_at_an_address_they_signed_in_from(client, member_a, settings):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    assert sign_in(Client(), member_a.email, address=OWNER_ADDRESS).status_code == 302  # a known address
    for n in range(settings.SIGNIN_SLOWDOWN_AFTER):
        fail(Client(), member_a.email, address=f"192.0.2.{n + 1}", times=1)
    assert sign_in(Client(), member_a.email, address="192.0.2.200").status_code == 429  # a stranger waits
    assert sign_in(client, member_a.email, address=OWNER_ADDRESS).status_code == 302
    assert signed_in(client)


def test_a_verified_password_reset_lifts_locks_and_slowdown(
    client, member_a, settings, django_capture_on_commit_callbacks
):
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    fail(Client(), member_a.email, address=OWNER_ADDRESS, times=settings.AXES_FAILURE_LIMIT)
    for n in range(settings.SIGNIN_SLOWDOWN_AFTER):
        fail(Client(), member_a.email, address=f"192.0.2.{n + 1}", times=1)
    assert sign_in(client, member_a.email).status_code == 429
    request_reset(client, member_a.email, capture=django_capture_on_commit_callbacks)
    [link] = reset_links(mail.outbox)
    assert follow_reset_link(client, link).status_code == 302
    assert sign_in(client, member_a.email, password="a-brand-new-passphrase-2026").status_code == 302
    assert signed_in(client)


def test_changing_user_agent_does_not_reset_the_count(client, member_a, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": member_a.email, "password": "nope-nope"},
            REMOTE_ADDR=ATTACKER,
            HTTP_USER_AGENT=f"bot/{n}",
        )
    assert sign_in(client, member_a.email, address=ATTACKER).status_code == 429


def test_the_admin_has_no_second_sign_in_door(client, member_a):
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page["Location"].startswith("/en/accounts/login/")
    posted = client.post("/admin/login/", {"username": member_a.email, "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/en/accounts/login/")
    assert not signed_in(client)


def test_a_nul_byte_in_the_user_name_is_a_form_error_not_a_500(client, member_a, settings):
    for n in range(settings.SIGNIN_SLOWDOWN_AFTER):
        fail(client, member_a.email, address=f"192.0.2.{n + 1}", times=1)
    response = client.post(LOGIN, {"username": member_a.email + "\x00", "password": PASSWORD})
    assert response.status_code == 200
    assert not signed_in(client)


# ----- case variants -----------------------------------------------------------------------------------------


def test_a_case_variant_does_not_get_around_a_lock(client, make_user, settings):
    outsider = make_user(email="outsider@example.org")
    spellings = ["outsider@example.org", "Outsider@example.org", "OUTSIDER@EXAMPLE.ORG", " outsider@Example.org "]
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, spellings[n % len(spellings)], password="not-the-password", address=ATTACKER)
    # (The quality checks share one demo database: count only this person's attempts, in any spelling.)
    tried = AccessAttempt.objects.filter(username__icontains="outsider@example.org")
    assert set(tried.values_list("username", flat=True)) == {outsider.email}
    for spelling in spellings:
        assert sign_in(client, spelling, address=ATTACKER).status_code == 429
    assert not signed_in(client)


# ----- secrets never kept in notification rows, the admin or a log --------------------------------------------


def test_a_reset_link_is_never_stored_nor_shown_in_the_admin(
    client, member_a, make_user, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level("DEBUG")
    request_reset(client, member_a.email, capture=django_capture_on_commit_callbacks)
    [link] = reset_links(mail.outbox)
    token = link.rstrip("/").rsplit("/", 1)[1]
    notification = Notification.objects.get(template="password_reset", recipient=member_a.email)
    assert notification.state == Notification.State.SENT
    stored = [str(v) for v in Notification.objects.values_list().get(pk=notification.pk)]
    stored += [str(v) for row in NotificationAttempt.objects.values_list() for v in row]
    assert not [value for value in stored if token in value]
    assert token not in caplog.text

    admin_client = login(type(client)(), make_user(is_staff=True, is_superuser=True))
    for page in ("/admin/taskforce/notification/", f"/admin/taskforce/notification/{notification.pk}/change/"):
        response = admin_client.get(page)
        assert response.status_code == 200
        assert token not in response.content.decode()

    assert follow_reset_link(client, link).status_code == 302  # the mail that arrived still works
    member_a.refresh_from_db()
    assert member_a.check_password("a-brand-new-passphrase-2026")


# ----- API tokens ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["admin", roles.TIP_HANDLER, roles.REGISTRY_APPROVER], ids=["admin", "handler", "approver"]
)
def test_accounts_that_need_a_one_time_password_get_no_token(make_user, org_a, kind):
    from taskforce.accounts.services import TokenRefused, api_token_issue  # noqa: PLC0415 -- used by this test only

    person = make_user(is_staff=True, is_superuser=True) if kind == "admin" else make_user(kind, orgs=[org_a])
    with pytest.raises(TokenRefused):
        api_token_issue(user=person)


def test_a_token_kept_from_before_an_otp_role_is_refused_with_a_clear_message(make_user, org_a):
    from django.contrib.auth.models import Group  # noqa: PLC0415 -- used by this test only
    from rest_framework.test import APIClient  # noqa: PLC0415 -- used by this test only

    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    person = make_user(roles.MEMBER, orgs=[org_a])
    key = api_token_issue(user=person)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/schema/").status_code == 200  # allowed: a member without a one-time password
    person.groups.add(Group.objects.get(name=roles.TIP_HANDLER))
    refused = api.get("/api/schema/")
    assert refused.status_code in (401, 403)
    assert "one-time password" in refused.content.decode()


@pytest.mark.parametrize("header", ["Token abc\x00def", "Token \xff\xfe", "Token " + "a" * 500, "Token"])
def test_a_malformed_token_is_refused_not_a_500(header):
    """Refused as unauthenticated (401/403), or as bad input (400: a NUL byte in any header is refused before
    authentication runs) -- never a server error, never let in."""
    from rest_framework.test import APIClient  # noqa: PLC0415 -- used by this test only

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=header)
    answer = api.get("/api/schema/")
    assert answer.status_code in (400, 401, 403) and "openapi" not in answer.content.decode()


def test_stored_tokens_are_digests_not_the_keys(make_user, org_a):
    from django.apps import apps  # noqa: PLC0415 -- used by this test only

    from taskforce.accounts.services import api_token_issue  # noqa: PLC0415 -- used by this test only

    key = api_token_issue(user=make_user(roles.MEMBER, orgs=[org_a]))
    for model in apps.get_models():
        if "token" in model._meta.model_name:
            for row in model._default_manager.values_list():
                assert not [v for v in row if isinstance(v, str) and key in v], model._meta.label


def test_the_old_clear_token_table_is_gone():
    from django.db import connection  # noqa: PLC0415 -- used by this test only

    assert "authtoken_token" not in connection.introspection.table_names()


# ----- sessions ------------------------------------------------------------------------------------------------


def _age_session(client, *, idle=timedelta(0), since_sign_in=timedelta(0)):
    session = client.session
    now = timezone.now().timestamp()
    session["signed_in_at"] = now - since_sign_in.total_seconds()
    session["seen_at"] = now - idle.total_seconds()
    session.save()


def test_a_tip_handler_session_ends_after_idle_and_absolute_limits(client, make_user, org_a, settings):
    handler = make_user(roles.TIP_HANDLER, orgs=[org_a])
    login(client, handler)
    assert signed_in(client)
    _age_session(client, idle=settings.SESSION_IDLE_LIMIT_OTP - timedelta(minutes=1))
    assert signed_in(client)  # still inside the idle limit
    _age_session(client, idle=settings.SESSION_IDLE_LIMIT_OTP + timedelta(minutes=1))
    assert not signed_in(client)
    assert "session ended" in client.get(LOGIN).content.decode()

    login(client, handler)
    _age_session(client, since_sign_in=settings.SESSION_ABSOLUTE_LIMIT_OTP + timedelta(minutes=1))
    assert not signed_in(client)


def test_other_accounts_keep_a_longer_session_but_not_an_endless_one(client, member_a, settings):
    login(client, member_a)
    _age_session(client, idle=settings.SESSION_IDLE_LIMIT_OTP + timedelta(minutes=5))
    assert signed_in(client)
    _age_session(client, idle=settings.SESSION_IDLE_LIMIT + timedelta(minutes=1))
    assert not signed_in(client)
    login(client, member_a)
    _age_session(client, since_sign_in=settings.SESSION_ABSOLUTE_LIMIT + timedelta(minutes=1))
    assert not signed_in(client)
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_ABSOLUTE_LIMIT.total_seconds()
    assert not Session.objects.filter(expire_date__gt=timezone.now() + timedelta(days=8)).exists()


# ----- password-reset mail is throttled and answers the same way ---------------------------------------------------


def test_fifteen_resets_for_one_account_send_only_a_few_mails(client, member_a, django_capture_on_commit_callbacks):
    for n in range(15):
        request_reset(client, member_a.email, address=f"192.0.2.{n + 1}", capture=django_capture_on_commit_callbacks)
    assert 1 <= len(mail.outbox) <= 3


def test_fifteen_resets_from_one_address_send_only_a_few_mails(client, make_user, django_capture_on_commit_callbacks):
    people = [make_user() for _ in range(15)]
    for person in people:
        request_reset(client, person.email, address=ATTACKER, capture=django_capture_on_commit_callbacks)
    assert 1 <= len(mail.outbox) <= 5


def test_resets_from_everywhere_meet_a_global_ceiling(client, make_user, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_LIMITS = {**settings.PASSWORD_RESET_LIMITS, "all": (4, 3600)}
    for n in range(8):
        request_reset(client, make_user().email, address=f"192.0.2.{n + 1}", capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4


def test_the_reset_page_answers_the_same_whether_or_not_the_account_exists(client, member_a):
    known = client.post(RESET, {"email": member_a.email}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(known) == strip(unknown)


# ----- enrolment of the authenticator ------------------------------------------------------------------------


def test_the_password_alone_does_not_enrol_an_authenticator(client, make_user, org_a):
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 -- used by this test only

    handler = make_user(roles.TIP_HANDLER, orgs=[org_a])
    sign_in(client, handler.email)
    page = client.get("/en/accounts/otp/enrol/", follow=True)
    html = page.content.decode()
    assert "<svg" not in html and "otpauth" not in html
    assert "Ask your administrator" in html
    assert not TOTPDevice.objects.filter(user=handler).exists()
    assert not signed_in(client)
