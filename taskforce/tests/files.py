"""Hostile and ordinary files for the upload tests, built in the test (no binary committed to the repository)."""

from __future__ import annotations

import functools
import io
import struct
import tempfile
import zlib

from PIL import Image

GPS_TEXT = "GPS 53.5461 -113.4938"
CAMERA_SERIAL = "SERIAL-4477-XQ"
COMMENT_AUTHOR = "Jane Reporter"
PAGE_TEXT = "The van was parked behind the motel"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def png_bomb(width: int = 13000, height: int = 13000) -> bytes:
    """A valid RGB PNG of black pixels: a few hundred kilobytes on the wire, width × height × 3 bytes once
    decoded (13000 × 13000: 169 megapixels, 507 MB). Compressed row by row, never held whole in memory."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)  # filter byte + black pixels
    parts = [compressor.compress(row) for _ in range(height)]
    idat = b"".join(parts) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width × height but whose data stops after one row: enough for any check that
    reads only the header, and it costs nothing to build."""
    idat = zlib.compress(b"\x00" * (1 + 3 * width))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def jpeg_with_gps(size=(64, 48), color="red") -> bytes:
    """A photo as a phone saves it: GPS position, camera serial number and a comment in its metadata."""
    exif = Image.Exif()
    exif[0x010E] = GPS_TEXT  # ImageDescription
    exif[0xA431] = CAMERA_SERIAL  # BodySerialNumber
    exif.get_ifd(0x8825)[2] = (53.0, 32.0, 46.0)  # GPSLatitude
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG", exif=exif.tobytes(), comment=CAMERA_SERIAL.encode())
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL.PngImagePlugin import PngInfo  # noqa: PLC0415 -- used by this test only

    info = PngInfo()
    info.add_text("Comment", GPS_TEXT)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def hostile_pdf(*, pages: int = 1) -> bytes:
    """A PDF carrying everything that can name its author besides its text: a photo with GPS EXIF on the page,
    a comment with its author, a form field, an attached file, a page thumbnail, document information, XMP,
    and JavaScript run on opening."""
    from pypdf import PdfReader, PdfWriter  # noqa: PLC0415 -- used by this test only
    from pypdf.actions import JavaScript  # noqa: PLC0415 -- used by this test only
    from pypdf.annotations import Text  # noqa: PLC0415 -- used by this test only
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject, TextStringObject  # noqa: PLC0415 -- used by this test only
    from reportlab.pdfgen import canvas  # noqa: PLC0415 -- used by this test only

    # Given as a file name, reportlab embeds the JPEG as it is, metadata included (as word processors do).
    photo = tempfile.NamedTemporaryFile(suffix=".jpg")  # noqa: SIM115 -- closed below
    photo.write(jpeg_with_gps())
    photo.flush()
    out = io.BytesIO()
    doc = canvas.Canvas(out)
    doc.setAuthor(COMMENT_AUTHOR)
    for number in range(pages):
        doc.drawString(72, 720, f"{PAGE_TEXT} (page {number + 1})")
        doc.drawImage(photo.name, 72, 500, width=128, height=96)
        doc.acroForm.textfield(name="witness", value=f"{COMMENT_AUTHOR} field", x=72, y=400, width=200, height=20)
        doc.showPage()
    doc.save()
    photo.close()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(out.getvalue())))
    for index in range(pages):
        note = Text(text=f"Comment by {COMMENT_AUTHOR}", rect=(300, 700, 320, 720))
        note[NameObject("/T")] = TextStringObject(COMMENT_AUTHOR)
        writer.add_annotation(page_number=index, annotation=note)
        thumb = DecodedStreamObject()
        thumb.set_data(b"\x00" * 12)
        thumb.update(
            {
                NameObject("/Width"): NumberObject(2),
                NameObject("/Height"): NumberObject(2),
                NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
                NameObject("/BitsPerComponent"): NumberObject(8),
                NameObject("/Creator"): TextStringObject(f"{COMMENT_AUTHOR} thumbnail"),
            }
        )
        writer.pages[index][NameObject("/Thumb")] = writer._add_object(thumb)
    writer.add_open_action(JavaScript(f"app.alert('{COMMENT_AUTHOR} script');"))
    writer.add_attachment("contacts.txt", f"{COMMENT_AUTHOR} attachment".encode())
    writer.add_metadata({"/Author": COMMENT_AUTHOR, "/Title": f"Notes by {COMMENT_AUTHOR}"})
    writer.xmp_metadata = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{COMMENT_AUTHOR}</dc:creator></x:xmpmeta>'.encode()
    )
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()


def pdf_everything(data: bytes) -> str:
    """Every object of a PDF as text, streams decoded: what a curious reader could dig out of the file."""
    from pypdf import PdfReader  # noqa: PLC0415 -- used by this test only
    from pypdf.generic import IndirectObject  # noqa: PLC0415 -- used by this test only

    reader = PdfReader(io.BytesIO(data))
    seen = [repr(reader.trailer)]
    size = int(reader.trailer.get("/Size", 0))
    for number in range(1, size):
        try:
            obj = IndirectObject(number, 0, reader).get_object()
        except Exception:  # a free slot of the cross-reference table
            continue
        seen.append(repr(obj))
        if hasattr(obj, "get_data"):
            seen.append(obj.get_data().decode("latin-1"))
    return "\n".join(seen)


def pdf_images(data: bytes) -> list:
    """The pictures on the pages, as Pillow images, each with the bytes it was stored as."""
    from pypdf import PdfReader  # noqa: PLC0415 -- used by this test only

    return [image for page in PdfReader(io.BytesIO(data)).pages for image in page.images]
