"""Finding the way back and staying safe, in a real browser, on a desktop and a 390×844 phone, in English and
French: the follow-up page can be found from everywhere a reporter looks; the receipt page lets the person copy,
print and save the code, warns before they leave it, and keeps the code across the language switch; the reporter
is told which hotline received the tip; the quick exit stays on screen and leaves no way back; a "browse
safely" page says what really stays in the browser."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from taskforce.context_processors import QUICK_EXIT_URL
from taskforce.testing.browser import check_accessibility, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}

TEXT = {
    "en": {
        "check": "Check on a report you sent",
        "copy": "Copy the code",
        "copied": "Copied.",
        "print": "Print",
        "text": "Save as a text file",
        "other": "français",
        "other_lang": "fr",
        "sent_to": "Your tip was sent to",
        "stay": "Keep this page open until you have saved your code",
        "safely": "Browse safely",
        "privacy": "Privacy",
        "continue": "Continue",
        "open": "Open my tip",
        "escape": "Esc",
        "false_claim": "nothing about this visit stays in your browser",
    },
    "fr": {
        "check": "Suivre un signalement envoyé",
        "copy": "Copier le code",
        "copied": "Copié.",
        "print": "Imprimer",
        "text": "Enregistrer dans un fichier texte",
        "other": "English",
        "other_lang": "en",
        "sent_to": "Votre signalement a été transmis à",
        "stay": "Gardez cette page ouverte tant que vous n'avez pas noté votre code",
        "safely": "Naviguer en sécurité",
        "privacy": "Confidentialité",
        "continue": "Continuer",
        "open": "Ouvrir mon signalement",
        "escape": "Échap",
        "false_claim": "rien de cette visite ne reste dans votre navigateur",
    },
}
MANITOBA = {
    "en": "Manitoba Human Trafficking Hotline",
    "fr": "Ligne d'urgence du Manitoba contre la traite des personnes",
}


def _screens():
    return [pytest.param(lang, screen, id=f"{lang}-{screen}") for lang in ("en", "fr") for screen in SCREENS]


def open_menu(page):
    """On a phone the menu is behind its button; wait until it has finished opening (Bootstrap's `.show`, after
    the `.collapsing` animation), or a click on the way can land while it still moves."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#main-nav.show").wait_for(state="visible")


def open_language_chooser(page):
    """Open the language menu and wait until it says so (a busy machine may take the first click before
    Bootstrap's script has set the menu up: click again then)."""
    chooser = page.locator("#language-chooser")
    for _attempt in range(3):
        chooser.click()
        try:
            page.locator("#language-chooser[aria-expanded=true]").wait_for(timeout=5000)
            return
        except PlaywrightTimeoutError:
            continue
    raise AssertionError("the language menu did not open")


