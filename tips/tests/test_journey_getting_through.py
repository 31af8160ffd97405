"""In a real browser: the proof-of-work widget solves its challenge under our strict CSP with nothing fetched from
another host, a solved form gets through where the no-JavaScript limit is spent, and "Continue" pressed at once on
the receipt never says the tip failed."""

import pytest

from taskforce.testing.browser import visit
from tips.models import Tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {"saved": "You are all set", "failed": "could not take your tip"},
    "fr": {"saved": "Tout est prêt", "failed": "pas pu recevoir votre signalement"},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_widget_solves_and_continue_at_once_shows_the_right_page(page, hotlines, settings, lang):
    settings.TIPS_POW_COST = 50
    settings.TIPS_POW_KEY_PREFIX = "0"
    settings.TIPS_RATE_PER_ADDRESS = 0  # without a solved challenge this address is over its limit
    visit(page, f"/{lang}/tips/report/")
    page.fill("[name=what_happened]", "A man keeps the workers' passports in his truck (journey test).")
    page.select_option("[name=province]", "MB")
    page.check("input[name=kind][value=labour]")
    page.check("input[name=danger_now][value=no]")
    # The widget starts its work when the person starts filling the form, in a worker from our static files.
    page.wait_for_function("() => (document.querySelector('input[name=altcha]') || {}).value", timeout=30_000)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    code = page.locator("#receipt-code").inner_text().strip()
    assert len(code.replace("-", "")) == 20
    assert Tip.objects.count() == 1

    settings.TIPS_MIN_FILL_SECONDS = 3  # the receipt page was drawn an instant ago
    page.check("[name=saved]")
    page.locator("main form button[type=submit]:not([name=as])").click()  # "Continue", not "Save as text"
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    assert TEXT[lang]["saved"] in page.locator("h1").inner_text()
    assert TEXT[lang]["failed"] not in body
    assert page.context.cookies() == []
