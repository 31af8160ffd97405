"""Registry source documents: PDFs only (from the content), rewritten without scripts, comments or metadata,
the SHA-256 of what is published, served as downloads, and a draft's sources only to registry staff."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from publications import services
from publications.models import RegistryEntry, RegistrySource
from taskforce.testing.auth import login
from taskforce.tests.files import COMMENT_AUTHOR, GPS_TEXT, PAGE_TEXT, hostile_pdf, jpeg_with_gps, pdf_everything

from .factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _add(client, entry, upload):
    url = reverse("publications:entry_source_add", args=[entry.public_id])
    return client.post(url, {"title": "Court record", "file": upload}, follow=True)


def _download(client, source):
    return client.get(reverse("publications:source_file", args=[source.id]))


def test_a_source_pdf_loses_its_javascript_comments_and_metadata(client, editor, published_entry, media):
    login(client, editor)
    response = _add(client, published_entry, SimpleUploadedFile("decision of Jane.pdf", hostile_pdf()))
    assert "Source document added." in response.content.decode()
    source = RegistrySource.objects.get()
    stored = Path(source.file.path)
    assert "Jane" not in stored.name
    left = pdf_everything(stored.read_bytes())
    for gone in (
        "/JavaScript",
        "/OpenAction",
        "/AA",
        "/Annots",
        "/AcroForm",
        "/EmbeddedFiles",
        COMMENT_AUTHOR,
        GPS_TEXT,
    ):
        assert gone not in left, gone
    assert PdfReader(io.BytesIO(stored.read_bytes())).pages[0].extract_text().strip() == f"{PAGE_TEXT} (page 1)"
    import hashlib  # noqa: PLC0415 -- used by this test only

    assert source.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()  # the hash of what is published


@pytest.mark.parametrize(
    ("name", "data"),
    [("decision.pdf", b"%PDF-1.7\n<script>alert(1)</script>"), ("decision.pdf", jpeg_with_gps())],
    ids=["pdf-header-then-garbage", "a-photo-named-pdf"],
)
def test_what_is_not_a_readable_pdf_is_refused_and_nothing_is_saved(client, editor, published_entry, media, name, data):
    login(client, editor)
    response = _add(client, published_entry, SimpleUploadedFile(name, data))
    page = response.content.decode()
    assert "This PDF could not be read." in page or "Only PDF documents can be attached here." in page
    assert not RegistrySource.objects.exists()
    assert not [p for p in Path(media).rglob("*") if p.is_file()]


def _approve_pending(entry, approver):
    correction = entry.corrections.get()
    services.correction_approve(correction=correction, actor=approver, version=correction.version)


def test_a_published_entry_source_is_a_download_for_everyone_once_approved(
    client, editor, approver, member_a, published_entry
):
    login(client, editor)
    _add(client, published_entry, SimpleUploadedFile("decision.pdf", hostile_pdf()))
    source = RegistrySource.objects.get()
    client.logout()
    # Waiting in a correction: nobody outside the registry team can fetch it, even by guessing its number.
    assert _download(client, source).status_code == 404
    login(client, member_a)
    assert _download(client, source).status_code == 404
    client.logout()
    _approve_pending(published_entry, approver)
    page = client.get(published_entry.get_absolute_url()).content.decode()
    assert f'href="{reverse("publications:source_file", args=[source.id])}"' in page and "/media/" not in page
    served = _download(client, source)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'attachment; filename="{published_entry.public_id}-source-{source.id}.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"%PDF-")


def test_a_draft_entry_source_is_served_to_registry_staff_only(client, editor, approver, member_a):
    draft = make_entry(created_by=editor, status=RegistryEntry.Status.DRAFT)
    login(client, editor)
    _add(client, draft, SimpleUploadedFile("decision.pdf", hostile_pdf()))
    source = RegistrySource.objects.get()
    assert _download(client, source).status_code == 200
    login(client, approver)
    assert _download(client, source).status_code == 200
    login(client, member_a)
    assert _download(client, source).status_code == 404
    client.logout()
    assert _download(client, source).status_code == 404
    assert client.get(reverse("publications:source_file", args=[source.id + 1])).status_code == 404


def test_the_api_links_to_the_download(client, editor, approver, published_entry):
    login(client, editor)
    _add(client, published_entry, SimpleUploadedFile("decision.pdf", hostile_pdf()))
    source = RegistrySource.objects.get()
    _approve_pending(published_entry, approver)
    client.logout()
    data = client.get(f"/api/registry/{published_entry.public_id}/").json()
    assert data["sources"][0]["file_url"].endswith(reverse("publications:source_file", args=[source.id]))


def test_the_approver_can_open_the_source_document_they_approve(client, editor, approver, published_entry):
    """The pending correction names the added document and links to its download for the approver; the public
    still gets 404 for it until approval."""
    login(client, editor)
    _add(client, published_entry, SimpleUploadedFile("decision.pdf", hostile_pdf()))
    source = RegistrySource.objects.get()
    link = reverse("publications:source_file", args=[source.id])
    login(client, approver)
    page = client.get(reverse("publications:entry_staff", args=[published_entry.public_id])).content.decode()
    panel = page[page.index('id="pending-correction"') :]
    assert f'href="{link}"' in panel and "Court record" in panel
    assert client.get(link).status_code == 200
    client.logout()
    assert client.get(link).status_code == 404
