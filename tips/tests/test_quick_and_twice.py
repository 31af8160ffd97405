"""The outside review of the tip journey: quick follow-ups, a double click on Send, the refusal's hotlines,
oversized uploads, the no-JavaScript note of the follow-up page."""

import pickle

import pytest
from django.core.cache import cache

from tips.models import Tip, TipMessage

from .factories import (
    FOLLOW_UP_URL,
    REPORT_URL,
    follow_up,
    form_token,
    opened_with_escrow,
    receipt_code,
    report_post,
    tip_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(client, hotlines):
    return receipt_code(report_post(client))


@pytest.fixture
def anti_bot_wait(settings):
    settings.TIPS_MIN_FILL_SECONDS = 3


def test_a_quick_reply_in_the_thread_is_sent(client, code, anti_bot_wait, escrow_keys):
    response = follow_up(client, code, body="The van came back tonight.")
    assert response.status_code == 200
    assert "Your message was sent" in response.content.decode()
    message = TipMessage.objects.get()
    assert [m.body for m in opened_with_escrow(message.tip, escrow_keys).thread([message])] == [
        "The van came back tonight."
    ]


def test_entering_the_code_quickly_opens_the_thread(client, code, anti_bot_wait):
    response = follow_up(client, code)
    assert response.status_code == 200
    assert "Write to the hotline" in response.content.decode()


def _comes_back(response, status: int, *shown: str) -> None:
    """A refused form comes back with `status`, showing each of `shown` (what the person wrote, the reason)."""
    html = response.content.decode()
    assert response.status_code == status
    for text in shown:
        assert text in html, text


def test_a_refused_reply_comes_back_in_the_thread_with_the_message(client, code):
    data = {"code": code, "form_token": "not-a-token", "body": "They moved the workers to a barn."}
    _comes_back(client.post(FOLLOW_UP_URL, data), 400, "Write to the hotline", "They moved the workers to a barn.")
    assert not TipMessage.objects.exists()


def test_a_refused_reply_with_a_wrong_code_keeps_the_message(client, code):
    token = form_token(client.get(FOLLOW_UP_URL))
    data = {"code": "AAAA-BBBB-CCCC", "form_token": token, "body": "They moved the workers to a barn."}
    _comes_back(client.post(FOLLOW_UP_URL, data), 400, "They moved the workers to a barn.")
    assert not TipMessage.objects.exists()


def _cached_values() -> list[bytes]:
    """Every value the cache holds, as stored (the local memory cache of tests, or Redis)."""
    if isinstance(cache._cache, dict):
        return [value if isinstance(value, bytes) else pickle.dumps(value) for value in cache._cache.values()]
    client = cache._cache.get_client()
    return [client.get(key) or b"" for key in client.keys(cache.make_key("*"))]


def test_a_double_click_on_send_shows_the_same_code_twice(client, hotlines):
    data = tip_data(danger_now="no")
    data["form_token"] = form_token(client.get(REPORT_URL))
    first = client.post(REPORT_URL, data)
    second = client.post(REPORT_URL, data)
    assert first.status_code == 200 and second.status_code == 200
    code = receipt_code(first)
    assert receipt_code(second) == code
    assert Tip.objects.count() == 1
    for raw in _cached_values():
        assert code.encode() not in raw and code.replace("-", "").encode() not in raw


def test_another_token_does_not_open_the_kept_code(client, hotlines):
    data = tip_data(danger_now="no")
    data["form_token"] = form_token(client.get(REPORT_URL))
    receipt_code(client.post(REPORT_URL, data))
    data["form_token"] = form_token(client.get(REPORT_URL))
    data["what_happened"] = ""  # a new form: judged on its own
    response = client.post(REPORT_URL, data)
    assert response.status_code == 400
    assert 'id="receipt-code"' not in response.content.decode()


def test_a_refusal_lists_only_the_hotlines_of_the_province_once(client, hotlines):
    data = tip_data(danger_now="no", province="AB", what_happened="")
    data["form_token"] = form_token(client.get(REPORT_URL))
    assert client.post(REPORT_URL, data).status_code == 400  # the token is spent
    data["what_happened"] = "Workers at a farm cannot leave."
    response = client.post(REPORT_URL, data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Manitoba Human Trafficking Hotline" not in html
    assert "Hamilton Police Victim Services" not in html
    assert html.count('<h3 class="h6 mb-1">Canadian Human Trafficking Hotline</h3>') == 1
    assert html.count('class="list-unstyled hotline-list"') == 1


def test_a_refusal_with_a_province_it_does_not_know_shows_the_national_line(client, hotlines):
    data = tip_data(danger_now="no", province="XX")
    data["form_token"] = "not-a-token"
    html = client.post(REPORT_URL, data).content.decode()
    assert "Canadian Human Trafficking Hotline" in html
    assert "Manitoba Human Trafficking Hotline" not in html


def test_the_follow_up_note_speaks_of_codes_not_reports(client):
    html = client.get(FOLLOW_UP_URL).content.decode()
    assert "fewer reports can be sent" not in html
    assert "fewer receipt codes can be tried" in html
    assert "fewer reports can be sent" in client.get(REPORT_URL).content.decode()


def _big_file(name: str, size: int):
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415 -- used by this test only

    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size, content_type="application/pdf")


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        # A 17 MB form: one file far over its 5 MiB.
        ([("big.pdf", 17 * 2**20 - 4096)], "A file is too large"),
        # Four files of 4.5 MiB: each is under its 5 MiB, together they pass the 15 MiB of the three files allowed.
        ([(f"f{n}.pdf", 9 * 2**19) for n in range(4)], "The files together are too large"),
    ],
    ids=["one-file-too-large", "over-the-total-budget"],
)
def test_files_too_large_come_back_with_the_form_filled(client, hotlines, files, reason):
    data = tip_data(danger_now="no", city="Brooks", what_happened="The workers sleep in a locked barn.")
    data["form_token"] = form_token(client.get(REPORT_URL))
    data["files"] = [_big_file(name, size) for name, size in files]
    _comes_back(client.post(REPORT_URL, data), 400, reason, "The workers sleep in a locked barn.", 'value="Brooks"')
    assert not Tip.objects.exists()


