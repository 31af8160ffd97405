"""Attachments: type from content, size limit, metadata removed, encrypted on disk, served only to handlers."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from taskforce.testing.auth import login
from tips.models import AccessLogEntry, Tip, TipFile

from .factories import pdf_bytes, report_post

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()


def jpeg_with_exif(comment: str = "GPS 53.5461 -113.4938") -> bytes:
    img = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010E] = comment  # ImageDescription
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return out.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_image_metadata_is_removed_and_the_file_is_encrypted_on_disk(client, hotlines, handler_national, settings):
    original = jpeg_with_exif("GPS 53.5461 -113.4938")
    assert b"53.5461" in original
    response = report_post(client, files=[upload("me at home.jpg", original, "image/jpeg")])
    assert response.status_code == 200
    tip_file = TipFile.objects.get()
    on_disk = (Path(settings.MEDIA_ROOT) / tip_file.storage_name).read_bytes()
    assert not on_disk.startswith(b"\xff\xd8") and b"53.5461" not in on_disk
    assert "me at home" not in tip_file.storage_name
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    body = served.content
    assert body.startswith(b"\xff\xd8") and b"53.5461" not in body
    assert Image.open(io.BytesIO(body)).getexif().get(0x010E) is None
    assert AccessLogEntry.objects.filter(action="file_viewed", actor=handler_national).count() == 1


def test_pdf_metadata_is_removed_and_the_pages_kept(client, hotlines, handler_national):
    original = pdf_bytes(author="Jane Reporter", text="The van was parked behind the motel", pages=2)
    assert original.count(b"Jane Reporter") >= 2  # in the information dictionary and the XMP
    response = report_post(client, files=[upload("my statement.pdf", original)])
    assert response.status_code == 200
    tip_file = TipFile.objects.get()
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/")
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"Jane Reporter" not in served.content
    document = PdfReader(io.BytesIO(served.content))
    assert not document.metadata or not {"/Author", "/Title", "/Creator"} & set(document.metadata)
    assert "/Metadata" not in document.trailer["/Root"] and "/ID" not in document.trailer
    assert [page.extract_text().strip() for page in document.pages] == [
        "The van was parked behind the motel (page 1)",
        "The van was parked behind the motel (page 2)",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n% nothing but a header\n%%EOF\n", "This PDF could not be read."),
        (PDF[: len(PDF) // 2], "This PDF could not be read."),
        ("locked", "This PDF is locked with a password."),
    ],
    ids=["empty", "cut-short", "password"],
)
def test_an_unreadable_or_locked_pdf_is_refused_and_nothing_is_saved(client, hotlines, data, message):
    if data == "locked":
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
        writer.encrypt(user_password="secret", owner_password="owner")
        locked = io.BytesIO()
        writer.write(locked)
        data = locked.getvalue()
    response = report_post(client, files=[upload("statement.pdf", data)])
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Tip.objects.exists() and not TipFile.objects.exists()


def test_pdf_and_png_are_accepted(client, hotlines):
    response = report_post(client, files=[upload("a.pdf", PDF), upload("b.png", png_bytes())])
    assert response.status_code == 200
    assert sorted(TipFile.objects.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]


@pytest.mark.parametrize(
    "name, data",
    [
        ("notes.jpg", b"just some text pretending to be a picture"),
        ("page.pdf", b"<html>not a pdf</html>"),
        ("x.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_other_types_are_refused_from_their_content(client, hotlines, settings, name, data):
    response = report_post(client, files=[upload(name, data, "image/jpeg")])
    assert response.status_code == 400
    assert "Only pictures (JPEG or PNG) and PDF documents can be attached." in response.content.decode()
    assert not Tip.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.bin"))


def test_a_broken_image_is_refused(client, hotlines):
    data = jpeg_with_exif()[:40]
    response = report_post(client, files=[upload("x.jpg", data)])
    assert response.status_code == 400 and not Tip.objects.exists()


def test_too_large_a_file_is_refused_with_a_clear_message(client, hotlines, settings):
    settings.TIPS_MAX_FILE_BYTES = 1024 * 1024
    response = report_post(client, files=[upload("big.pdf", PDF + b"0" * (1024 * 1024 + 10))])
    assert response.status_code == 400
    assert "A file is too large. Each file can be at most 1 MB." in response.content.decode()
    assert not Tip.objects.exists()


def test_too_many_files_are_refused(client, hotlines, settings):
    settings.TIPS_MAX_FILES = 1
    response = report_post(client, files=[upload("a.pdf", PDF), upload("b.pdf", PDF)])
    assert response.status_code == 400
    assert "You can attach at most 1 file." in response.content.decode()


def test_files_are_served_only_to_the_right_handler(client, hotlines, handler_mb, member_national):
    report_post(client, files=[upload("a.pdf", PDF)])
    tip_file = TipFile.objects.get()
    url = f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/"
    assert client.get(url).status_code == 302
    login(client, handler_mb)
    assert client.get(url).status_code == 404
    login(client, member_national)
    assert client.get(url).status_code == 403
    assert not AccessLogEntry.objects.filter(action="file_viewed").exists()


def test_a_refused_file_after_a_good_one_leaves_nothing_behind(hotlines, settings):
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- used by this test only

    from tips import services  # noqa: PLC0415 -- used by this test only
    from tips.uploads import CleanFile  # noqa: PLC0415 -- used by this test only

    from .factories import tip_data  # noqa: PLC0415 -- used by this test only

    good = CleanFile("image/png", png_bytes())
    with pytest.raises(ValidationError):
        services.tip_submit(form_data=tip_data(), files=[good, upload("bad.pdf", b"not a pdf")])
    assert not Tip.objects.exists() and not TipFile.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# ----- attacks: decompression bombs and what PDFs carry besides their text (issues 13 and 14) ----------------


@pytest.mark.parametrize(
    "size", [(13000, 13000), (6500, 6500)], ids=["bomb-169-megapixels", "just-over-the-40-megapixel-budget"]
)
def test_a_picture_over_the_pixel_budget_is_refused_before_decoding_and_the_form_keeps_the_text(
    client, hotlines, settings, size
):
    from taskforce.tests.files import png_bomb  # noqa: PLC0415 -- used by this test only

    bomb = png_bomb(*size)
    assert len(bomb) < 600_000  # half a megabyte on the wire
    response = report_post(
        client, files=[upload("photo.png", bomb)], what_happened="A man takes the passports of the workers."
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This picture is too large (more than 40 megapixels)." in page
    assert "A man takes the passports of the workers." in page  # what the person typed comes back
    assert not Tip.objects.exists() and not TipFile.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_pictures_inside_a_pdf_lose_their_exif_and_the_document_its_comments_forms_files_and_scripts(
    client, hotlines, handler_national
):
    from taskforce.tests import files  # noqa: PLC0415 -- used by this test only

    original = files.hostile_pdf(pages=2)
    everything = files.pdf_everything(original)
    for secret in (files.GPS_TEXT, files.CAMERA_SERIAL, files.COMMENT_AUTHOR, "/JavaScript", "/AcroForm"):
        assert secret in everything  # the attack is real: each of these is in the file sent
    assert report_post(client, files=[upload("statement.pdf", original)]).status_code == 200
    tip_file = TipFile.objects.get()
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/").content
    left = files.pdf_everything(served)
    for gone in (
        files.GPS_TEXT,  # EXIF of the photo on the page
        files.CAMERA_SERIAL,  # EXIF and JPEG comment
        files.COMMENT_AUTHOR,  # comment author, form field, attachment, script, information, XMP
        "/Annots", "/Thumb", "/AcroForm", "/EmbeddedFiles", "/JavaScript", "/OpenAction", "/Metadata", "/Author",
    ):  # fmt: skip
        assert gone not in left, gone
    document = PdfReader(io.BytesIO(served))
    assert [page.extract_text().strip() for page in document.pages] == [
        f"{files.PAGE_TEXT} (page 1)",
        f"{files.PAGE_TEXT} (page 2)",
    ]
    pictures = files.pdf_images(served)
    assert len(pictures) == 2 and all(picture.image.size == (64, 48) for picture in pictures)
    assert all(not Image.open(io.BytesIO(picture.data)).getexif() for picture in pictures)


def test_a_pdf_with_a_bomb_picture_inside_is_refused(client, hotlines):
    from pypdf.generic import NameObject  # noqa: PLC0415 -- used by this test only

    from taskforce.tests.files import hostile_pdf  # noqa: PLC0415 -- used by this test only

    # A 40-megapixel JPEG inside the page would be decoded to be cleaned: its header says so, and it is refused.
    reader = PdfReader(io.BytesIO(hostile_pdf()))
    writer = PdfWriter(clone_from=reader)
    big = io.BytesIO()
    Image.new("L", (8000, 5001)).save(big, format="JPEG", quality=5)
    for image in writer.pages[0].images:
        stream = image.indirect_reference.get_object()
        stream._data = big.getvalue()
        stream[NameObject("/Filter")] = NameObject("/DCTDecode")
    out = io.BytesIO()
    writer.write(out)
    response = report_post(client, files=[upload("statement.pdf", out.getvalue())])
    assert response.status_code == 400
    assert "This picture is too large (more than 40 megapixels)." in response.content.decode()
    assert not Tip.objects.exists()


def test_png_text_chunks_are_removed(client, hotlines, handler_national):
    from taskforce.tests.files import GPS_TEXT, png_with_text  # noqa: PLC0415 -- used by this test only

    assert report_post(client, files=[upload("map.png", png_with_text())]).status_code == 200
    tip_file = TipFile.objects.get()
    login(client, handler_national)
    served = client.get(f"/en/tips/staff/inbox/{tip_file.tip_id}/files/{tip_file.id}/")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment;")
    assert GPS_TEXT.encode() not in served.content and not Image.open(io.BytesIO(served.content)).info.get("Comment")
