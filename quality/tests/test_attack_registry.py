# ruff: noqa: F811
"""Attacks on the registry's due process, kept as a standing suite (issue 13).

The registry names businesses publicly: a wrong name is defamation. What must hold:
- no change to what the public sees of a published entry goes public without a second person's approval,
  whatever the door (API PATCH, staff form, a source added); the old text stays public until then, and the change
  log then shows old and new, never anything of a pending or rejected proposal;
- nobody who changed an entry (or a correction) may approve or publish it, whatever roles they hold;
- the Atom feeds carry editor text as text, never as HTML a feed reader would run;
- subscription confirmations cannot be used to flood inboxes, and the page never tells whether an address is
  subscribed.
"""

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications import services
from publications.models import RegistryChange, RegistryEntry, Subscription

# The registry's own personas (pytest finds fixtures imported into a test module; ruff reads the test
# arguments as redefinitions).
from publications.tests.conftest import approver, editor, editor_approver, published_entry  # noqa: F401
from publications.tests.factories import build_downloads, entry_data, make_entry
from taskforce import roles
from taskforce.testing.auth import login

S = RegistryEntry.Status
ATOM = "{http://www.w3.org/2005/Atom}"
OLD_NAME = "Crème Brûlée Hospitality Inc."
NEW_NAME = "Innocent Bystander Bakery Ltd."

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor2(make_user, org_a):
    return make_user(roles.REGISTRY_EDITOR, orgs=[org_a], full_name="Erin Editor")


def _api_patch(client, entry, **data):
    entry.refresh_from_db()
    body = {"version": entry.version, "reason": "Wrong name in the decision summary.", **data}
    return client.patch(f"/api/registry/{entry.public_id}/", json.dumps(body), content_type="application/json")


def _api_action(client, entry, action, **data):
    return client.post(f"/api/registry/{entry.public_id}/{action}/", data, content_type="application/json")


def _staff_action(client, entry, action, **extra):
    entry.refresh_from_db()
    url = reverse("publications:entry_action", args=[entry.public_id, action])
    return client.post(url, {"version": entry.version, "confirm": "on", **extra}, follow=True)


def _everything_public(entry) -> str:
    """What anyone can read about the registry: the page, the list, search, the API, the downloads (their files
    built as the background task builds them after a change) and the feed."""
    build_downloads()
    client = Client()
    parts = [
        client.get(entry.get_absolute_url()).content.decode(),
        client.get("/en/registry/").content.decode(),
        client.get("/en/registry/?q=innocent").content.decode(),
        client.get(f"/api/registry/{entry.public_id}/").content.decode(),
        client.get("/api/registry/").content.decode(),
        b"".join(client.get("/en/registry/business-registry.csv").streaming_content).decode(),
        b"".join(client.get("/en/registry/business-registry.json").streaming_content).decode(),
        client.get("/en/registry/feed/").content.decode(),
    ]
    return "\n".join(parts)


def _form_data(entry, **changes) -> dict:
    data = {k: getattr(entry, k) for k in services.ENTRY_FIELDS}
    data.update(changes)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else v)) for k, v in data.items()}


# ----- 1. a correction waits for a second person ------------------------------------------------------------------


def test_api_patch_of_a_published_name_waits_for_approval_then_logs_old_and_new(editor, approver, published_entry):
    answer = _api_patch(login(Client(), editor), published_entry, legal_name=NEW_NAME, summary="Rewritten summary.")
    assert answer.status_code == 202, answer.content
    proposal = answer.json()["correction"]
    assert {"field": "legal_name", "old": OLD_NAME, "new": NEW_NAME} in [
        {k: c[k] for k in ("field", "old", "new")} for c in proposal["changes"]
    ]
    public = _everything_public(published_entry)
    assert NEW_NAME not in public and "Rewritten summary." not in public
    assert OLD_NAME in Client().get(published_entry.get_absolute_url()).content.decode()
    assert not published_entry.changes.filter(kind=RegistryChange.Kind.CORRECTION).exists()

    approved = _api_action(
        login(Client(), approver), published_entry, "correction-approve", version=proposal["version"]
    )
    assert approved.status_code == 200, approved.content
    published_entry.refresh_from_db()
    assert published_entry.legal_name == NEW_NAME and published_entry.status == S.CORRECTED
    page = Client().get(published_entry.get_absolute_url()).content.decode()
    assert NEW_NAME in page and "Rewritten summary." in page
    change = published_entry.changes.get(kind=RegistryChange.Kind.CORRECTION, field="legal_name")
    assert (change.old_value, change.new_value) == (OLD_NAME, NEW_NAME)
    assert OLD_NAME in page  # the public change log shows the old value beside the new


