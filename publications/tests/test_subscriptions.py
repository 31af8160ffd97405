"""Email subscriptions to registry changes: double opt-in, one-click unsubscribe, sent through notifications."""

import re

import pytest
from django.core import mail
from django.test import Client

from publications import services
from publications.models import Subscription
from taskforce.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)  # mail is queued on commit


def _link(body: str, word: str) -> str:
    return re.search(rf"http://\S+/{word}/\S+/", body).group(0).replace("http://127.0.0.1:8000", "")


def _subscribe(client, email="reporter@news.example"):
    return client.post("/en/registry/subscribe/", {"email": email})


def test_double_opt_in_then_one_click_unsubscribe(published_entry, approver):
    client = Client(enforce_csrf_checks=True)  # no cookie, no CSRF token needed
    assert _subscribe(client).status_code == 200
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reporter@news.example"]
    assert not Subscription.objects.get().is_active

    # Nothing is sent before confirmation.
    services.entry_set_appeal(entry=published_entry, actor=approver, under_appeal=True, reason="Appeal.", version=None)
    assert len(mail.outbox) == 1

    confirm = _link(mail.outbox[0].body, "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and not Subscription.objects.get().is_active  # GET changes nothing
    assert client.post(confirm).status_code == 200
    assert Subscription.objects.get().is_active
    assert not client.cookies

    published_entry.refresh_from_db()
    services.entry_delist(entry=published_entry, actor=approver, reason="Overturned.", version=None)
    notice = mail.outbox[-1]
    assert len(mail.outbox) == 2 and published_entry.public_id in notice.subject
    assert published_entry.legal_name not in notice.body

    unsubscribe = _link(notice.body, "unsubscribe")
    assert client.post(unsubscribe).status_code == 200
    assert not Subscription.objects.get().is_active


def test_forged_or_tampered_links_are_404(client):
    _subscribe(client)
    confirm = _link(mail.outbox[0].body, "confirm")
    assert client.post(confirm[:-3] + "xx/").status_code == 404
    assert client.post("/en/registry/unsubscribe/1:abc/").status_code == 404
    assert not Subscription.objects.get().is_active


def test_confirmation_token_cannot_be_used_to_unsubscribe_and_vice_versa(client):
    _subscribe(client)
    token = _link(mail.outbox[0].body, "confirm").rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/en/registry/unsubscribe/{token}/").status_code == 404


def test_bad_email_is_a_400_and_saves_nothing(client):
    assert _subscribe(client, "not-an-email").status_code == 400
    assert _subscribe(client, "x" * 5000 + "@example.org").status_code == 400
    assert not Subscription.objects.exists() and not mail.outbox


def test_repeated_requests_do_not_flood_an_inbox(client):
    for _ in range(5):
        _subscribe(client, "victim@example.org")
    assert len(mail.outbox) == 1


def test_announcement_is_safe_to_run_twice(published_entry, editor):
    sub = Subscription.objects.create(email="a@example.org")
    services.subscription_confirm(subscription=sub)
    change = published_entry.changes.get()
    assert services.change_announce(change_id=change.pk) == 1
    assert services.change_announce(change_id=change.pk) == 0
    assert Notification.objects.filter(template="publications_registry_change").count() == 1


def test_registry_mail_offers_the_mail_programs_one_click_unsubscribe(published_entry, approver):
    """A mail program's own "Unsubscribe" button (RFC 8058) ends the subscription; other mail carries none."""
    client = Client(enforce_csrf_checks=True)
    _subscribe(client)
    confirmation = mail.outbox[0]
    assert "List-Unsubscribe" not in confirmation.message()
    client.post(_link(confirmation.body, "confirm"))
    services.entry_set_appeal(entry=published_entry, actor=approver, under_appeal=True, reason="Appeal.", version=None)
    notice = mail.outbox[-1].message()
    link = _link(mail.outbox[-1].body, "unsubscribe")
    assert notice["List-Unsubscribe"] == f"<http://127.0.0.1:8000{link}>"
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    mail_program = Client(enforce_csrf_checks=True)  # no cookie, no token, no page visited first
    answer = mail_program.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200
    assert not Subscription.objects.get().is_active
