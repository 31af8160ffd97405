"""Browser journey: an editor drafts an entry and cannot approve it, an approver (with a one-time password)
approves and publishes it after the representations period; it shows in the list, search, CSV, JSON, feed and
API; after delisting it is gone from all of them and its notice page says why. In English and in French."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from publications.models import RegistryEntry
from taskforce import roles
from taskforce.testing.auth import confirmed_device, current_token
from taskforce.testing.browser import check_accessibility, visit
from taskforce.testing.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Société Érable Démo Ltée (fictional)"
TEXT = {
    "en": {"refused": "You drafted this entry", "published": "Published", "delisted": "was delisted"},
    "fr": {"refused": "Vous avez rédigé cette inscription", "published": "Publiée", "delisted": "a été retirée"},
}


def sign_in(page, lang, user):
    device = confirmed_device(user) if roles.requires_otp(user) else None
    visit(page, f"/{lang}/accounts/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    if roles.requires_otp(user):
        page.wait_for_url("**/otp/verify/**")
        check_accessibility(page)
        page.fill("#id_token", current_token(device))
        page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def sign_out(page):
    page.locator("header form[action*='logout'] button").click()
    page.wait_for_load_state()


def press(page, action):
    confirm = page.locator(f"main form[action$='/{action}/'] input[name=confirm]")
    if confirm.count():  # approving and publishing: the approver confirms they read the preview
        confirm.check()
    page.locator(f"main form[action$='/{action}/'] button, main button[formaction$='/{action}/']").first.click()
    page.wait_for_load_state()
    check_accessibility(page)


def body_of(page, path) -> str:
    response = page.request.get(path)
    assert response.status == 200, path
    return response.text()


def assert_everywhere(page, lang, public_id, *, present: bool):
    visit(page, f"/{lang}/registry/")
    assert (NAME in page.locator("main").inner_text()) is present
    visit(page, f"/{lang}/registry/?q=societe+ERABLE")
    assert (NAME in page.locator("main").inner_text()) is present
    assert (NAME in body_of(page, f"/{lang}/registry/business-registry.csv")) is present
    entries = json.loads(body_of(page, f"/{lang}/registry/business-registry.json"))["entries"]
    assert (NAME in [e["legal_name"] for e in entries]) is present
    assert (NAME in body_of(page, f"/{lang}/registry/feed/")) is present
    api = json.loads(body_of(page, "/api/registry/?q=societe+erable"))
    assert (NAME in [e["legal_name"] for e in api["results"]]) is present
    assert (public_id in body_of(page, f"/{lang}/registry/feed/")) is True  # the delisting itself is announced


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_registry_journey(page, live_server, lang):
    editor = UserFactory(roles=[roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER], full_name="Eve Editor")
    approver = UserFactory(roles=[roles.REGISTRY_APPROVER], full_name="Al Approver")
    today = timezone.localdate()

    # The editor drafts the entry and sends it to legal review.
    sign_in(page, lang, editor)
    visit(page, f"/{lang}/registry/staff/")
    page.locator("main a[href$='/registry/staff/new/']").click()
    page.wait_for_load_state()
    check_accessibility(page)
    for field, value in {
        "legal_name": NAME,
        "aliases": "Maple Demo",
        "address": "1 Example Road",
        "city": "Lethbridge",
        "authority": "Demonstration Court (fictional)",
        "file_number": "DEMO-42",
        "summary": "Invented example of a finding.",
        "decision_date": "2025-09-01",
        "notified_on": (today - timedelta(days=20)).isoformat(),
        "review_on": (today + timedelta(days=300)).isoformat(),
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_province", "AB")
    page.select_option("#id_industry", "construction")
    page.select_option("#id_legal_basis", "conviction")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registry/staff/HT-*/")
    check_accessibility(page)
    entry = RegistryEntry.objects.get(legal_name=NAME)
    press(page, "submit")

    # Even holding the approver role, the editor cannot approve their own draft.
    press(page, "approve")
    assert TEXT[lang]["refused"] in page.locator("main").inner_text()
    entry.refresh_from_db()
    assert entry.status == RegistryEntry.Status.LEGAL_REVIEW
    sign_out(page)

    # Another approver, with a one-time password, approves and publishes.
    sign_in(page, lang, approver)
    visit(page, f"/{lang}/registry/staff/{entry.public_id}/")
    press(page, "approve")
    press(page, "publish")
    assert TEXT[lang]["published"] in page.locator(".entry-status").inner_text()
    entry.refresh_from_db()
    assert entry.status == RegistryEntry.Status.PUBLISHED

    visit(page, f"/{lang}/registry/{entry.public_id}/")
    assert entry.public_id in page.locator(".citation").inner_text()
    assert_everywhere(page, lang, entry.public_id, present=True)

    # Delisting takes it off everything at once and leaves a notice with the reason.
    visit(page, f"/{lang}/registry/staff/{entry.public_id}/")
    page.fill("#id_reason", "Conviction set aside on appeal (demonstration).")
    press(page, "delist")
    sign_out(page)
    assert_everywhere(page, lang, entry.public_id, present=False)
    visit(page, f"/{lang}/registry/{entry.public_id}/")
    notice = page.locator("main").inner_text()
    assert TEXT[lang]["delisted"] in notice and "Conviction set aside on appeal" in notice
    assert NAME not in notice


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reader_journey_publications_and_subscription(page, live_server, lang):
    import re  # noqa: PLC0415 -- used by this test only
    from datetime import date  # noqa: PLC0415 -- used by this test only

    from django.core import mail  # noqa: PLC0415 -- used by this test only

    from publications import services  # noqa: PLC0415 -- used by this test only

    services.publication_upsert(
        title="Annual report (fictional demo)",
        published_on=date(2025, 6, 1),
        kind="report",
        summary="A summary.",
        body="## Findings\n\n- **One** point",
    )
    services.publication_record_progress_report(
        title="Progress report", summary="Plan progress.", published_on=date(2025, 7, 1), url=f"/{lang}/publications/"
    )
    visit(page, f"/{lang}/publications/")
    page.locator("main a", has_text="Annual report (fictional demo)").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert page.locator("main h2", has_text="Findings").is_visible()

    # Subscribe from the registry page; confirm from the emailed link (a button, so link scanners confirm nothing).
    visit(page, f"/{lang}/registry/")
    page.fill("#id_email", "journalist@news.example")
    page.locator("form[action$='/registry/subscribe/'] button").click()
    page.wait_for_load_state()
    check_accessibility(page)
    link = re.search(r"http://\S+/confirm/\S+/", mail.outbox[-1].body).group(0)
    visit(page, link.replace("http://127.0.0.1:8000", ""))
    page.locator("main form button").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert services.Subscription.objects.get().is_active


def test_correction_journey(page, live_server):
    """An editor corrects a published name: the public page keeps the old name until another approver, who sees
    what will change, approves it; then the change log shows the old and the new name."""
    from .factories import make_entry  # noqa: PLC0415 -- used by this test only

    editor = UserFactory(roles=[roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER], full_name="Eve Editor")
    approver = UserFactory(roles=[roles.REGISTRY_APPROVER], full_name="Al Approver")
    entry = make_entry(created_by=editor, legal_name=NAME, is_fictional=True)
    new_name = "Érable Corrigée Ltée (fictional)"

    sign_in(page, "en", editor)
    visit(page, f"/en/registry/staff/{entry.public_id}/edit/")
    page.fill("#id_legal_name", new_name)
    page.fill("#id_reason", "The court corrected the business name (demonstration).")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/registry/staff/{entry.public_id}/")
    check_accessibility(page)
    pending = page.locator("#pending-correction").inner_text()
    assert NAME in pending and new_name in pending and "You changed this correction" in pending
    assert NAME in body_of(page, f"/en/registry/{entry.public_id}/")
    assert new_name not in body_of(page, f"/en/registry/{entry.public_id}/")
    sign_out(page)

    sign_in(page, "en", approver)
    visit(page, f"/en/registry/staff/{entry.public_id}/")
    press(page, "correction-approve")
    entry.refresh_from_db()
    assert entry.legal_name == new_name
    visit(page, f"/en/registry/{entry.public_id}/")
    log = page.locator("main table").last.inner_text()
    assert NAME in log and new_name in log