PUBLIC_CHANGES = {
    "legal_name": NEW_NAME,
    "aliases": "Another Name",
    "address": "99 Elsewhere Road",
    "city": "Red Deer",
    "province": "BC",
    "industry": "construction",
    "legal_basis": "court_order",
    "authority": "Another Court",
    "decision_date": date(2024, 1, 2),
    "file_number": "OTHER-1",
    "summary": "A different public summary.",
    "review_on": date.today() + timedelta(days=700),
}


@pytest.mark.parametrize("field", sorted(PUBLIC_CHANGES))
def test_staff_form_change_of_any_public_field_stays_private_until_approved(field, editor, published_entry):
    before = RegistryEntry.objects.get(pk=published_entry.pk)
    client = login(Client(), editor)
    url = reverse("publications:entry_edit", args=[published_entry.public_id])
    data = _form_data(published_entry, **{field: PUBLIC_CHANGES[field]})
    data.update(version=published_entry.version, reason="Correction requested by the court.")
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "another person with the Registry approver role" in response.content.decode()
    published_entry.refresh_from_db()
    assert getattr(published_entry, field) == getattr(before, field)
    assert published_entry.status == S.PUBLISHED and published_entry.version == before.version
    assert not published_entry.changes.filter(kind=RegistryChange.Kind.CORRECTION).exists()


def test_source_added_to_a_published_entry_is_hidden_until_approved(editor, approver, published_entry):
    client = login(Client(), editor)
    url = reverse("publications:entry_source_add", args=[published_entry.public_id])
    client.post(url, {"title": "Forged decision", "url": "https://example.org/forged"})
    assert "Forged decision" not in _everything_public(published_entry)
    assert not published_entry.changes.filter(field="sources").exists()
    correction = published_entry.corrections.get()
    _staff_action(
        login(Client(), approver), published_entry, "correction-approve", correction_version=correction.version
    )
    assert "Forged decision" in Client().get(published_entry.get_absolute_url()).content.decode()
    assert published_entry.changes.filter(field="sources", new_value="Forged decision").exists()


def test_rejected_correction_leaves_no_public_trace(editor, approver, published_entry):
    _api_patch(login(Client(), editor), published_entry, legal_name=NEW_NAME, reason="Secret reason R-77.")
    correction = published_entry.corrections.get()
    answer = _api_action(
        login(Client(), approver),
        published_entry,
        "correction-reject",
        version=correction.version,
        note="Not supported.",
    )
    assert answer.status_code == 200, answer.content
    public = _everything_public(published_entry)
    assert NEW_NAME not in public and "R-77" not in public
    published_entry.refresh_from_db()
    assert published_entry.legal_name == OLD_NAME and published_entry.status == S.PUBLISHED


def test_approver_sees_exactly_what_will_change(editor, approver, published_entry):
    _api_patch(login(Client(), editor), published_entry, legal_name=NEW_NAME, summary="Rewritten summary.")
    page = login(Client(), approver).get(reverse("publications:entry_staff", args=[published_entry.public_id]))
    text = page.content.decode()
    diff = text[text.index('id="pending-correction"') :]
    for value in (OLD_NAME, NEW_NAME, "Held workers&#x27; passports.", "Rewritten summary.", "Eddie Editor"):
        assert value in diff
    assert "Approve and publish this correction" in diff


