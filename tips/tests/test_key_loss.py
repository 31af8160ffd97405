"""A Fernet key replaced instead of added: the deploy check names what is missing (never the content), and the
handler sees a clear page instead of a server error. Only tips from before issue 23 use these keys (until
`tips_seal_existing`); tips sealed to their readers need none of them."""

import logging

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from taskforce.testing.auth import login
from tips import services
from tips.checks import encrypted_data_check
from tips.uploads import CleanFile

from .factories import tip_data
from .test_seal_existing import legacy_tip
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db

SECRET_TEXT = "the farm on range road 42"


@pytest.fixture
def old_tip(hotlines):
    """A tip from before issue 23, with a message and a file, for the national line."""
    return legacy_tip(hotlines["cceht"], text=SECRET_TEXT)


@pytest.fixture
def sealed_tip(hotlines, handler_national):
    """A tip sent today, once the national line's handler has a key: sealed to them, nothing in the Fernet columns."""
    receipt = services.tip_submit(
        form_data=tip_data(what_happened=SECRET_TEXT), files=[CleanFile("image/png", png_bytes())]
    )
    services.tip_message_add(tip=receipt.tip, actor=None, kind="reporter", body=SECRET_TEXT + " again")
    return receipt.tip


def test_the_check_passes_while_every_key_is_listed(old_tip, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]  # added
    assert encrypted_data_check(databases=["default"]) == []
    call_command("check", "--database", "default")


def test_a_replaced_key_is_named_by_the_check_without_any_content(old_tip, settings, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # replaced: the old tips cannot be read
    errors = encrypted_data_check(databases=["default"])
    assert {e.id for e in errors} == {"tips.E002"}
    text = "\n".join(f"{e.msg} {e.hint}" for e in errors)
    for column in ("tips.Tip.what_happened", "tips.TipMessage.body", "tips.TipFile"):
        assert column in text
    assert "FIELD_ENCRYPTION_KEYS" in text and "encrypted on" in text
    assert SECRET_TEXT not in text
    with pytest.raises(SystemCheckError) as raised:
        call_command("check", "--deploy", "--database", "default")
    assert "tips.E002" in str(raised.value) and SECRET_TEXT not in str(raised.value)


def test_the_check_does_not_need_a_database_to_run(settings):
    assert encrypted_data_check(databases=None) == []


def test_the_handler_sees_a_clear_page_not_a_server_error(old_tip, client, handler_national, settings, caplog):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    login(client, handler_national)
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        response = client.get(f"/en/tips/staff/inbox/{old_tip.id}/")
    page = response.content.decode()
    assert response.status_code == 503
    assert "cannot be read with the current keys" in page and "administrator" in page
    assert "1-833-900-1010" in page and "no-store" in response["Cache-Control"]
    assert not any(SECRET_TEXT in r.getMessage() or r.exc_info for r in caplog.records)
    assert any("FIELD_ENCRYPTION_KEYS" in r.getMessage() for r in caplog.records), "the operator is told"
    file_id = old_tip.files.get().id
    assert client.get(f"/en/tips/staff/inbox/{old_tip.id}/files/{file_id}/").status_code == 503
    french = client.get(f"/fr/tips/staff/inbox/{old_tip.id}/")
    assert french.status_code == 503 and '<html lang="fr"' in french.content.decode()


def test_another_handler_still_gets_no_hint_that_the_tip_exists(old_tip, client, handler_mb, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    login(client, handler_mb)
    assert client.get(f"/en/tips/staff/inbox/{old_tip.id}/").status_code == 404


def test_sealed_tips_need_none_of_the_fernet_keys(sealed_tip, client, handler_national, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # replaced: no old tip is left to need it
    assert encrypted_data_check(databases=["default"]) == [], "a sealed file is not taken for a Fernet token"
    login(client, handler_national)
    page = client.get(f"/en/tips/staff/inbox/{sealed_tip.id}/")
    assert page.status_code == 200 and SECRET_TEXT in page.content.decode()
    served = client.get(f"/en/tips/staff/inbox/{sealed_tip.id}/files/{sealed_tip.files.get().id}/")
    assert served.status_code == 200 and served.content == png_bytes()


def test_only_the_old_tip_is_named_among_sealed_ones(old_tip, sealed_tip, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    errors = encrypted_data_check(databases=["default"])
    text = "\n".join(e.msg for e in errors)
    assert "tips.Tip.what_happened: 1 of 1 sampled" in text and "tips.TipFile (stored files): 1 of 1 sampled" in text