def send_tip(page, lang):
    visit(page, f"/{lang}/tips/report/")
    page.fill("[name=what_happened]", "A man keeps the passports of the cleaners at a motel (way back test).")
    page.select_option("[name=province]", "MB")
    page.check("input[name=kind][value=labour]")
    page.check("input[name=danger_now][value=no]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check_accessibility(page)
    return page.locator("#receipt-code").inner_text().strip()


def in_viewport(page, selector) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.evaluate("window.innerHeight")
    width = page.evaluate("window.innerWidth")
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width


@pytest.mark.parametrize(("lang", "screen"), _screens())
def test_the_follow_up_page_is_found_from_everywhere(page, hotlines, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    t = TEXT[lang]
    follow_up = f"/{lang}/tips/follow-up/"
    for path in (f"/{lang}/", f"/{lang}/tips/report/", f"/{lang}/hotlines/"):
        visit(page, path)
        for where in ("main", "footer"):
            link = page.locator(where).get_by_role("link", name=t["check"])
            assert link.count() >= 1, f"no link {t['check']!r} in the {where} of {path}"
            assert link.first.get_attribute("href") == follow_up
        open_menu(page)
        menu_link = page.locator("#main-nav").get_by_role("link", name=t["check"])
        assert menu_link.is_visible(), f"no link {t['check']!r} in the menu of {path}"
    menu_link.click()
    page.wait_for_url(f"**{follow_up}")
    check_accessibility(page)


@pytest.mark.parametrize(("lang", "screen"), _screens())
def test_the_receipt_can_be_kept_and_names_the_hotline(page, hotlines, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    t = TEXT[lang]
    code = send_tip(page, lang)
    assert len(code.replace("-", "")) == 20

    # Told which hotline received the tip, with its number.
    sent_to = page.locator("#tip-receivers")
    assert t["sent_to"] in page.locator("main").inner_text()
    assert MANITOBA[lang] in sent_to.inner_text()
    assert "1-844-333-2211" in sent_to.inner_text()

    # Copy.
    page.get_by_role("button", name=t["copy"]).click()
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert page.get_by_text(t["copied"]).is_visible()

    # Print: the browser's own print dialog (stood in for here, a headless browser has none).
    page.evaluate("window.printed = false; window.print = () => { window.printed = true; }")
    page.get_by_role("button", name=t["print"]).click()
    assert page.evaluate("window.printed") is True

    # Save as text: a small file made by the server, not cached, no cookie.
    with page.expect_download() as download_info:
        with page.expect_response(lambda r: r.request.method == "POST") as response_info:
            page.get_by_role("button", name=t["text"]).click()
    response = response_info.value
    assert "no-store" in response.headers["cache-control"]
    assert "set-cookie" not in response.headers
    saved = open(download_info.value.path(), encoding="utf-8").read()
    assert code in saved
    assert "1-844-333-2211" in saved
    assert f"/{lang}/tips/follow-up/" in saved

    # The language switch keeps the code (posted back, nothing stored).
    open_menu(page)
    open_language_chooser(page)
    with page.expect_response(lambda r: r.request.method == "POST") as response_info:
        page.locator("#main-nav").get_by_role("button", name=t["other"], exact=True).click()
    page.wait_for_load_state()
    assert "no-store" in response_info.value.headers["cache-control"]
    assert page.locator("html").get_attribute("lang") == t["other_lang"]
    assert page.locator("#receipt-code").inner_text().strip() == code
    check_accessibility(page)
    assert page.context.cookies() == []

    # Back in the first language, confirm, and come back: the thread names the hotline too.
    open_menu(page)
    open_language_chooser(page)
    page.locator("#main-nav").get_by_role("button", name=TEXT[t["other_lang"]]["other"], exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#receipt-code").inner_text().strip() == code
    visit(page, f"/{lang}/tips/follow-up/")
    page.fill("[name=code]", code)
    page.get_by_role("button", name=t["open"]).click()
    page.wait_for_load_state()
    check_accessibility(page)
    receivers = page.locator("#tip-receivers").inner_text()
    assert MANITOBA[lang] in receivers and "1-844-333-2211" in receivers
    assert page.context.cookies() == []


@pytest.mark.parametrize(("lang", "screen"), _screens())
def test_the_receipt_warns_before_the_code_is_lost(page, hotlines, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    t = TEXT[lang]
    send_tip(page, lang)
    receipt_url = page.url
    assert t["stay"] in page.locator("main").inner_text()  # said in words, with or without JavaScript

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("footer").get_by_role("link", name=t["privacy"]).click()
    page.wait_for_timeout(300)  # let a dialog, if any, be answered (no timing is measured)
    assert dialogs == ["beforeunload"]
    assert page.url == receipt_url and page.locator("#receipt-code").is_visible()

    # Once copied, leaving is not held up.
    page.get_by_role("button", name=t["copy"]).click()
    page.locator("footer").get_by_role("link", name=t["privacy"]).click()
    page.wait_for_url(f"**/{lang}/privacy/")
    assert dialogs == ["beforeunload"]


@pytest.mark.parametrize(("lang", "screen"), _screens())
def test_the_quick_exit_is_always_on_screen_and_leaves_no_way_back(page, hotlines, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    page.recorder.allowed_navigations.add(QUICK_EXIT_URL)
    visit(page, f"/{lang}/")
    visit(page, f"/{lang}/tips/report/")
    assert in_viewport(page, "#quick-exit")
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 500  # the form is long
    assert in_viewport(page, "#quick-exit"), "the quick exit scrolled off the screen"
    if screen == "desktop":
        assert TEXT[lang]["escape"] in page.locator(".safety-bar").inner_text()  # the shortcut is said
    page.locator("#quick-exit").click()
    page.wait_for_url(QUICK_EXIT_URL)
    page.go_back()
    page.wait_for_load_state()
    assert "/tips/report/" not in page.url, "Back returned to the tip form"

    # The keyboard shortcut leaves the same way.
    visit(page, f"/{lang}/tips/report/")
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Escape")
    page.wait_for_url(QUICK_EXIT_URL)
    page.go_back()
    page.wait_for_load_state()
    assert "/tips/report/" not in page.url


@pytest.mark.parametrize(("lang", "screen"), _screens())
def test_browse_safely_is_linked_and_the_follow_up_page_tells_the_truth(page, hotlines, lang, screen):
    page.set_viewport_size(SCREENS[screen])
    t = TEXT[lang]
    for path in (f"/{lang}/tips/report/", f"/{lang}/tips/follow-up/"):
        visit(page, path)
        assert page.locator("main").get_by_role("link", name=t["safely"]).count() >= 1, path
        assert page.locator("footer").get_by_role("link", name=t["safely"]).count() == 1, path
    assert t["false_claim"] not in page.locator("main").inner_text().lower()
    page.locator("main").get_by_role("link", name=t["safely"]).first.click()
    page.wait_for_url(f"**/{lang}/browse-safely/")
    check_accessibility(page)
    text = page.locator("main").inner_text().lower()
    for word in {
        "en": ["private", "history", "shared", "phone"],
        "fr": ["privée", "historique", "partag", "téléphone"],
    }[lang]:
        assert word in text, f"the browse-safely page does not talk about {word!r}"
    assert page.context.cookies() == []


@pytest.mark.parametrize(("lang", "screen"), [("en", "phone"), ("fr", "desktop")])
def test_the_quick_exit_is_never_held_up_by_the_receipt(page, hotlines, lang, screen):
    """The warning before leaving the receipt must not stop someone who has to leave now."""
    page.set_viewport_size(SCREENS[screen])
    page.recorder.allowed_navigations.add(QUICK_EXIT_URL)
    send_tip(page, lang)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.locator("#quick-exit").click()
    page.wait_for_url(QUICK_EXIT_URL)
    assert dialogs == []
