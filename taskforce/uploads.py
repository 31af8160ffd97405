"""Uploaded files, cleaned the same way everywhere (tips, action-plan evidence, registry sources).

The type comes from the content (`filetype`), never from the name. Pictures are decoded once, within a pixel
budget checked from the header before any decoding, and written again without their metadata. PDFs are rewritten
page by page: the pictures inside are written again the same way, and everything that is not the pages' own
text and drawings stays behind (see `_strip_pdf`).

The pixel budget (`UPLOAD_MAX_PIXELS`, 40 megapixels by default) bounds the memory and time of the cleaning: one
decoded copy of at most 40 MP × 4 bytes = 160 MB per worker, and well under a second of decoding. It is above
what phones save by default (12 to 24 MP) and most cameras (24 to 36 MP); a decompression bomb (a small file that
declares 13000 × 13000 pixels: 169 MP) is refused from its header, before a single pixel is decoded.
"""

from __future__ import annotations

import contextlib
import io
import logging
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, StreamObject

# Pillow logs the metadata it parses (EXIF descriptions, GPS...) at DEBUG: never let it reach a log.
logging.getLogger("PIL").setLevel(logging.INFO)
# pypdf's warnings about a malformed document may quote pieces of it: keep them out of the logs too.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
EXTENSIONS = {JPEG: "jpg", PNG: "png", PDF: "pdf"}

# What a page keeps is its drawing (/Contents), its /Resources and its geometry. Left behind: comments, links
# and form fields with their authors (/Annots), the thumbnail (/Thumb), actions run on opening or closing (/AA),
# XMP (/Metadata), the authoring program's private data (/PieceInfo), article threads (/B), web-capture and
# print-separation data (/ID, /SeparationInfo) and the date of the last change (/LastModified).
_PAGE_KEYS_DROPPED = (
    "/Annots", "/Thumb", "/AA", "/Metadata", "/PieceInfo", "/B", "/ID", "/SeparationInfo", "/LastModified",
)  # fmt: skip
# Inside resources (fonts, pictures, drawings reused across pages): their own XMP and private data.
_RESOURCE_KEYS_DROPPED = ("/Metadata", "/PieceInfo", "/AA", "/OPI", "/LastModified")
# Picture encodings that are complete image files with room for metadata (EXIF, XMP, comments): rewritten.
# The others (/FlateDecode, /CCITTFaxDecode, /JBIG2Decode, ... or none) hold only the pixels' values.
_CONTAINER_FILTERS = ("/DCTDecode", "/DCT", "/JPXDecode")
# Modes Pillow decodes JPEG and PNG into and can write back as they are (no second, converted copy).
_SAVABLE_MODES = {"JPEG": ("L", "RGB", "CMYK"), "PNG": ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA")}


def max_pixels() -> int:
    """Largest picture (width × height) decoded, in an upload or inside a PDF."""
    return settings.UPLOAD_MAX_PIXELS


def max_pdf_pixels() -> int:
    """Pixels decoded for all the pictures of one PDF together: bounds the time a document can take."""
    return settings.UPLOAD_MAX_PDF_PIXELS


@dataclass(frozen=True)
class CleanFile:
    content_type: str
    data: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]

    def as_content_file(self) -> ContentFile:
        """The cleaned bytes under a random name: the original file name is never kept or served."""
        return ContentFile(self.data, name=f"{uuid.uuid4().hex}.{self.extension}")


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("This picture is too large (more than %(mp)s megapixels). Please send a smaller picture or a screenshot.")
        % {"mp": max_pixels() // 1_000_000},
        code="too_many_pixels",
    )


def _unreadable_image() -> ValidationError:
    return ValidationError(_("This image could not be read. Please send a JPEG or PNG picture."), code="unreadable")


