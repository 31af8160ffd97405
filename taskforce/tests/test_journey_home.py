"""The first browser journey: home page in English and French, the language switch, the quick exit."""

import pytest

from taskforce.context_processors import QUICK_EXIT_URL
from taskforce.testing.browser import check_accessibility, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_both_languages_and_switch(page):
    visit(page, "/en/")
    assert page.locator("h1").inner_text() == "Provincial Human Trafficking Task Force"
    assert page.get_by_text("In immediate danger? Call 911").first.is_visible()
    assert "1-833-900-1010" in page.locator("footer").inner_text()

    page.locator("#language-chooser").click()  # the chooser: every language in its own name and script
    page.get_by_role("link", name="français", exact=True).click()
    page.wait_for_url("**/fr/")
    visit(page, page.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Groupe de travail provincial sur la traite des personnes"
    assert page.get_by_text("En danger immédiat? Composez le 911").first.is_visible()

    page.locator("#language-chooser").click()
    page.get_by_role("link", name="English", exact=True).click()
    page.wait_for_url("**/en/")


def test_quick_exit_replaces_the_page_in_history(page):
    page.recorder.allowed_navigations.add(QUICK_EXIT_URL)
    visit(page, "/en/privacy/")
    visit(page, "/en/")
    length_before = page.evaluate("history.length")
    # The control is reachable from the keyboard: the first Tab stops are the skip link, then the exit.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    with page.expect_request(QUICK_EXIT_URL):
        page.keyboard.press("Enter")
    page.wait_for_url(QUICK_EXIT_URL)
    assert page.evaluate("history.length") == length_before  # replaced, not pushed
    page.go_back()
    assert page.url.endswith("/en/privacy/")  # Back skips the page the person left from


def test_staff_sign_in_and_out_through_the_real_form(page):
    from taskforce import roles  # noqa: PLC0415 -- used by this test only
    from taskforce.testing.factories import PASSWORD, OrganizationFactory, UserFactory  # noqa: PLC0415 -- used by this test only

    UserFactory(email="ada@example.org", roles=[roles.MEMBER], organizations=[OrganizationFactory()])
    visit(page, "/en/accounts/login/")
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/staff/")  # their own work, not the public home
    visit(page, page.url)
    assert page.locator("h1").inner_text() == "My work"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/en/")
    assert page.get_by_role("link", name="Staff sign in").is_visible()


def test_api_docs_load_under_the_csp(page):
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=30000)
    assert page.locator("html").get_attribute("lang") == "en"


def test_api_docs_can_be_used_by_keyboard_and_screen_reader(page):
    """Swagger UI is a third-party app: its rows, its try-it-out form and its answers pass axe-core as a reader
    opens them (the crawl checks the page as it loads)."""
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    check_accessibility(page)
    summary = page.locator("#operations-action-items-action_items_list .opblock-summary-control")
    assert summary.locator("a[href]").count() == 0, "the path is a link inside the row's button (nested-interactive)"
    summary.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Try it out").click()
    assert page.get_by_label("status").count() == 1, "the status filter has no name for a screen reader"
    check_accessibility(page)
    page.get_by_role("button", name="Execute").click()
    answer = page.locator(".live-responses-table tbody .response-col_status").first
    answer.wait_for()
    assert answer.inner_text().strip() == "200"
    check_accessibility(page)
