"""The tip form's same-run baseline (issue 23): the public form view under /_bench/tips/report/legacy/ files its tip
the pre-issue-23 way (Fernet columns, Fernet files, a delivery per receiver), while the portal's URL in the same
server keeps sealing tips to their readers."""

import base64
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tips import keys, reference
from tips.crypto import decrypt_bytes
from tips.models import Delivery, Hotline, Tip, TipFile
from tips.tests.factories import hotline_organizations, receipt_code, report_post

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]

LEGACY_URL = "/_bench/tips/report/legacy/"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (5, 3), (17, 203, 91)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _tips(settings, tmp_path):
    """The real hotlines and routing, each with an escrow key (a reader: issue 23 refuses a tip nobody can read)."""
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.MEDIA_ROOT = str(tmp_path / "media")
    hotline_organizations()
    reference.load()
    for hotline in Hotline.objects.all():
        hotline.escrow_public_key = base64.b64encode(keys.keypair_new().public).decode()
        hotline.save(update_fields=["escrow_public_key"])


def test_the_legacy_url_files_the_tip_in_fernet_columns_with_a_delivery_per_receiver(client):
    response = report_post(client, url=LEGACY_URL, what_happened="Workers locked in at night.")
    assert response.status_code == 200
    assert receipt_code(response)
    tip = Tip.objects.get()
    assert tip.what_happened == "Workers locked in at night." and tip.city == "Brooks"
    assert not bytes(tip.public_key) and not bytes(tip.content) and not tip.key_grants.exists()
    assert Delivery.objects.filter(tip=tip).count() >= 1


def test_the_legacy_url_encrypts_files_with_fernet(client):
    png = _png()
    upload = SimpleUploadedFile("photo.png", png, content_type="image/png")
    response = report_post(client, url=LEGACY_URL, files=[upload])
    assert response.status_code == 200
    stored = TipFile.objects.get()
    assert not stored.sealed
    with default_storage.open(stored.storage_name) as handle:
        ciphertext = handle.read()
    assert png[8:40] not in ciphertext and decrypt_bytes(ciphertext).startswith(b"\x89PNG")


def test_the_portal_url_in_the_same_server_still_seals_the_tip(client):
    assert report_post(client, url=LEGACY_URL).status_code == 200
    response = report_post(client, what_happened="Sealed as issue 23 wants.")
    assert response.status_code == 200
    sealed = Tip.objects.exclude(content=b"").get()
    assert bytes(sealed.public_key) and not sealed.what_happened and sealed.key_grants.exists()
    assert Tip.objects.count() == 2
