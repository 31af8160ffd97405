"""Tip files on shared object storage (issue 22): ciphertext in the bucket (sealed to the tip's readers since issue
23), served to handlers by the portal, the Fernet files of old tips rotated in place then resealed, and a storage
that is down turns the tip back to the reporter with everything typed kept."""

from io import StringIO
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from taskforce.testing.auth import login
from tips.models import Tip, TipFile

from .factories import report_post
from .test_seal_existing import legacy_tip
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db


def _picture():
    return SimpleUploadedFile("plate.png", png_bytes(), content_type="image/png")


def test_a_tip_file_is_sealed_in_the_bucket(client, hotlines, handler_national, s3_media, settings):
    response = report_post(client, files=[_picture()])
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    tip_file = TipFile.objects.get()
    assert tip_file.sealed and s3_media.objects() == [tip_file.storage_name]
    stored = s3_media.read(tip_file.storage_name)
    assert not stored.startswith(b"\x89PNG") and b"IHDR" not in stored and b"IDAT" not in stored
    with pytest.raises(InvalidToken):  # sealed to the tip's readers: the server's Fernet keys do not open it
        Fernet(settings.FIELD_ENCRYPTION_KEYS[0]).decrypt(stored)
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()], "nothing on this machine's disk"
    with pytest.raises(HTTPError) as refused:  # a private object: the bucket gives it to no one without keys
        urlopen(f"{s3_media.endpoint}/{s3_media.bucket}/{tip_file.storage_name}", timeout=5)  # noqa: S310 -- ours
    assert refused.value.code == 403
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/")
    assert served.status_code == 200 and served.content == png_bytes()


def test_an_old_tip_file_is_rotated_in_the_bucket_then_sealed(
    client, hotlines, handler_national, s3_media, settings, django_capture_on_commit_callbacks
):
    old = legacy_tip(hotlines["cceht"])  # from before issue 23: a Fernet token in the bucket
    old_file = old.files.get()
    assert report_post(client, files=[_picture()]).status_code == 200  # a tip sent today, its file sealed
    sealed = TipFile.objects.get(sealed=True)
    sealed_stored = s3_media.read(sealed.storage_name)

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("tips_rotate_keys")  # every machine shares the bucket: no path on this one's disk
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old keys are gone now
    assert s3_media.objects() == sorted([old_file.storage_name, sealed.storage_name]), "rotated in place"
    assert Fernet(new_key).decrypt(s3_media.read(old_file.storage_name)) == png_bytes()
    assert s3_media.read(sealed.storage_name) == sealed_stored, "a sealed file is no Fernet token: left alone"
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{old.id}/files/{old_file.id}/")
    assert served.status_code == 200 and served.content == png_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("tips_seal_existing", stdout=StringIO())
    resealed = TipFile.objects.get(id=old_file.id)
    assert resealed.sealed and s3_media.objects() == sorted([resealed.storage_name, sealed.storage_name])
    assert b"IHDR" not in s3_media.read(resealed.storage_name)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # retired: no tip needs them any more
    served = client.get(f"/en/tips/staff/inbox/{old.id}/files/{old_file.id}/")
    assert served.status_code == 200 and served.content == png_bytes()


def test_storage_down_the_reporter_gets_the_form_back_with_what_they_typed(client, hotlines, s3_down):
    typed = "The workers at the greenhouse on Range Road 42 sleep in a locked shed."
    response = report_post(client, files=[_picture()], what_happened=typed, city="Brooks")
    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not store your files just now" in page
    assert "Range Road 42" in page and 'value="Brooks"' in page
    assert not Tip.objects.exists() and not TipFile.objects.exists()
    # The same reporter sends it again without the files: the tip is taken (its text never needed the storage).
    again = report_post(client, what_happened=typed, city="Brooks")
    assert again.status_code == 200 and "receipt-code" in again.content.decode()
    assert Tip.objects.count() == 1 and not TipFile.objects.exists()
