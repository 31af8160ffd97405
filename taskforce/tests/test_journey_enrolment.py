"""Browser journey: a tip handler without an authenticator is told to ask an administrator; with the link an
administrator sent, they sign in, set up the app, keep their backup codes, and later sign in with one of them."""

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from taskforce.testing.auth import current_token
from taskforce.testing.browser import check_accessibility, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_handler_enrols_with_an_administrators_link_and_keeps_backup_codes(page, settings):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only
    from taskforce.accounts.services import otp_enrolment_issue  # noqa: PLC0415 -- used by this test only
    from taskforce.testing.factories import PASSWORD, OrganizationFactory, UserFactory  # noqa: PLC0415 -- used by this test only

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    handler = UserFactory(email="hana@example.org", roles=[roles.TIP_HANDLER], organizations=[OrganizationFactory()])

    visit(page, "/en/accounts/login/")
    sign_in(page, handler.email, PASSWORD)
    page.wait_for_url("**/otp/enrol/**")
    check_accessibility(page)
    assert page.locator("h1").inner_text() == "Ask your administrator for an enrolment link"
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url("**/en/")

    otp_enrolment_issue(user=handler, actor=None)
    link = re.search(r"http://\S+/otp/enrol/link/\S+/", mail.outbox[-1].body).group(0)
    visit(page, "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.wait_for_url("**/accounts/login/**")
    sign_in(page, handler.email, PASSWORD)
    page.wait_for_url("**/otp/enrol/**")
    check_accessibility(page)
    assert page.locator(".qr-code svg").count() == 1
    device = TOTPDevice.objects.get(user=handler, confirmed=False)
    page.get_by_label("Six-digit code from your authenticator app").fill(current_token(device))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_selector("#backup-codes")
    check_accessibility(page)
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == settings.OTP_BACKUP_CODES

    page.context.clear_cookies()
    visit(page, "/en/accounts/login/")
    sign_in(page, handler.email, PASSWORD)
    page.wait_for_url("**/otp/verify/**")
    page.get_by_label("Six-digit code from your authenticator app, or a backup code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/en/staff/")  # their own work, not the public home
    visit(page, page.url)
    assert page.locator("h1").inner_text() == "My work"
