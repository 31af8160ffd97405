"""The routing system check, and key rotation."""

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from taskforce.testing.auth import login
from tips import services
from tips.checks import encrypted_data_check, routing_check
from tips.models import Hotline
from tips.uploads import CleanFile

from .factories import tip_data
from .test_seal_existing import MESSAGE, REASON, legacy_tip
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db


def test_check_passes_when_every_kind_and_region_has_a_receiver(hotlines):
    assert routing_check(databases=["default"]) == []
    call_command("check", "--database", "default")


def test_check_fails_when_a_kind_and_region_has_no_active_receiver(hotlines):
    Hotline.objects.filter(is_national=True).update(is_active=False)
    errors = routing_check(databases=["default"])
    ids = {e.id for e in errors}
    assert ids == {"tips.E001"}
    # Manitoba keeps its own hotline; every other province loses all four kinds.
    assert len(errors) == 12 * 4
    assert any("'organs' from AB" in e.msg for e in errors)
    with pytest.raises(SystemCheckError):
        call_command("check", "--database", "default")


def test_check_fails_for_a_kind_the_national_line_does_not_take(hotlines):
    Hotline.objects.filter(is_national=True).update(kinds="sex labour unsure")
    errors = routing_check(databases=["default"])
    assert len(errors) == 12 and all("'organs'" in e.msg for e in errors)


def test_check_only_runs_against_a_database(hotlines):
    Hotline.objects.update(is_active=False)
    assert routing_check(databases=None) == []


def test_no_hotlines_at_all_is_a_warning_so_migrate_still_runs(db):
    [warning] = routing_check(databases=["default"])
    assert warning.id == "tips.W001"


def test_rotate_keys_reencrypts_the_old_tips_and_leaves_sealed_ones_alone(client, hotlines, handler_national, settings):
    old = legacy_tip(hotlines["cceht"], by=handler_national, text="rotate me")  # from before issue 23
    sealed = services.tip_submit(
        form_data=tip_data(what_happened="sealed, not rotated"), files=[CleanFile("image/png", png_bytes())]
    ).tip
    sealed_file = sealed.files.get()
    sealed_stored = (Path(settings.MEDIA_ROOT) / sealed_file.storage_name).read_bytes()
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("tips_rotate_keys")
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old keys are gone now
    with connection.cursor() as cursor:
        cursor.execute("SELECT what_happened FROM tips_tip WHERE id = %s", [old.id])
        [(raw,)] = cursor.fetchall()
        cursor.execute("SELECT reason FROM tips_tipreminder")
        [(reason,)] = cursor.fetchall()
    assert Fernet(new_key).decrypt(raw.encode()) == b"rotate me"
    assert Fernet(new_key).decrypt(reason.encode()) == REASON.encode()
    old_file = old.files.get()
    stored = (Path(settings.MEDIA_ROOT) / old_file.storage_name).read_bytes()
    assert Fernet(new_key).decrypt(stored) == png_bytes()
    assert (Path(settings.MEDIA_ROOT) / sealed_file.storage_name).read_bytes() == sealed_stored, "not a Fernet token"
    assert check_key_problems() == []
    login(client, handler_national)
    page = client.get(f"/en/tips/staff/inbox/{old.id}/").content.decode()
    assert "rotate me" in page and MESSAGE in page and REASON in page
    assert client.get(f"/en/tips/staff/inbox/{old.id}/files/{old_file.id}/").content == png_bytes()
    page = client.get(f"/en/tips/staff/inbox/{sealed.id}/").content.decode()
    assert "sealed, not rotated" in page
    assert client.get(f"/en/tips/staff/inbox/{sealed.id}/files/{sealed_file.id}/").content == png_bytes()


def check_key_problems():
    return encrypted_data_check(databases=["default"])
