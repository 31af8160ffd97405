"""Signing in: email login, one-time passwords for the roles that need them, lockout, password reset."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce import roles
from taskforce.models import Notification
from taskforce.testing.auth import confirmed_device, current_token, login
from taskforce.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "/en/accounts/login/"


def sign_in(client, user, password=PASSWORD):
    return client.post(LOGIN, {"username": user.email, "password": password})


def test_member_signs_in_with_email_and_needs_no_code(client, member_a):
    response = sign_in(client, member_a)
    assert response.status_code == 302
    assert client.get("/en/staff/").status_code == 200


def test_email_is_case_insensitive(client, member_a):
    response = client.post(LOGIN, {"username": member_a.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_is_refused_with_a_message(client, member_a):
    response = sign_in(client, member_a, password="wrong-password")
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()
    assert client.get("/en/staff/").status_code == 302


def enrolment_link(admin_client, person, capture) -> str:
    """An administrator sends `person` an enrolment link with the admin action; the link from the mail."""
    with capture(execute=True):
        response = admin_client.post(
            "/admin/taskforce/user/", {"action": "send_otp_enrolment", "_selected_action": [person.pk]}
        )
    assert response.status_code == 302
    [message] = [m for m in mail.outbox if m.to == [person.email]]
    return re.search(r"http://\S+/otp/enrol/link/\S+/", message.body).group(0).split("8000", 1)[1]


def test_an_administrator_issues_enrolment_and_the_first_sign_in_enrols_with_it(
    client, make_user, org_a, settings, django_capture_on_commit_callbacks
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling has its own test below
    handler = make_user(roles.TIP_HANDLER, orgs=[org_a])
    admin_client = login(Client(), make_user(is_staff=True, is_superuser=True))
    link = enrolment_link(admin_client, handler, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(template="otp_enrolment")
    assert link.rstrip("/").rsplit("/", 1)[1] not in notification.body_text + notification.body_html

    opened = client.get(link)  # not signed in yet: the link is remembered, then the password is asked
    assert opened.status_code == 302 and opened["Location"].startswith("/en/accounts/login/")
    assert "link" not in opened["Location"]
    sign_in(client, handler)
    response = client.get("/en/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/otp/enrol/")
    enrol = client.get(response["Location"])
    html = enrol.content.decode()
    assert "<svg" in html and "otpauth" not in html.split("<svg")[0]  # QR drawn inline, key shown for typing
    device = TOTPDevice.objects.get(user=handler, confirmed=False)

    bad = client.post("/en/accounts/otp/enrol/", {"token": "000000" if current_token(device) != "000000" else "111111"})
    assert bad.status_code == 400
    assert client.get("/en/staff/").status_code == 302

    good = client.post("/en/accounts/otp/enrol/", {"token": current_token(device), "next": "/en/staff/"})
    assert good.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", good.content.decode())
    assert len(codes) == settings.OTP_BACKUP_CODES
    assert "no-store" in good["Cache-Control"]
    assert client.get("/en/staff/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed

    second = Client().get(link)  # single use
    assert second.status_code == 400
    assert "does not work" in second.content.decode()


def test_an_enrolment_link_works_only_for_its_own_account(client, make_user, org_a, django_capture_on_commit_callbacks):
    handler, other = make_user(roles.TIP_HANDLER, orgs=[org_a]), make_user(roles.TIP_HANDLER, orgs=[org_a])
    admin_client = login(Client(), make_user(is_staff=True, is_superuser=True))
    link = enrolment_link(admin_client, handler, django_capture_on_commit_callbacks)
    sign_in(client, other)
    assert client.get(link).status_code == 400
    assert "Ask your administrator" in client.get("/en/accounts/otp/enrol/").content.decode()
    assert client.get(link.rsplit("/", 2)[0] + "/wrong-token/").status_code == 400
    assert client.get(f"/en/accounts/otp/enrol/link/{2**70}/x%00/").status_code == 400


def test_the_enrolment_action_skips_accounts_without_a_one_time_password(
    make_user, member_a, django_capture_on_commit_callbacks
):
    admin_client = login(Client(), make_user(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/taskforce/user/", {"action": "send_otp_enrolment", "_selected_action": [member_a.pk]}, follow=True
        )
    assert "no link sent" in response.content.decode()
    assert not mail.outbox


def test_a_backup_code_signs_in_once(client, make_user, org_a):
    from taskforce.accounts.services import otp_backup_codes_renew  # noqa: PLC0415 -- used by this test only

    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org_a])
    confirmed_device(approver)
    first, second, *_rest = otp_backup_codes_renew(user=approver)
    sign_in(client, approver)
    assert client.post("/en/accounts/otp/verify/", {"token": first.upper()}).status_code == 302
    assert client.get("/en/staff/").status_code == 200

    again = Client()
    sign_in(again, approver)
    assert again.post("/en/accounts/otp/verify/", {"token": first}).status_code == 400  # used up
    assert again.get("/en/staff/").status_code == 302


def test_backup_codes_can_be_renewed_and_the_old_ones_stop_working(client, make_user, org_a, member_a):
    from taskforce.accounts.services import otp_backup_codes_renew  # noqa: PLC0415 -- used by this test only

    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org_a])
    old = otp_backup_codes_renew(user=approver)
    login(client, approver)
    assert client.get("/en/accounts/otp/backup-codes/").status_code == 200
    renewed = client.post("/en/accounts/otp/backup-codes/")
    new = re.findall(r"<li>([a-z2-7]{8})</li>", renewed.content.decode())
    assert len(new) == len(old) and not set(new) & set(old)
    member = login(Client(), member_a)
    assert member.post("/en/accounts/otp/backup-codes/").status_code == 302  # not an OTP role: nothing to renew


def test_enrolled_approver_must_enter_a_code_at_each_sign_in(client, make_user, org_a):
    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org_a])
    device = confirmed_device(approver)
    sign_in(client, approver)
    response = client.get("/en/staff/")
    assert response["Location"].startswith("/en/accounts/otp/verify/")
    assert client.post("/en/accounts/otp/verify/", {"token": "12345"}).status_code == 400  # not six digits
    assert client.post("/en/accounts/otp/verify/", {"token": current_token(device)}).status_code == 302
    assert client.get("/en/staff/").status_code == 200


def test_codes_are_throttled_after_a_wrong_one(client, make_user, org_a):
    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org_a])
    device = confirmed_device(approver)
    sign_in(client, approver)
    wrong = "000000" if current_token(device) != "000000" else "111111"
    assert client.post("/en/accounts/otp/verify/", {"token": wrong}).status_code == 400
    # Straight after a wrong code even the right one is refused: guessing is slowed down.
    assert client.post("/en/accounts/otp/verify/", {"token": current_token(device)}).status_code == 400
    assert client.get("/en/staff/").status_code == 302


def test_admin_requires_a_code_and_api_answers_403_until_verified(client, make_user):
    admin_user = make_user(is_staff=True, is_superuser=True)
    confirmed_device(admin_user)
    sign_in(client, admin_user)
    assert client.get("/admin/")["Location"].startswith("/en/accounts/otp/verify/")
    assert client.get("/api/schema/").status_code == 403
    login(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_next_parameter_cannot_send_people_to_another_site(client, make_user, org_a):
    approver = make_user(roles.REGISTRY_APPROVER, orgs=[org_a])
    device = confirmed_device(approver)
    sign_in(client, approver)
    response = client.post(
        "/en/accounts/otp/verify/", {"token": current_token(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/staff/"


def test_signing_in_lands_on_my_work_not_the_public_home(client, member_a):
    response = sign_in(client, member_a)
    assert response.status_code == 302 and response["Location"] == "/en/staff/"
    assert "My work" in client.get(response["Location"]).content.decode()


def test_repeated_failures_lock_the_account_at_that_address_and_are_logged(client, member_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, member_a, password="not-the-password")
    locked = sign_in(client, member_a)  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "Account locked for now" in locked.content.decode()
    assert AccessAttempt.objects.get(username=member_a.email).failures_since_start >= settings.AXES_FAILURE_LIMIT
    assert client.get("/en/staff/").status_code == 302


def test_another_account_is_not_locked_by_someone_elses_failures(client, member_a, member_b, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, member_a, password="not-the-password")
    assert sign_in(client, member_b).status_code == 302


def test_password_reset_mail_goes_through_a_notification(client, member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": member_a.email})
    assert response.status_code == 302
    notification = Notification.objects.get(template="password_reset", recipient=member_a.email)
    assert notification.state == Notification.State.SENT
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/password/reset/\S+/", mail.outbox[0].body).group(0)
    assert "SECRET" not in link
    path = link.split("8000", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-passphrase-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    member_a.refresh_from_db()
    assert member_a.check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert "If an account uses that address" in response.content.decode()
    assert not Notification.objects.exists()


def test_sign_in_form_accepts_a_null_origin_only_from_the_same_site(member_a):
    """With Referrer-Policy: no-referrer, browsers post same-site forms with `Origin: null`."""
    from django.test import Client  # noqa: PLC0415 -- used by this test only

    strict = Client(enforce_csrf_checks=True)
    token = strict.get(LOGIN).context["csrf_token"]
    data = {"username": member_a.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    cross = strict.post(LOGIN, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    same = strict.post(LOGIN, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same.status_code == 302
    no_token = Client(enforce_csrf_checks=True)
    no_token.get(LOGIN)
    refused = no_token.post(
        LOGIN, {"username": member_a.email, "password": PASSWORD}, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert refused.status_code == 403  # the token is still required


def test_commands_issue_a_token_and_an_enrolment_link(member_a, make_user, org_a, django_capture_on_commit_callbacks):
    import io  # noqa: PLC0415 -- used by this test only

    from django.core.management import CommandError, call_command  # noqa: PLC0415 -- used by this test only

    out = io.StringIO()
    call_command("api_token_issue", member_a.email.upper(), stdout=out)
    key = out.getvalue().strip()
    assert len(key) == 64
    handler = make_user(roles.TIP_HANDLER, orgs=[org_a])
    with pytest.raises(CommandError, match="one-time password"):
        call_command("api_token_issue", handler.email, stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("otp_enrolment_issue", handler.email, stdout=io.StringIO())
    assert "/otp/enrol/link/" in mail.outbox[0].body
    with pytest.raises(CommandError):
        call_command("otp_enrolment_issue", member_a.email, stdout=io.StringIO())


@pytest.mark.parametrize(("command", "active_only"), [("api_token_issue", False), ("otp_enrolment_issue", True)])
def test_commands_refuse_an_unknown_address_and_say_so(db, make_user, command, active_only):
    import io  # noqa: PLC0415 -- used by this test only

    from django.core.management import CommandError, call_command  # noqa: PLC0415 -- used by this test only

    with pytest.raises(CommandError, match="account with the address nobody@example.org"):
        call_command(command, "nobody@example.org", stdout=io.StringIO())
    gone = make_user(is_active=False)
    if active_only:
        with pytest.raises(CommandError, match=f"No active account with the address {gone.email}"):
            call_command(command, gone.email, stdout=io.StringIO())


def test_a_secret_that_is_no_longer_valid_fails_the_mail_without_naming_it(
    member_a, django_capture_on_commit_callbacks
):
    from taskforce.notifications import notify  # noqa: PLC0415 -- used by this test only

    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(
            recipients=[member_a], template="password_reset", context={"uid": "x"}, secret=("password_reset", 0)
        )
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert "no longer valid" in notification.last_error
    assert not mail.outbox


def test_my_work_names_the_roles_in_the_page_language(client, member_a):
    sign_in(client, member_a)
    assert "Task force member" in client.get("/en/staff/").content.decode()
    page = client.get("/fr/staff/").content.decode()
    assert "Membre du groupe de travail" in page and "Task force member" not in page
