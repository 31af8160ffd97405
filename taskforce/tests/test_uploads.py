"""The shared upload cleaner (taskforce/uploads.py): bounded memory, content over name, one door for every app."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from taskforce import uploads

from .files import GPS_TEXT, jpeg_with_gps, png_bomb

MEASURE = """
import json, resource, sys
from django.conf import settings
settings.configure(USE_I18N=False, UPLOAD_MAX_PIXELS=40_000_000, UPLOAD_MAX_PDF_PIXELS=200_000_000)
data = open(sys.argv[1], "rb").read()
from taskforce.uploads import reencode_image
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = reencode_image(data, sys.argv[2])
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"grew_kib": after - before, "out": len(out)}))
"""


@pytest.mark.parametrize("pil_format", ["PNG", "JPEG"])
def test_cleaning_a_picture_holds_one_decoded_copy_at_most(tmp_path, pil_format):
    """Peak memory of a fresh process while it cleans a 30-megapixel picture (90 MB of pixels): one decoded copy
    and the encoders' buffers, never a converted or copied second image."""
    source = tmp_path / "photo"
    Image.new("RGB", (6000, 5000), (200, 120, 40)).save(source, format=pil_format)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(source), pil_format],
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    figures = json.loads(result.stdout)
    one_copy_kib = 6000 * 5000 * 3 // 1024
    assert figures["out"] > 0
    assert figures["grew_kib"] < 1.6 * one_copy_kib, figures  # the old cleaner: 3.7 ×


def test_the_bomb_is_refused_from_its_header_without_decoding(monkeypatch):
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size))
    with pytest.raises(ValidationError) as refused:
        uploads.reencode_image(png_bomb(), "PNG")
    assert refused.value.code == "too_many_pixels" and decoded == []


@pytest.mark.parametrize("size", [(20000, 20000), (40001, 1000), (1, 40_000_001)])
def test_any_shape_over_the_budget_gets_the_same_clear_message(size):
    from .files import png_declaring  # noqa: PLC0415 -- used by this test only

    with pytest.raises(ValidationError, match="This picture is too large"):
        uploads.clean_upload(SimpleUploadedFile("x.png", png_declaring(*size)), max_bytes=2**20)


def test_the_pixel_budget_is_a_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 63
    with pytest.raises(ValidationError, match="more than 0 megapixels"):
        uploads.clean_upload(SimpleUploadedFile("a.jpg", jpeg_with_gps(size=(8, 8))), max_bytes=2**20)
    settings.UPLOAD_MAX_PIXELS = 64
    clean = uploads.clean_upload(SimpleUploadedFile("a.jpg", jpeg_with_gps(size=(8, 8))), max_bytes=2**20)
    assert clean.content_type == "image/jpeg" and GPS_TEXT.encode() not in clean.data


def test_the_kind_comes_from_the_content_and_the_stored_name_is_random():
    photo = SimpleUploadedFile("report.pdf", jpeg_with_gps())  # a picture named like a document
    clean = uploads.clean_upload(photo, max_bytes=2**20)
    assert clean.content_type == "image/jpeg"
    name = clean.as_content_file().name
    assert name.endswith(".jpg") and "report" not in name and len(Path(name).stem) == 32
    with pytest.raises(ValidationError, match="Only PDF documents can be attached here."):
        uploads.clean_upload(photo, max_bytes=2**20, kinds=[uploads.PDF])
    assert Image.open(io.BytesIO(clean.data)).getexif() == {}


def _pdf_with_picture(*, filter_name: str, data: bytes, inline: bool = False) -> bytes:
    """A one-page PDF drawing one picture, stored with the given filter (as an image object, or inline)."""
    from pypdf import PdfWriter  # noqa: PLC0415 -- used by this test only
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject  # noqa: PLC0415 -- used by this test only

    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    picture = DecodedStreamObject()
    picture.set_data(data)
    picture.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(16),
            NameObject("/Height"): NumberObject(12),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject(filter_name),
        }
    )
    drawing = DecodedStreamObject()
    if inline:
        drawing.set_data(b"q 16 0 0 12 0 0 cm BI /W 16 /H 12 /CS /RGB /BPC 8 /F /DCT ID " + data + b"\nEI Q")
    else:
        drawing.set_data(b"q 16 0 0 12 0 0 cm /Im0 Do Q")
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(picture)})}
        )
    page[NameObject("/Contents")] = writer._add_object(drawing)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_jpeg_2000_picture_inside_a_pdf_is_written_again_as_a_plain_jpeg():
    from .files import pdf_everything, pdf_images  # noqa: PLC0415 -- used by this test only

    jpx = io.BytesIO()
    Image.new("RGB", (16, 12), "green").save(jpx, format="JPEG2000")
    clean = uploads.clean_upload(
        SimpleUploadedFile("scan.pdf", _pdf_with_picture(filter_name="/JPXDecode", data=jpx.getvalue())),
        max_bytes=2**20,
    )
    assert "/JPXDecode" not in pdf_everything(clean.data)
    (picture,) = pdf_images(clean.data)
    assert picture.image.size == (16, 12) and picture.image.getpixel((8, 6))[1] > 100  # still green


def test_a_jpeg_written_inside_the_page_drawing_is_refused_rather_than_kept():
    pdf = _pdf_with_picture(filter_name="/DCTDecode", data=jpeg_with_gps(size=(16, 12)), inline=True)
    with pytest.raises(ValidationError, match="a kind of picture we cannot clean"):
        uploads.clean_upload(SimpleUploadedFile("scan.pdf", pdf), max_bytes=2**20)
