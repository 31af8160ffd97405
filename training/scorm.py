"""Reading a SCORM package (a zip with `imsmanifest.xml` at its root) before anything of it is stored.

Everything is checked from the zip's directory and the manifest before a single file is written: the names (no
absolute path, no `..`, no backslash, no NUL or other control character, no symbolic link, no duplicate), the
number of files, each file's and the total uncompressed size, the compression ratio (zip bombs), the kinds of
files (an allow-list by extension, which is also the Content-Type they are served with), and the manifest itself
(parsed with defusedxml: no entities, no external references). Nothing here touches the database or the storage.
"""

from __future__ import annotations

import hashlib
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import conf

MANIFEST = "imsmanifest.xml"
SCORM_12, SCORM_2004 = "1.2", "2004"

# The kinds of files a package may hold, and the Content-Type each is served with (never guessed from the bytes:
# the responses say `X-Content-Type-Options: nosniff`). SVG is left out on purpose: an SVG is a document that runs
# script when opened on its own, on our origin; a package draws its pictures as PNG, JPEG, GIF or WebP.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "htm": "text/html; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json",
    "xml": "application/xml",
    "xsd": "application/xml",
    "dtd": "application/xml-dtd",
    "txt": "text/plain; charset=utf-8",
    "vtt": "text/vtt; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "pdf": "application/pdf",
}


def content_type(name: str) -> str | None:
    """The Content-Type a package's file is served with, or None when its kind is not allowed."""
    _stem, dot, extension = name.rpartition(".")
    return CONTENT_TYPES.get(extension.lower()) if dot else None


@dataclass
class Package:
    """What a checked package holds: its SCORM version, title, launch page, mastery score and files."""

    version: str
    title: str
    launch: str
    mastery_score: Decimal | None
    files: list[zipfile.ZipInfo] = field(default_factory=list)
    size: int = 0
    sha256: str = ""


def _refuse(message: str, **values) -> ValidationError:
    return ValidationError(message % values if values else message, code="scorm")


