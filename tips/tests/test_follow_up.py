"""Coming back with the receipt code: status, a two-way thread, throttled failures, no cookie."""

import pytest

from tips import services
from tips.models import Tip, TipMessage

from .factories import FOLLOW_UP_URL, follow_up, form_token, opened_with_escrow, receipt_code, report_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(client, hotlines):
    return receipt_code(report_post(client))


def assert_private(response):
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]


def test_receipt_confirmation_needs_its_own_form_token(client, code):
    token = form_token(client.get(FOLLOW_UP_URL))  # any page's token is refused: it is for another form
    response = client.post("/en/tips/report/saved/", {"code": code, "form_token": token})
    assert response.status_code == 400


def test_receipt_must_be_confirmed_else_it_is_shown_again(client, hotlines):
    receipt = report_post(client)
    code = receipt_code(receipt)
    token = form_token(receipt)
    response = client.post("/en/tips/report/saved/", {"code": code, "form_token": token})
    assert response.status_code == 400
    assert receipt_code(response) == code
    assert "Please confirm that you have saved the code" in response.content.decode()
    response = client.post("/en/tips/report/saved/", {"code": code, "form_token": token, "saved": "on"})
    assert response.status_code == 200
    assert code not in response.content.decode()
    assert_private(response)


def test_receipt_confirmation_with_an_unknown_code_is_refused(client, hotlines):
    receipt = report_post(client)
    response = client.post(
        "/en/tips/report/saved/", {"code": "AAAA-BBBB", "form_token": form_token(receipt), "saved": "on"}
    )
    assert response.status_code == 400


def test_code_shows_status_and_only_the_reporter_side_of_the_thread(client, code, handler_national):
    tip = Tip.objects.get()
    services.tip_set_status(tip=tip, actor=handler_national, status="triaged")
    services.tip_message_add(tip=tip, actor=handler_national, kind="reply", body="Thank you, we are looking.")
    services.tip_message_add(tip=tip, actor=handler_national, kind="note", body="Internal: call the RCMP.")
    response = follow_up(client, code.lower().replace("-", " "))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="tip-status">Being looked at by the hotline<' in html
    assert "Thank you, we are looking." in html
    assert "Internal: call the RCMP." not in html
    assert_private(response)


def test_reporter_can_write_back(client, code, escrow_keys):
    response = follow_up(client, code, body="The van came back tonight.")
    assert response.status_code == 200
    assert "Your message was sent" in response.content.decode()
    message = TipMessage.objects.get()
    assert message.kind == "reporter" and message.author is None
    opened = opened_with_escrow(message.tip, escrow_keys)
    assert [m.body for m in opened.thread([message])] == ["The van came back tonight."]
    assert "The van came back tonight." in follow_up(client, code).content.decode()  # the reporter reads it too
    assert Tip.objects.get().access_log.filter(action="reporter_message").count() == 1


def test_empty_reporter_message_is_refused(client, code):
    response = follow_up(client, code, body="  ")
    assert response.status_code == 400
    assert not TipMessage.objects.exists()


def test_a_message_with_a_wrong_code_is_refused(client, code):
    response = follow_up(client, "WRONG-CODE", body="hello")
    assert response.status_code == 400
    assert not TipMessage.objects.exists()


def test_get_page_sets_no_cookie(client, hotlines):
    response = client.get(FOLLOW_UP_URL)
    assert response.status_code == 200
    assert_private(response)
    assert 'autocomplete="off"' in response.content.decode()


def test_wrong_codes_are_throttled_then_hotlines_are_shown(client, code, settings):
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 3
    for _ in range(3):
        response = follow_up(client, "AAAA-BBBB-CCCC-DDDD-EEEE")
        assert response.status_code == 400
        assert "We could not find a tip with this code" in response.content.decode()
    response = follow_up(client, code)  # even the right code waits now
    assert response.status_code == 429
    assert "1-833-900-1010" in response.content.decode()


def test_throttle_is_per_address_bucket(client, code, settings):
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 1
    token = form_token(client.get(FOLLOW_UP_URL))
    client.post(FOLLOW_UP_URL, {"code": "NOPE", "form_token": token}, REMOTE_ADDR="192.0.2.1")
    assert client.post(FOLLOW_UP_URL, {"code": code, "form_token": token}, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(FOLLOW_UP_URL, {"code": code, "form_token": token}, REMOTE_ADDR="192.0.2.2").status_code == 200