def reencode_image(data: bytes, pil_format: str) -> bytes:
    """Check the size in the header, decode the pixels once and write them again: EXIF (GPS, camera serial),
    XMP, ICC profiles, text chunks and comments are not written. Raises ValidationError."""
    try:
        with _header_only(), Image.open(io.BytesIO(data), formats=[pil_format]) as img:
            width, height = img.size
            if width * height > max_pixels():  # from the header: nothing decoded yet
                raise _too_many_pixels()
            img.load()
            if img.mode not in _SAVABLE_MODES[pil_format]:
                img = img.convert("RGBA" if pil_format == "PNG" else "RGB")
            transparency = img.info.get("transparency")
            img.info.clear()
            params = {"transparency": transparency} if transparency is not None and pil_format == "PNG" else {}
            out = io.BytesIO()
            img.save(out, format=pil_format, **({"quality": 90} if pil_format == "JPEG" else params))
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own limit (179 megapixels), far above ours
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable_image() from exc
    return out.getvalue()


@contextlib.contextmanager
def _header_only():
    """Pillow warns when a header declares a huge picture; we refuse those ourselves before decoding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


class _PixelBudget:
    def __init__(self, total: int):
        self.left = total

    def spend(self, pixels: int) -> None:
        if pixels > max_pixels():
            raise _too_many_pixels()
        self.left -= pixels
        if self.left < 0:
            raise ValidationError(
                _("This PDF holds too many large pictures to be cleaned. Please send fewer pages."),
                code="too_many_pixels",
            )


def _clean_picture(stream: StreamObject, budget: _PixelBudget) -> None:
    """Write a picture of a PDF again, in place, if its encoding can carry metadata."""
    for key in _RESOURCE_KEYS_DROPPED:
        stream.pop(key, None)
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, ArrayObject) else [str(filters)] if filters else []
    if not set(names) & set(_CONTAINER_FILTERS):
        return
    encoded = stream.get_data()  # undoes the outer filters; JPEG and JPEG 2000 data come back as files
    try:
        with _header_only(), Image.open(io.BytesIO(encoded)) as probe:
            width, height = probe.size
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable_pdf() from exc
    budget.spend(width * height)
    try:
        clean, mode = _reencode_as_jpeg(encoded)
    except ValidationError as exc:
        raise _unreadable_pdf() if exc.code == "unreadable" else exc from exc
    if names[-1] == "/JPXDecode":  # JPEG 2000 describes its own colours; the JPEG written instead needs them said
        stream[NameObject("/ColorSpace")] = NameObject(_PDF_COLOR_SPACES[mode])
        stream[NameObject("/BitsPerComponent")] = NumberObject(8)
        stream.pop("/SMaskInData", None)
    stream._data = clean  # the same object, so nothing else in the file refers to the old bytes
    stream.decoded_self = None
    stream[NameObject("/Filter")] = NameObject("/DCTDecode")
    stream.pop("/DecodeParms", None)
    stream.pop("/Decode", None)  # Pillow writes CMYK the way it reads it: an inverting /Decode would invert it


_PDF_COLOR_SPACES = {"L": "/DeviceGray", "RGB": "/DeviceRGB", "CMYK": "/DeviceCMYK"}


def _reencode_as_jpeg(encoded: bytes) -> tuple[bytes, str]:
    """A picture of a PDF (JPEG or JPEG 2000) written again as a plain JPEG; returns its bytes and its mode."""
    try:
        with Image.open(io.BytesIO(encoded), formats=["JPEG", "JPEG2000"]) as img:
            if img.format == "JPEG":
                return reencode_image(encoded, "JPEG"), img.mode
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable_image() from exc
    try:
        with Image.open(io.BytesIO(encoded), formats=["JPEG2000"]) as img:
            img.load()
            pixels = img if img.mode in _PDF_COLOR_SPACES else img.convert("RGB")
            out = io.BytesIO()
            pixels.save(out, format="JPEG", quality=90)
            return out.getvalue(), pixels.mode
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable_image() from exc


def _walk_resources(obj, budget: _PixelBudget, seen: set[int]) -> None:
    """Visit everything a page draws with (fonts, pictures, reused drawings, patterns), once each."""
    if isinstance(obj, IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, DictionaryObject):
        if obj.get("/Subtype") == "/Image" and isinstance(obj, StreamObject):
            _clean_picture(obj, budget)
        else:
            for key in _RESOURCE_KEYS_DROPPED:
                obj.pop(key, None)
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Form":
            _refuse_inline_containers(obj.get_data())
        for key, value in list(obj.items()):
            if key not in ("/Parent", "/P"):
                _walk_resources(value, budget, seen)
    elif isinstance(obj, ArrayObject):
        for value in obj:
            _walk_resources(value, budget, seen)


def _refuse_inline_containers(content: bytes) -> None:
    """Pictures written inside a page's drawing (inline images) in JPEG or JPEG 2000 could carry metadata that
    we cannot rewrite in place: such documents are refused (inline pictures are rare, and small)."""
    if b"ID" in content and b"BI" in content and any(name.encode() in content for name in ("/DCT", "/JPX")):
        raise ValidationError(
            _("This PDF contains a kind of picture we cannot clean. Please send the pictures separately."),
            code="unsupported_picture",
        )


def _drawing_of(page) -> bytes:
    """The page's content streams, decoded, as they are (not parsed)."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    parts = contents if isinstance(contents, ArrayObject) else [contents] if contents is not None else []
    return b"\n".join(part.get_object().get_data() for part in parts)


