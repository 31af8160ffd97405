"""No public page scrolls sideways on a 320 px wide phone, in English or French, nor a safety page in any language
(Arabic, right to left, included).

The pages are every portal page the anonymous visitor reaches (the same list the crawl uses, from the URL
configuration and the demo data), plus the pages a reporter only reaches by posting a form (the receipt and
the follow-up thread)."""

import pytest

from quality.crawl import in_language, languages_of
from quality.walk import html_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NARROW = {"width": 320, "height": 640}
WIDTHS = "({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})"
# The widest element that sticks out, to say in the failure what to fix.
CULPRIT = """() => {
  let worst = null, right = window.innerWidth;
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.right > right + 0.5 && r.width > 0) { right = r.right; worst = el; }
  }
  if (!worst) { return ""; }
  const cls = worst.className && typeof worst.className === "string" ? "." + worst.className.trim().split(/\\s+/).join(".") : "";
  return worst.tagName.toLowerCase() + (worst.id ? "#" + worst.id : "") + cls + " (" + Math.round(right) + " px)";
}"""


def public_paths() -> list[str]:
    english = [f.path for f in html_pages("anonymous") if f.path.startswith("/en/")]
    return [in_language(path, lang) for path in english for lang in languages_of(path)]


def too_wide(tab) -> str:
    widths = tab.evaluate(WIDTHS)
    if widths["scroll"] <= widths["inner"]:
        return ""
    return f"{widths['scroll']} px > {widths['inner']} px, widest: {tab.evaluate(CULPRIT)}"


@pytest.fixture
def narrow_tab(demo, live_url, browser):
    context = browser.new_context(base_url=live_url, locale="en-CA", viewport=NARROW)
    yield context.new_page()
    context.close()


def test_no_public_page_scrolls_sideways_at_320_px(narrow_tab):
    paths = public_paths()
    assert len(paths) >= 40, f"only {len(paths)} public pages found"
    assert "/ar/tips/report/" in paths and "/ar/hotlines/" in paths, "the safety pages in every language"
    wide = []
    for path in paths:
        narrow_tab.goto(path)
        problem = too_wide(narrow_tab)
        if problem:
            wide.append(f"{path}: {problem}")
    assert not wide, "FINDING: pages wider than a 320 px phone:\n" + "\n".join(wide)


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "pa"])
def test_the_receipt_and_the_thread_fit_at_320_px(narrow_tab, lang):
    narrow_tab.goto(f"/{lang}/tips/report/")
    narrow_tab.fill("[name=what_happened]", "Someone is made to work without pay at a restaurant (width test).")
    narrow_tab.select_option("[name=province]", "MB")
    narrow_tab.check("input[name=kind][value=labour]")
    narrow_tab.check("input[name=danger_now][value=no]")
    narrow_tab.wait_for_timeout(3100)  # the form's minimum fill time (an anti-robot rule), not a measurement
    narrow_tab.locator("main form button[type=submit]").click()
    narrow_tab.wait_for_load_state()
    code = narrow_tab.locator("#receipt-code").inner_text().strip()
    assert not too_wide(narrow_tab), f"receipt: {too_wide(narrow_tab)}"
    narrow_tab.goto(f"/{lang}/tips/follow-up/")
    narrow_tab.fill("[name=code]", code)
    narrow_tab.wait_for_timeout(3100)
    narrow_tab.locator("main form button[type=submit]").click()
    narrow_tab.wait_for_load_state()
    assert narrow_tab.locator("#tip-status").count() == 1
    assert not too_wide(narrow_tab), f"thread: {too_wide(narrow_tab)}"
