"""Attachments: only JPEG, PNG and PDF, recognised from their content; images re-encoded and documents rewritten,
without the metadata that could name the person who made them."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter

from . import conf

# Pillow logs the metadata it parses (EXIF descriptions, GPS...) at DEBUG: never let it reach a log.
logging.getLogger("PIL").setLevel(logging.INFO)
# pypdf's warnings about a malformed document may quote pieces of it: keep them out of the logs too.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

# Per page of a document: its own XMP metadata, the authoring program's private data, actions run on opening.
_PAGE_KEYS_DROPPED = ("/Metadata", "/PieceInfo", "/AA")


@dataclass(frozen=True)
class CleanFile:
    content_type: str
    data: bytes


def _strip_image(data: bytes, pil_format: str) -> bytes:
    """Decode and re-encode the pixels only: EXIF (GPS, camera serials), XMP and comments are dropped."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            keep = ("RGB", "L") if pil_format == "JPEG" else ("RGB", "RGBA", "L")
            pixels = img if img.mode in keep else img.convert("RGBA" if pil_format == "PNG" else "RGB")
            clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
            out = io.BytesIO()
            clean.save(out, format=pil_format)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This image could not be read. Please send a JPEG or PNG picture.")) from exc
    return out.getvalue()


def _strip_pdf(data: bytes) -> bytes:
    """Copy the pages into a new document: the author, title, software and dates (/Info), the XMP metadata,
    the file identifier, scripts and embedded files of the original stay behind. Pictures embedded in the pages
    are copied as they are."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(_("This PDF is locked with a password. Please send it without the password."))
        writer = PdfWriter()
        for page in reader.pages:
            for key in _PAGE_KEYS_DROPPED:
                page.pop(key, None)
            writer.add_page(page)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except Exception as exc:  # a hostile or broken file can fail inside pypdf in many ways: all mean "unreadable"
        raise ValidationError(
            _("This PDF could not be read. Please check the file or send a picture instead.")
        ) from exc
    return out.getvalue()


_CLEANERS = {
    "image/jpeg": lambda data: _strip_image(data, "JPEG"),
    "image/png": lambda data: _strip_image(data, "PNG"),
    "application/pdf": _strip_pdf,
}


def clean_upload(uploaded) -> CleanFile:
    """Check one uploaded file and return it ready to be encrypted, or raise ValidationError."""
    if uploaded.size > conf.max_file_bytes():
        raise ValidationError(
            _("A file is too large. Each file can be at most %(mb)s MB.") % {"mb": conf.max_file_bytes() // 2**20}
        )
    data = uploaded.read()
    kind = filetype.guess(data)
    mime = kind.mime if kind else ""
    if mime not in _CLEANERS:
        raise ValidationError(_("Only pictures (JPEG or PNG) and PDF documents can be attached."))
    return CleanFile(content_type=mime, data=_CLEANERS[mime](data))


class TipMemoryUploadHandler(FileUploadHandler):
    """Keep tip uploads in memory only (never a plain-text temporary file on disk); skip oversized ones
    and say so on the request so the form can tell the person."""

    total = 0  # bytes kept across all the files of this request

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        too_big = self.buffer.tell() + len(raw_data) > conf.max_file_bytes()
        if too_big or self.total > conf.max_file_bytes() * conf.max_files():
            self.request.tips_upload_too_large = True
            self.buffer = io.BytesIO()
            raise SkipFile()
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        from django.core.files.uploadedfile import InMemoryUploadedFile

        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name="attachment",
            content_type="application/octet-stream",
            size=file_size,
            charset=None,
            content_type_extra=None,
        )