def _unreadable_pdf() -> ValidationError:
    return ValidationError(
        _("This PDF could not be read. Please check the file or send a picture instead."), code="unreadable"
    )


def _strip_pdf(data: bytes) -> bytes:
    """Copy only the pages into a new document and write their pictures again.

    Left behind: the document information (author, title, software, dates), XMP metadata, the file identifier,
    bookmarks, form fields (AcroForm), attached files, JavaScript and actions run on opening, and per page the
    keys in `_PAGE_KEYS_DROPPED` (comments and their authors, links, thumbnails...). Pictures stored as JPEG are
    decoded and encoded again (their EXIF, GPS and camera serial are not copied). The text, fonts and drawings
    of the pages are kept as they are: the text of a document is what the person chose to send."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is locked with a password. Please send it without the password."), code="locked"
            )
        writer = PdfWriter()
        budget, seen = _PixelBudget(max_pdf_pixels()), set()
        for page in reader.pages:
            for key in _PAGE_KEYS_DROPPED:
                page.pop(key, None)  # before copying, so that nothing of them reaches the new file
            copy = writer.add_page(page)
            _refuse_inline_containers(_drawing_of(copy))
            _walk_resources(copy.get("/Resources"), budget, seen)
        writer.metadata = None
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except ValidationError:
        raise
    except Exception as exc:  # a hostile or broken file can fail inside pypdf in many ways: all mean "unreadable"
        raise _unreadable_pdf() from exc
    return out.getvalue()


_CLEANERS = {
    JPEG: lambda data: reencode_image(data, "JPEG"),
    PNG: lambda data: reencode_image(data, "PNG"),
    PDF: _strip_pdf,
}


def _kinds_message(kinds: Iterable[str]) -> str:
    if set(kinds) == {PDF}:
        return _("Only PDF documents can be attached here.")
    if PDF not in set(kinds):
        return _("Only pictures (JPEG or PNG) can be attached here.")
    return _("Only pictures (JPEG or PNG) and PDF documents can be attached.")


def clean_upload(uploaded, *, max_bytes: int, kinds: Iterable[str] = (JPEG, PNG, PDF)) -> CleanFile:
    """Check one uploaded file and return it cleaned, or raise ValidationError with a message for the person."""
    kinds = tuple(kinds)
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("A file is too large. Each file can be at most %(mb)s MB.") % {"mb": max_bytes // 2**20},
            code="too_large",
        )
    uploaded.seek(0)
    data = uploaded.read()
    kind = filetype.guess(data)
    mime = kind.mime if kind else ""
    if mime not in kinds:
        raise ValidationError(_kinds_message(kinds), code="kind")
    return CleanFile(content_type=mime, data=_CLEANERS[mime](data))


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {value: key for key, value in EXTENSIONS.items()}.get(extension, "application/octet-stream")


def download_response(field_file, *, filename: str) -> FileResponse:
    """Serve a stored upload as a download: never shown in the page, never sniffed into another type."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type_of(field_file.name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
