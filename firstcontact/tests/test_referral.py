"""A referral from a saved assessment becomes a tip in the right hotline's inbox, only with consent."""

import pytest
from django.test import Client

from firstcontact.models import Assessment, Referral
from taskforce.testing.auth import login
from tips.tests.factories import opened_by

from .helpers import full_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved(client, member_a, content, hotlines):
    login(client, member_a)
    client.post("/en/assess/", full_post(province="MB"))
    return Assessment.objects.get()


def refer_url(assessment):
    return f"/en/assess/saved/{assessment.pk}/refer/"


FORM = {
    "what_happened": "Met at the clinic; works on a farm, papers kept by the boss.",
    "kind": "labour",
    "contact_preference": "Call the clinic desk",
}


def inbox_of(user):
    from tips.selectors import tips_inbox  # noqa: PLC0415 -- used by this test only

    return list(tips_inbox(user=user))


def test_referral_without_consent_is_refused_and_sends_nothing(client, saved, mb_handler):
    response = client.post(refer_url(saved), FORM)
    assert response.status_code == 400
    assert "only refer with the person" in response.content.decode()
    assert not Referral.objects.exists() and inbox_of(mb_handler) == []


def test_referral_with_consent_reaches_the_provincial_hotline_inbox(client, saved, mb_handler, national_handler):
    response = client.post(refer_url(saved), {**FORM, "consent": "on"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Manitoba Human Trafficking Hotline" in body and "no-store" in response["Cache-Control"]
    referral = Referral.objects.get()
    assert referral.consent_given and "agrees" in referral.consent_text
    tips = inbox_of(mb_handler)
    assert len(tips) == 1 and tips[0].reference == referral.tip_reference
    tip = type(tips[0]).objects.get(pk=tips[0].pk)  # the full tip, as the handler opens it with their key
    assert (tip.source, tip.kind, tip.province) == ("assessment", "labour", "MB")
    text = opened_by(mb_handler, tip).what_happened
    assert "papers kept by the boss" in text
    assert "Referral from the first-contact assessment tool" in text
    assert "Control of documents and money" in text or "Recruitment and deception" in text
    assert inbox_of(national_handler) == []  # Manitoba's rules route it to Manitoba only
    page = client.get(saved.get_absolute_url()).content.decode()
    assert referral.tip_reference in page and "Send the referral" not in page


def test_referral_is_made_once(client, saved, mb_handler):
    client.post(refer_url(saved), {**FORM, "consent": "on"})
    response = client.post(refer_url(saved), {**FORM, "consent": "on"})
    assert response.status_code == 409
    assert len(inbox_of(mb_handler)) == 1


def test_another_provider_cannot_refer_someone_elses_assessment(saved, member_b, mb_handler):
    response = login(Client(), member_b).post(refer_url(saved), {**FORM, "consent": "on"})
    assert response.status_code == 404
    assert inbox_of(mb_handler) == [] and not Referral.objects.exists()
    assert Client().post(refer_url(saved), {**FORM, "consent": "on"}).status_code == 302


def test_referral_form_errors_are_clear(client, saved):
    response = client.post(refer_url(saved), {"kind": "nonsense", "consent": "on"})
    assert response.status_code == 400
    assert not Referral.objects.exists()
    assert client.get(refer_url(saved)).status_code == 405