def test_amendment_after_the_approver_looked_is_refused(editor, editor2, approver, published_entry):
    """The approver approves the text they saw: an editor's later amendment makes the approval stale."""
    first = _api_patch(login(Client(), editor), published_entry, legal_name=NEW_NAME).json()["correction"]
    amended = _api_patch(
        login(Client(), editor2), published_entry, summary="Amended meanwhile.", correction_version=first["version"]
    )
    assert amended.status_code == 202
    answer = _api_action(login(Client(), approver), published_entry, "correction-approve", version=first["version"])
    assert answer.status_code == 409
    published_entry.refresh_from_db()
    assert published_entry.legal_name == OLD_NAME


def test_a_second_proposal_never_overwrites_the_first_unseen(editor, editor2, published_entry):
    assert _api_patch(login(Client(), editor), published_entry, legal_name=NEW_NAME).status_code == 202
    unseen = _api_patch(login(Client(), editor2), published_entry, legal_name="Yet Another Name Ltd.")
    assert unseen.status_code == 409 and unseen.json()["code"] == "stale"
    assert published_entry.corrections.get().proposed == {"legal_name": NEW_NAME}


# ----- 2. nobody who changed it approves or publishes it --------------------------------------------------------


def test_proposer_with_both_roles_cannot_approve_their_own_correction(editor_approver, approver, published_entry):
    proposal = _api_patch(login(Client(), editor_approver), published_entry, legal_name=NEW_NAME).json()["correction"]
    client = login(Client(), editor_approver)
    refused = _api_action(client, published_entry, "correction-approve", version=proposal["version"])
    assert refused.status_code == 403
    page = _staff_action(client, published_entry, "correction-approve", correction_version=proposal["version"])
    assert "You changed this correction" in page.content.decode()
    published_entry.refresh_from_db()
    assert published_entry.legal_name == OLD_NAME

    allowed = _api_action(login(Client(), approver), published_entry, "correction-approve", version=proposal["version"])
    assert allowed.status_code == 200
    published_entry.refresh_from_db()
    assert published_entry.legal_name == NEW_NAME