def clean_name(name: str) -> str:
    """A file's name inside the package, as stored and served, or a refusal naming the file."""
    shown = name[:200]
    if not name or "\\" in name or any(ord(c) < 32 or ord(c) == 127 for c in name) or ":" in name:
        raise _refuse(_("The package holds a file with a name that is not allowed: “%(name)s”."), name=shown)
    if name.startswith("/"):
        raise _refuse(_("The package holds a file with an absolute path: “%(name)s”."), name=shown)
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _refuse(_("The package holds a path that leaves its folder: “%(name)s”."), name=shown)
    if len(name) > 400:
        raise _refuse(_("The package holds a file name longer than 400 characters."))
    return name


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def _check_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > conf.scorm_max_files():
        raise _refuse(_("The package holds more than %(limit)s files."), limit=conf.scorm_max_files())
    seen, files, total = set(), [], 0
    for info in infos:
        name = clean_name(info.filename)
        if name.rstrip("/").lower() in seen:
            raise _refuse(_("The package holds the file “%(name)s” twice."), name=name[:200])
        seen.add(name.rstrip("/").lower())
        if _is_link(info):
            raise _refuse(_("The package holds a symbolic link: “%(name)s”."), name=name[:200])
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise _refuse(_("The package holds an encrypted file: “%(name)s”."), name=name[:200])
        if content_type(name) is None:
            raise _refuse(_("The package holds a kind of file that is not allowed: “%(name)s”."), name=name[:200])
        if info.file_size > conf.scorm_max_file_bytes():
            raise _refuse(
                _("The file “%(name)s” is larger than %(limit)s MB."),
                name=name[:200],
                limit=conf.scorm_max_file_bytes() // 2**20,
            )
        if info.file_size > 2**20 and info.file_size > conf.scorm_max_ratio() * max(info.compress_size, 1):
            raise _refuse(_("The file “%(name)s” is compressed suspiciously well (a zip bomb?)."), name=name[:200])
        total += info.file_size
        files.append(info)
    if total > conf.scorm_max_bytes():
        raise _refuse(_("The package is larger than %(limit)s MB unpacked."), limit=conf.scorm_max_bytes() // 2**20)
    return files


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _descendants(element: Element, name: str) -> list[Element]:
    return [child for child in element.iter() if _local(child.tag) == name]


def _attribute(element: Element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return ""


def _version(manifest: Element) -> str:
    schema_version = " ".join(v.text or "" for v in _descendants(manifest, "schemaversion")).lower()
    namespaces = " ".join([manifest.tag, *(str(k) for k in _attribute_keys(manifest))]).lower()
    if "2004" in schema_version or "cam 1.3" in schema_version or "adlcp_v1p3" in namespaces:
        return SCORM_2004
    return SCORM_12


def _attribute_keys(element: Element):
    for child in element.iter():
        yield from child.attrib
        yield child.tag


def _parse_manifest(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _refuse(_("The manifest uses XML entities or a DTD, which are not allowed.")) from None
    except (ParseError, ValueError):
        raise _refuse(_("The manifest (imsmanifest.xml) is not well-formed XML.")) from None


def _launch_resource(manifest: Element) -> tuple[Element, Element, Element]:
    organizations = _children(manifest, "organizations")
    organization_list = _children(organizations[0], "organization") if organizations else []
    if not organization_list:
        raise _refuse(_("The manifest has no organization (the course's table of contents)."))
    default = _attribute(organizations[0], "default")
    organization = next((o for o in organization_list if _attribute(o, "identifier") == default), organization_list[0])
    resources = {_attribute(r, "identifier"): r for r in _descendants(manifest, "resource")}
    for item in _descendants(organization, "item"):
        resource = resources.get(_attribute(item, "identifierref"))
        if resource is not None and _attribute(resource, "href"):
            return organization, item, resource
    raise _refuse(_("The manifest names no resource with a launch page (href)."))


def _mastery_score(item: Element, version: str) -> Decimal | None:
    if version != SCORM_12:
        return None
    found = _descendants(item, "masteryscore")
    text = (found[0].text or "").strip() if found else ""
    if not text:
        return None
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise _refuse(_("The manifest's mastery score is not a number.")) from None
    if not Decimal(0) <= score <= Decimal(100):
        raise _refuse(_("The manifest's mastery score must be between 0 and 100."))
    return score


def _launch_path(resource: Element, names: set[str]) -> str:
    href = _attribute(resource, "href").strip()
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        raise _refuse(_("The launch page must be a file inside the package, not an address elsewhere."))
    base = _attribute(resource, "base").strip()
    path = clean_name(posixpath.join(unquote(base), unquote(parts.path)) if base else unquote(parts.path))
    if path not in names:
        raise _refuse(_("The launch page “%(name)s” is not in the package."), name=path[:200])
    return path + (f"?{parts.query}" if parts.query else "")


def read_package(upload) -> Package:
    """Check a package (a file object) and say what it holds; a ValidationError with a clear message otherwise."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(2**20), b""):
        digest.update(chunk)
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(_("This file is not a zip file. Please upload the SCORM package as exported (.zip).")) from None
    with archive:
        files = _check_entries(archive)
        try:
            damaged = archive.testzip()  # reads every file: its checksum, and its declared size, hold
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
            damaged = "?"
        if damaged:
            raise _refuse(_("The package is damaged: “%(name)s” cannot be read."), name=str(damaged)[:200])
        names = {info.filename for info in files}
        if MANIFEST not in names:
            raise _refuse(_("The package has no imsmanifest.xml at its root; is it a SCORM package?"))
        manifest_info = archive.getinfo(MANIFEST)
        if manifest_info.file_size > conf.scorm_max_manifest_bytes():
            raise _refuse(_("The manifest (imsmanifest.xml) is too large."))
        manifest = _parse_manifest(archive.read(manifest_info))
        if _local(manifest.tag) != "manifest":
            raise _refuse(_("The manifest's root element is not <manifest>."))
        version = _version(manifest)
        organization, item, resource = _launch_resource(manifest)
        title_element = _children(organization, "title")
        title = (title_element[0].text or "").strip()[:200] if title_element else ""
        return Package(
            version=version,
            title=title,
            launch=_launch_path(resource, names),
            mastery_score=_mastery_score(item, version),
            files=files,
            size=sum(info.file_size for info in files),
            sha256=digest.hexdigest(),
        )
