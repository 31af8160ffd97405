"""Evidence documents: kind from the content, metadata removed, random names, served only as downloads."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from actionplan.models import Evidence, StatusUpdate
from taskforce.tests.files import (
    CAMERA_SERIAL,
    COMMENT_AUTHOR,
    GPS_TEXT,
    PAGE_TEXT,
    hostile_pdf,
    jpeg_with_gps,
    pdf_everything,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _send(client, item, upload, **extra):
    item.refresh_from_db()
    data = {"status": "challenges", "progress": 35, "reason": "Minutes of the meeting.", "version": item.version}
    return client.post(
        reverse("actionplan:item_update", args=[item.url_key]), {**data, "evidence_file": upload, **extra}
    )


def _served(client, evidence):
    return client.get(reverse("actionplan:evidence_file", args=[evidence.id]))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("minutes.pdf", b"<html><script>alert(1)</script></html>"),  # a web page named like a document
        ("photo.jpg", b"<svg onload=alert(1)>"),
        ("notes.docx", b"PK\x03\x04 not really a document"),
    ],
    ids=["html-named-pdf", "svg-named-jpg", "zip-named-docx"],
)
def test_the_kind_comes_from_the_content_not_the_name(client, login_as, member_a, item, media, name, data):
    login_as(member_a)
    response = _send(client, item, SimpleUploadedFile(name, data))
    assert response.status_code == 400
    assert "Only pictures (JPEG or PNG) and PDF documents can be attached." in response.content.decode()
    assert not StatusUpdate.objects.exists() and not Evidence.objects.exists()
    assert not [p for p in Path(media).rglob("*") if p.is_file()]


def test_a_photo_loses_its_exif_and_its_name(client, login_as, member_a, item, media):
    login_as(member_a)
    assert _send(client, item, SimpleUploadedFile("Jane at the farm.jpg", jpeg_with_gps())).status_code == 302
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path)
    assert "Jane" not in stored.name and stored.suffix == ".jpg"
    assert GPS_TEXT.encode() not in stored.read_bytes() and CAMERA_SERIAL.encode() not in stored.read_bytes()
    client.logout()
    served = _served(client, evidence)
    body = b"".join(served.streaming_content)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["Content-Disposition"] == f'attachment; filename="evidence-{evidence.id}.jpg"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(body)).getexif() == {}


def test_a_pdf_loses_its_scripts_comments_and_exif_and_keeps_its_text(client, login_as, member_a, item):
    login_as(member_a)
    assert (
        _send(client, item, SimpleUploadedFile("minutes.pdf", hostile_pdf()), evidence_title="Minutes").status_code
        == 302
    )
    evidence = Evidence.objects.get()
    body = b"".join(_served(client, evidence).streaming_content)
    left = pdf_everything(body)
    for gone in (GPS_TEXT, CAMERA_SERIAL, COMMENT_AUTHOR, "/JavaScript", "/OpenAction", "/Annots", "/AcroForm"):
        assert gone not in left, gone
    assert PdfReader(io.BytesIO(body)).pages[0].extract_text().strip() == f"{PAGE_TEXT} (page 1)"


def test_the_public_page_links_to_the_download_not_to_the_media_folder(client, login_as, member_a, item):
    login_as(member_a)
    _send(client, item, SimpleUploadedFile("minutes.pdf", hostile_pdf()), evidence_title="Minutes")
    evidence = Evidence.objects.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{reverse("actionplan:evidence_file", args=[evidence.id])}"' in page
    assert "/media/" not in page


def test_an_evidence_without_a_file_or_unknown_is_not_found(client, login_as, member_a, item):
    login_as(member_a)
    _send(client, item, "", evidence_url="https://example.org/report", evidence_title="Report")
    link_only = Evidence.objects.get()
    assert _served(client, link_only).status_code == 404
    assert client.get(reverse("actionplan:evidence_file", args=[link_only.id + 1])).status_code == 404


def test_documents_stored_before_cleaning_are_cleaned_once_by_the_command(
    item, member_a, post_update, media, django_capture_on_commit_callbacks
):
    """Evidence uploaded before this change kept its name and metadata: the command cleans it in place, and
    names (never deletes) what it cannot clean, for a person to decide."""
    import io as _io  # noqa: PLC0415 -- used by this test only

    from django.core.files.base import ContentFile  # noqa: PLC0415 -- used by this test only
    from django.core.management import call_command  # noqa: PLC0415 -- used by this test only

    post_update(item, member_a, evidence_url="https://example.org/old", evidence_title="Old photo")
    photo = Evidence.objects.get()
    photo.file.save("Jane at the farm.jpg", ContentFile(jpeg_with_gps()))
    post_update(item, member_a, evidence_url="https://example.org/doc", evidence_title="Old document")
    document = Evidence.objects.exclude(id=photo.id).get()
    document.file.save("minutes.docx", ContentFile(b"PK\x03\x04 a word processor file"))
    old_photo_path = Path(photo.file.path)

    out = _io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the new one is committed
        call_command("evidence_clean_stored", stdout=out)
    photo.refresh_from_db()
    document.refresh_from_db()
    assert not old_photo_path.exists() and "Jane" not in photo.file.name and photo.file.name.endswith(".jpg")
    assert GPS_TEXT.encode() not in Path(photo.file.path).read_bytes()
    assert document.file.name.endswith("minutes.docx") and Path(document.file.path).exists()
    report = out.getvalue()
    assert f"evidence {photo.id}: cleaned" in report
    assert f"evidence {document.id}: not cleaned (Only pictures (JPEG or PNG) and PDF documents" in report
    out = _io.StringIO()
    call_command("evidence_clean_stored", stdout=out)
    assert f"evidence {photo.id}" not in out.getvalue()  # cleaned files are recognised by their random names