def test_editor_of_a_colleagues_submitted_draft_cannot_approve_it(editor, editor_approver, approver):
    entry = services.entry_create(actor=editor, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    client = login(Client(), editor_approver)
    edited = _api_patch(client, entry, summary="Text written by the approver themself.")
    assert edited.status_code == 200, edited.content

    refused = _api_action(client, entry, "approve", version=entry.version + 1)
    assert refused.status_code == 403
    page = _staff_action(client, entry, "approve")
    assert "You changed this entry" in page.content.decode()
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW and entry.approved_by is None

    # Beside it, the allowed case: an approver who did not edit it.
    allowed = _api_action(login(Client(), approver), entry, "approve", version=entry.version)
    assert allowed.status_code == 200, allowed.content
    entry.refresh_from_db()
    assert entry.status == S.APPROVED and entry.approved_by == approver

    # The person who edited it may not publish it either.
    refused = _api_action(client, entry, "publish", version=entry.version)
    assert refused.status_code == 403
    entry.refresh_from_db()
    assert entry.status == S.APPROVED
    assert _api_action(login(Client(), approver), entry, "publish", version=entry.version).status_code == 200


def test_each_version_keeps_who_changed_it(editor, editor_approver):
    entry = services.entry_create(actor=editor, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    _api_patch(login(Client(), editor_approver), entry, summary="Changed.")
    trail = [(e.actor, e.fields) for e in entry.edits.order_by("id")]
    assert trail[0][0] == editor and trail[-1] == (editor_approver, "summary")


@pytest.mark.parametrize("door", ["token-less session without the role", "anonymous"])
def test_no_one_else_approves_through_the_api(door, member_a, editor):
    entry = services.entry_create(actor=editor, data=entry_data())
    entry = services.entry_submit_for_review(entry=entry, actor=editor, version=entry.version)
    client = login(Client(), member_a) if door != "anonymous" else Client()
    assert _api_action(client, entry, "approve", version=entry.version).status_code in (401, 403)
    entry.refresh_from_db()
    assert entry.status == S.LEGAL_REVIEW


# ----- 3. feeds carry text ------------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)> & Co."


def _summaries(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall(f"{ATOM}entry/{ATOM}summary")


def test_registry_feed_carries_editor_text_as_text(editor, approver):
    entry = make_entry(created_by=editor, summary=PAYLOAD)
    correction = services.correction_propose(
        entry=entry, actor=editor, data={"city": PAYLOAD[:100]}, version=None, reason=PAYLOAD
    )
    services.correction_approve(correction=correction, actor=approver, version=correction.version)
    raw = Client().get("/en/registry/feed/").content
    summaries = _summaries(raw)
    assert summaries and all(s.get("type", "text") == "text" for s in summaries)
    assert PAYLOAD in [s.text for s in summaries]  # arrives as the characters typed, not as markup
    assert any(s.text.startswith("city: ") and PAYLOAD in s.text for s in summaries)
    assert b"<script>" not in raw and b"<img " not in raw


def test_publication_feed_carries_text(client):
    from publications.tests.factories import make_publication  # noqa: PLC0415 -- used by this test only

    make_publication(summary=PAYLOAD, published_on=timezone.localdate())
    summaries = _summaries(client.get("/en/publications/feed/").content)
    assert all(s.get("type", "text") == "text" for s in summaries) and PAYLOAD in [s.text for s in summaries]


# ----- 4. subscription confirmations are throttled ----------------------------------------------------------------


@pytest.fixture
def subscribe(django_capture_on_commit_callbacks):
    """Post the subscription form; the mail it queues on commit is sent as the request ends. (Not a transactional
    test: that would flush the demo data the other quality checks share.)"""

    def post(client, email, address="203.0.113.9"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/en/registry/subscribe/", {"email": email}, REMOTE_ADDR=address)

    return post


def test_forty_requests_to_arbitrary_addresses_send_only_a_few_mails(subscribe):
    client = Client()
    answers = [subscribe(client, f"victim{n}@example.org").status_code for n in range(40)]
    assert len(mail.outbox) <= 5
    assert set(answers) <= {200, 429} and 429 in answers
    page = subscribe(client, "one-more@example.org").content.decode()
    assert "Too many subscription requests" in page and "try again" in page


def test_one_inbox_is_not_flooded_from_many_addresses(subscribe):
    for n in range(20):
        subscribe(Client(), "Victim@Example.org" if n % 2 else "victim@example.org", address=f"198.51.100.{n}")
    assert len(mail.outbox) == 1


def test_global_ceiling_holds_against_many_client_addresses(subscribe, settings):
    settings.REGISTRY_SUBSCRIBE_RATE_GLOBAL = 10
    for n in range(40):
        subscribe(Client(), f"v{n}@example.org", address=f"192.0.2.{n}")
    assert len(mail.outbox) == 10


def test_throttled_page_does_not_tell_whether_an_address_is_subscribed(subscribe):
    Subscription.objects.create(email="known@example.org", confirmed_at=timezone.now())
    client = Client()
    for n in range(10):
        subscribe(client, f"filler{n}@example.org")
    known = subscribe(client, "known@example.org")
    unknown = subscribe(client, "unknown@example.org")
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)


def test_throttle_keeps_no_raw_address_or_email(subscribe):
    from django.core.cache import cache  # noqa: PLC0415 -- used by this test only

    subscribe(Client(), "private.person@example.org", address="198.51.100.77")
    if hasattr(cache, "_cache") and isinstance(cache._cache, dict):
        stored = [(str(k), str(v)) for k, v in cache._cache.items()]
    else:
        client = cache._cache.get_client()
        stored = [(k.decode(), str(client.get(k))) for k in client.scan_iter()]
    assert stored, "the throttle counted nothing"
    text = repr(stored)
    assert "198.51.100.77" not in text and "private.person" not in text


def test_per_inbox_ceiling_holds_even_without_the_hourly_resend_rule(subscribe, settings):
    settings.SUBSCRIPTION_RESEND_AFTER_MINUTES = 0
    for n in range(20):
        subscribe(Client(), "victim@example.org", address=f"198.51.100.{n}")
    assert 1 <= len(mail.outbox) <= 3


def test_a_cache_that_is_down_sends_nothing_and_answers_a_clear_page(subscribe, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    answer = subscribe(Client(), "someone@example.org")
    assert answer.status_code == 429 and "try again" in answer.content.decode()
    assert not mail.outbox
