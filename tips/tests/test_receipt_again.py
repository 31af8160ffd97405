"""The receipt shown again from its own page: in the other language (the language switch) or as a text file. The code
comes back in the post; nothing is stored, no cookie; a wrong code counts as a failed follow-up; other sites are
refused. The receipt and the thread name the hotline the tip went to."""

import pytest

from tips import services
from tips.models import Tip

from .factories import follow_up, receipt_code, report_post, tip_private_of

pytestmark = pytest.mark.django_db
AGAIN = "/{lang}/tips/report/receipt/"


@pytest.fixture
def code(client, hotlines):
    return receipt_code(report_post(client, province="MB", city="Winnipeg"))


def assert_private(response):
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert "no-store" in response["Cache-Control"]


def test_the_receipt_names_the_hotline_that_received_the_tip(client, hotlines):
    body = report_post(client, province="MB", city="Winnipeg").content.decode()
    assert "Your tip was sent to" in body and "Manitoba Human Trafficking Hotline" in body and "1-844-333-2211" in body
    assert "Canadian Human Trafficking Hotline</h3>" not in body  # Manitoba's tips go to Manitoba only


def test_the_language_switch_shows_the_same_receipt_in_french(client, code):
    response = client.post(AGAIN.format(lang="fr"), {"code": code})
    assert response.status_code == 200
    assert_private(response)
    body = response.content.decode()
    assert receipt_code(response) == code
    assert 'lang="fr"' in body and "Ligne d&#x27;urgence du Manitoba contre la traite des personnes" in body


def test_save_as_text_is_a_small_private_file(client, code):
    response = client.post(AGAIN.format(lang="en"), {"code": code, "as": "text"})
    assert response.status_code == 200
    assert_private(response)
    assert response["Content-Type"].startswith("text/plain")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    assert code in text and "1-844-333-2211" in text and "/en/tips/follow-up/" in text
    assert "&#x27;" not in text and "<" not in text  # text, not HTML
    assert len(text) < 2000


def test_a_wrong_code_shows_nothing_and_counts_as_a_failed_follow_up(client, code, settings):
    settings.TIPS_FOLLOWUP_FAILURES_PER_ADDRESS = 2
    for data in ({"code": "AAAA-BBBB-CCCC-DDDD-EEEE"}, {"code": "x" * 100_000, "as": "text"}):
        response = client.post(AGAIN.format(lang="en"), data)
        assert response.status_code == 400
        assert "We could not find a tip with this code" in response.content.decode()
        assert_private(response)
    assert client.post(AGAIN.format(lang="en"), {"code": code}).status_code == 429  # even the right code waits
    assert follow_up(client, code).status_code == 429  # one count with the follow-up page


def test_no_code_and_get_are_refused(client, hotlines):
    assert client.post(AGAIN.format(lang="en"), {}).status_code == 400
    assert client.get(AGAIN.format(lang="en")).status_code == 405


@pytest.mark.parametrize("headers", [{"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}])
def test_other_sites_cannot_ask_for_the_receipt(client, code, headers):
    response = client.post(AGAIN.format(lang="en"), {"code": code, "as": "text"}, **headers)
    assert response.status_code == 403 and code not in response.content.decode()


def test_the_thread_names_the_hotline_the_tip_is_with_now(client, handler_mb, handler_national, code, hotlines):
    def receivers(body: str) -> str:
        return body[body.index('id="tip-receivers"') : body.index("</section>", body.index('id="tip-receivers"'))]

    first = receivers(follow_up(client, code).content.decode())
    assert "Manitoba Human Trafficking Hotline" in first and "1-844-333-2211" in first
    tip = Tip.objects.get(receipt_hash=services.receipt_hash(code))
    services.tip_reroute(
        tip=tip,
        actor=handler_mb,
        from_hotline=hotlines["klinic"],
        to_hotline=hotlines["cceht"],
        tip_private=tip_private_of(handler_mb, tip),
    )
    now = receivers(follow_up(client, code).content.decode())
    assert "Manitoba" not in now and "Canadian Human Trafficking Hotline" in now and "1-833-900-1010" in now
