"""Browser journey, in English and in French: a person reports a tip, gets the receipt and confirms saving it;
a handler of the receiving hotline (one-time password) replies; the person comes back with the code and reads the
reply; a handler of another hotline cannot see the tip. No cookie is set on the reporter's side."""

import pytest

from taskforce.testing.auth import confirmed_device, current_token
from taskforce.testing.browser import PageRecorder, check_accessibility, visit
from taskforce.testing.factories import PASSWORD
from tips.models import Tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "saved": "You are all set",
        "status": "Being looked at by the hotline",
        "reply": "Thank you. A counsellor is looking into it.",
    },
    "fr": {
        "saved": "Tout est prêt",
        "status": "La ligne d'aide s'en occupe",
        "reply": "Merci. Une intervenante s'en occupe.",
    },
}


@pytest.fixture
def staff_tab(browser, live_server):
    """A second browser, for staff, with the same checks as `page`."""
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url)
        recorder = PageRecorder(context, live_server.url)
        tab = context.new_page()
        recorder.attach(tab)
        contexts.append((context, recorder))
        return tab

    yield open_tab
    for context, recorder in contexts:
        context.close()
        recorder.assert_clean()


def sign_in(tab, lang, user):
    device = confirmed_device(user)
    visit(tab, f"/{lang}/accounts/login/")
    tab.fill("#id_username", user.email)
    tab.fill("#id_password", PASSWORD)
    tab.locator("main button[type=submit]").click()
    tab.wait_for_url("**/otp/verify/**")
    check_accessibility(tab)
    tab.fill("#id_token", current_token(device))
    tab.locator("main button[type=submit]").click()
    tab.wait_for_load_state()


def submit(tab, form="main form"):
    tab.locator(f"{form} button[type=submit]").click()
    tab.wait_for_load_state()
    check_accessibility(tab)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_receipt_reply_follow_up(page, staff_tab, hotlines, handler_mb, handler_national, lang):
    # A person reports a tip from Manitoba: it goes to the Manitoba hotline only.
    visit(page, f"/{lang}/tips/report/")
    assert page.locator(".danger-first").first.is_visible()
    page.fill("[name=what_happened]", "Young women are driven to a motel every night (journey test).")
    page.select_option("[name=province]", "MB")
    page.fill("[name=city]", "Winnipeg")
    page.check("input[name=kind][value=sex]")
    page.check("input[name=danger_now][value=yes]")
    assert page.locator("#danger-now-alert").is_visible()  # said again right there (with JavaScript)
    page.check("input[name=danger_now][value=no]")
    submit(page)
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 20
    page.check("[name=saved]")
    submit(page, form="form[action$='/saved/']")  # the receipt has other buttons (save as text, language)
    assert TEXT[lang]["saved"] in page.locator("h1").inner_text()
    assert page.context.cookies() == []  # nothing set on the reporter's side

    tip = Tip.objects.get()

    # The Manitoba handler signs in (one-time password), opens the tip, triages it and replies.
    staff = staff_tab()
    sign_in(staff, lang, handler_mb)
    visit(staff, f"/{lang}/tips/staff/inbox/")
    staff.get_by_role("link", name=tip.reference).click()
    staff.wait_for_load_state()
    check_accessibility(staff)
    assert "journey test" in staff.locator("#tip-text").inner_text()
    staff.select_option("#id_status", "triaged")
    staff.locator("form[action$='/status/'] button").click()
    staff.wait_for_load_state()
    staff.fill("#id_reply-body", TEXT[lang]["reply"])
    staff.locator("form[action$='/reply/'] button").click()
    staff.wait_for_load_state()
    check_accessibility(staff)

    # A handler of another hotline cannot see it.
    other = staff_tab()
    sign_in(other, lang, handler_national)
    visit(other, f"/{lang}/tips/staff/inbox/")
    assert tip.reference not in other.content()
    # (fetched rather than opened, so the expected 404 is not reported as a console error)
    assert other.context.request.get(f"/{lang}/tips/staff/inbox/{tip.id}/").status == 404

    # The person comes back with the code and reads the reply.
    visit(page, f"/{lang}/tips/follow-up/")
    page.fill("[name=code]", code)
    submit(page)
    assert page.locator("#tip-status").inner_text() == TEXT[lang]["status"]
    assert TEXT[lang]["reply"] in page.locator(".thread").inner_text()
    assert page.context.cookies() == []
