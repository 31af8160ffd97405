"""Tip files on shared object storage (issue 22): ciphertext in the bucket, served to handlers by the portal, keys
rotated in place, and a storage that is down turns the tip back to the reporter with everything typed kept."""

from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from taskforce.testing.auth import login
from tips.models import Tip, TipFile

from .factories import report_post
from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db


def _picture():
    return SimpleUploadedFile("plate.png", png_bytes(), content_type="image/png")


def test_a_tip_file_is_ciphertext_in_the_bucket_and_its_keys_are_rotated_there(
    client, hotlines, handler_national, s3_media, settings
):
    response = report_post(client, files=[_picture()])
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    tip_file = TipFile.objects.get()
    assert s3_media.objects() == [tip_file.storage_name]
    stored = s3_media.read(tip_file.storage_name)
    assert not stored.startswith(b"\x89PNG") and b"IHDR" not in stored and b"IDAT" not in stored
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()], "nothing on this machine's disk"
    with pytest.raises(HTTPError) as refused:  # a private object: the bucket gives it to no one without keys
        urlopen(f"{s3_media.endpoint}/{s3_media.bucket}/{tip_file.storage_name}", timeout=5)  # noqa: S310 -- ours
    assert refused.value.code == 403

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("tips_rotate_keys")  # every machine shares the bucket: no path on this one's disk
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old keys are gone now
    assert s3_media.objects() == [tip_file.storage_name], "rotated in place: no second object"
    assert Fernet(new_key).decrypt(s3_media.read(tip_file.storage_name)).startswith(b"\x89PNG")
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/")
    assert served.status_code == 200 and served.content.startswith(b"\x89PNG")


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