def test_a_second_click_while_the_first_is_being_saved_shows_the_code(client, hotlines, monkeypatch):
    from tips import protection  # noqa: PLC0415 -- used by this test only

    data = tip_data(danger_now="no")
    data["form_token"] = form_token(client.get(REPORT_URL))
    first = client.post(REPORT_URL, data)
    code = receipt_code(first)
    protection.form_token_sending(data["form_token"])  # as while the first sending was still being saved
    # The first sending finishes while the second waits (the first pause of its wait).
    monkeypatch.setattr(protection.time, "sleep", lambda _s: protection.form_token_sent(data["form_token"], code=code))
    second = client.post(REPORT_URL, data)
    assert second.status_code == 200 and receipt_code(second) == code
    assert Tip.objects.count() == 1


def test_a_form_whose_first_sending_died_with_its_server_comes_back_filled_in(client, hotlines, monkeypatch):
    """Several web machines: the machine saving the first sending lost power (its mark stays "sending", no tip, no
    receipt). The reporter goes back and sends again on another machine: the form comes back filled in with a
    fresh token, never "already sent" with the text gone."""
    from tips import protection  # noqa: PLC0415 -- used by this test only

    data = tip_data(danger_now="no", what_happened="The boss keeps our passports in his truck.")
    data["form_token"] = form_token(client.get(REPORT_URL))
    protection.form_token_use(data["form_token"])
    protection.form_token_sending(data["form_token"])  # ... and the machine died before saving or answering
    monkeypatch.setattr(protection, "SENDING_WAIT_SECONDS", 0.3)
    again = client.post(REPORT_URL, data)
    _comes_back(again, 409, "If not, check your answers below", "The boss keeps our passports in his truck.")
    assert not Tip.objects.exists()
    data["form_token"] = form_token(again)
    assert receipt_code(client.post(REPORT_URL, data))
    assert Tip.objects.count() == 1


def test_the_follow_up_note_speaks_of_codes_in_french_too(client):
    html = client.get("/fr/tips/follow-up/").content.decode()
    assert "moins de codes de reçu peuvent être essayés" in html
    assert "signalements peuvent être envoyés" not in html


def test_a_reply_from_a_connection_over_its_wrong_code_limit_keeps_the_message(client, code, settings):
    token = form_token(client.get(FOLLOW_UP_URL))
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 0
    data = {"code": code, "form_token": token, "body": "They moved the workers to a barn."}
    _comes_back(client.post(FOLLOW_UP_URL, data), 429, "They moved the workers to a barn.")
    assert not TipMessage.objects.exists()
    assert client.post(FOLLOW_UP_URL, {"code": code, "form_token": token}).status_code == 429  # no code is checked
