"""Staff work from a phone too: each staff persona signs in (landing on their workspace, "My work"), and no staff
page they reach (the workspace, the tips inbox, the training report, the registry workflow, every other staff
table) scrolls sideways on a 390 px wide phone. The pages are every staff page the persona's walk of the demo
data answers 200 (quality/walk.py), so a new staff page is checked without being listed here."""

import pytest

from quality.samples import PASSWORD, PERSONAS, user
from quality.tests.test_phone_width import too_wide
from quality.walk import html_pages
from taskforce import roles
from taskforce.testing.auth import confirmed_device, current_token
from taskforce.testing.browser import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}
STAFF_PERSONAS = ("handler", "member", "coordinator", "editor", "approver", "trainer")
# Pages every persona's walk must reach, so that the check cannot pass by checking nothing.
MUST_CHECK = {
    "handler": ("/en/staff/", "/en/tips/staff/inbox/"),
    "trainer": ("/en/staff/", "/en/training/staff/report/"),
    "editor": ("/en/staff/", "/en/registry/staff/"),
    "approver": ("/en/staff/", "/en/registry/staff/"),
    "member": ("/en/staff/", "/en/action-plan/staff/"),
    "coordinator": ("/en/staff/", "/en/staff/notifications/"),
}


# Measured a second time with a table's words kept whole: the portal's narrow-screen rule (portal.css) lets a table
# break its words at any letter, which fits any table into 390 px but leaves "Refe / renc / e" columns nobody can
# read. A staff table fits a phone when it fits with whole words, its rows stacked into cards (.table-stack).
WHOLE_WORDS = (
    "main table, main table * { overflow-wrap: normal !important; word-break: normal !important;"
    " hyphens: manual !important; }"
)
# Boxes in the page that scroll sideways on their own (a .table-responsive wrapper): as bad on a phone.
SCROLLERS = """() => [...document.querySelectorAll("main *")].filter(el => {
  const x = getComputedStyle(el).overflowX;
  return (x === "auto" || x === "scroll") && el.scrollWidth > el.clientWidth + 1;
}).map(el => el.tagName.toLowerCase() + "." + String(el.className).trim().split(/\\s+/).join(".") + " (" + el.scrollWidth + " px)")"""
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def staff_paths(persona: str) -> list[str]:
    return sorted({f.path for f in html_pages(persona) if "/staff/" in f.path})


def sign_in(tab, email: str) -> None:
    """Through the sign-in form, with the one-time password when the role needs one."""
    account = user(email)
    tab.goto("/en/accounts/login/")
    tab.fill("#id_username", email)
    tab.fill("#id_password", PASSWORD)
    tab.locator("main button[type=submit]").click()
    tab.wait_for_load_state()
    if roles.requires_otp(account):
        tab.wait_for_url("**/otp/verify/**")
        tab.fill("#id_token", current_token(confirmed_device(account)))
        tab.locator("main button[type=submit]").click()
        tab.wait_for_load_state()


@pytest.fixture
def phone(demo, live_url, browser):
    # bypass_csp: only so that the test can add its measuring style (WHOLE_WORDS); the pages are not changed.
    context = browser.new_context(base_url=live_url, locale="en-CA", viewport=PHONE, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("persona", STAFF_PERSONAS)
def test_no_staff_page_scrolls_sideways_at_390_px(phone, persona):
    paths = staff_paths(persona)
    missing = [path for path in MUST_CHECK[persona] if path not in paths]
    assert not missing, f"{persona}'s walk did not reach {missing}"
    sign_in(phone, PERSONAS[persona])
    assert phone.url.endswith("/en/staff/"), f"{persona} landed on {phone.url}, not on their workspace"
    check_accessibility(phone)  # the workspace, as a phone shows it
    wide = []
    for path in paths:
        response = phone.goto(path)
        assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
        width = phone.evaluate(SCROLL_WIDTH)
        if width > PHONE["width"]:
            wide.append(f"{path}: {too_wide(phone)}")
            continue
        phone.add_style_tag(content=WHOLE_WORDS)
        whole, scrollers = phone.evaluate(SCROLL_WIDTH), phone.evaluate(SCROLLERS)
        if whole > PHONE["width"] or scrollers:
            wide.append(f"{path}: with whole words {whole} px, {too_wide(phone)}; scrolling inside: {scrollers}")
    assert not wide, f"FINDING: {persona}'s staff pages wider than a 390 px phone:\n" + "\n".join(wide)
