"""In a real browser: files over the tip form's limits are named next to the file field, and nothing is sent."""

import pytest

from taskforce.testing.browser import visit
from tips.models import Tip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("count", "size"), [(4, 1000), (1, 6 * 2**20)])
def test_too_many_or_too_large_files_are_said_before_sending(page, hotlines, count, size):
    visit(page, "/en/tips/report/")
    page.fill("[name=what_happened]", "Workers sleep in a locked barn (journey test).")
    page.select_option("[name=province]", "AB")
    page.check("input[name=kind][value=labour]")
    page.check("input[name=danger_now][value=no]")
    files = [{"name": f"f{n}.pdf", "mimeType": "application/pdf", "buffer": b"0" * size} for n in range(count)]
    page.set_input_files("input[name=files]", files)
    note = page.locator("#files-too-large")
    assert note.is_visible() and "too many or too large" in note.inner_text()
    page.evaluate("window.notSentYet = true")  # gone if the page is sent and a new one drawn
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("window.notSentYet === true") and note.is_visible()
    assert page.input_value("[name=what_happened]").startswith("Workers sleep")
    assert not Tip.objects.exists()
    page.set_input_files("input[name=files]", [])
    assert not note.is_visible()
