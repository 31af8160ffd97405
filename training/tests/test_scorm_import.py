"""Importing SCORM packages: real 1.2 and 2004 packages are published as a course version; a malformed or hostile
package is refused with a clear message, and nothing of it is stored (no row, no file)."""

import io
import stat
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from taskforce.testing.auth import login
from training.models import Course, CourseVersion, ScormPackage
from training.scorm_services import scorm_package_import

from .scorm_packages import build_zip, package_files, scorm_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_scorm_12_package_is_imported_and_published(media):
    course = scorm_course()
    package = scorm_package_import(course=course, upload=build_zip(package_files("1.2", mastery="80")), actor=None)
    course.refresh_from_db()
    assert (package.version, package.launch, package.title) == ("1.2", "index.html", "Fictional SCORM lesson")
    assert package.mastery_score == 80
    assert len(package.sha256) == 64 and package.size > 0
    assert course.kind == Course.Kind.SCORM
    assert course.current_version.content["scorm"] == {"package": package.pk, "version": "1.2"}
    assert sorted(p.relative_to(media).as_posix().split("/", 2)[2] for p in stored_files(media)) == [
        "css/lesson.css",
        "imsmanifest.xml",
        "index.html",
        "js/lesson.js",
    ]


def test_scorm_2004_package_is_imported(media):
    package = scorm_package_import(course=scorm_course(), upload=build_zip(package_files("2004")), actor=None)
    assert package.version == "2004"
    assert package.mastery_score is None


def test_a_second_package_is_a_new_version(media):
    course = scorm_course()
    scorm_package_import(course=course, upload=build_zip(package_files("1.2")), actor=None)
    scorm_package_import(course=course, upload=build_zip(package_files("2004")), actor=None)
    assert list(course.versions.values_list("number", flat=True)) == [2, 1]


def _symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<manifest><organizations><organization><item identifierref="r">&lol2;</item></organization></organizations>
<resources><resource identifier="r" href="index.html"/></resources></manifest>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<manifest><organizations><organization><title>&xxe;</title><item identifierref="r"/></organization></organizations>
<resources><resource identifier="r" href="index.html"/></resources></manifest>"""


def _without(name):
    files = package_files()
    del files[name]
    return files


MALFORMED = {
    "missing manifest": (_without("imsmanifest.xml"), "no imsmanifest.xml"),
    "traversal": ({**package_files(), "../evil.html": "x"}, "leaves its folder"),
    "traversal inside": ({**package_files(), "css/../../evil.html": "x"}, "leaves its folder"),
    "absolute path": ({**package_files(), "/etc/evil.html": "x"}, "absolute path"),
    "backslash": ({**package_files(), "css\\..\\evil.html": "x"}, "not allowed"),
    "drive letter": ({**package_files(), "C:/evil.html": "x"}, "not allowed"),
    "NUL in name": ({**package_files(), "evil\x00.html": "x"}, "not allowed"),
    "duplicate name": ({**package_files(), "INDEX.html": "x"}, "twice"),
    "symlink": ({**package_files(), "link.html": _symlink_info("link.html")}, "symbolic link"),
    "bad XML": ({**package_files(), "imsmanifest.xml": "<manifest><organizations>"}, "not well-formed"),
    "billion laughs": ({**package_files(), "imsmanifest.xml": BILLION_LAUGHS}, "entities or a DTD"),
    "XXE": ({**package_files(), "imsmanifest.xml": XXE}, "entities or a DTD"),
    "launch missing": (package_files(launch="start.html"), "is not in the package"),
    "launch elsewhere": (package_files(launch="https://example.org/x.html"), "not an address elsewhere"),
    "disallowed type": ({**package_files(), "tool.exe": "MZ"}, "kind of file that is not allowed"),
    "svg": ({**package_files(), "img/logo.svg": "<svg/>"}, "kind of file that is not allowed"),
    "php": ({**package_files(), "shell.php": "<?php"}, "kind of file that is not allowed"),
    "no organization": (
        {
            **package_files(),
            "imsmanifest.xml": '<manifest><resources><resource identifier="r" href="index.html"/>'
            "</resources></manifest>",
        },
        "no organization",
    ),
}


@pytest.mark.parametrize("files, message", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_package_is_refused_and_nothing_is_stored(media, files, message):
    course = scorm_course()
    with pytest.raises(ValidationError) as refused:
        scorm_package_import(course=course, upload=build_zip(files), actor=None)
    assert message in " ".join(refused.value.messages)
    course.refresh_from_db()
    assert not ScormPackage.objects.exists()
    assert not CourseVersion.objects.exists() and course.current_version is None and course.kind == "native"
    assert stored_files(media) == []


def test_not_a_zip_is_refused(media):
    with pytest.raises(ValidationError, match="not a zip file"):
        scorm_package_import(course=scorm_course(), upload=io.BytesIO(b"%PDF-1.7 nothing"), actor=None)
    assert stored_files(media) == []


def test_too_many_files(media, settings):
    settings.TRAINING_SCORM_MAX_FILES = 5
    files = {**package_files(), **{f"img/{n}.png": "x" for n in range(3)}}
    with pytest.raises(ValidationError, match="more than 5 files"):
        scorm_package_import(course=scorm_course(), upload=build_zip(files), actor=None)
    assert not ScormPackage.objects.exists() and stored_files(media) == []


def test_too_big_unpacked(media, settings):
    settings.TRAINING_SCORM_MAX_BYTES = 2**20
    files = {**package_files(), "video/a.mp4": bytes(600_000), "video/b.mp4": bytes(600_000)}
    with pytest.raises(ValidationError, match="larger than 1 MB unpacked"):
        scorm_package_import(course=scorm_course(), upload=build_zip(files), actor=None)
    assert not ScormPackage.objects.exists() and stored_files(media) == []


def test_one_file_too_big(media, settings):
    settings.TRAINING_SCORM_MAX_FILE_BYTES = 2**20
    files = {**package_files(), "video/a.mp4": bytes(2**20 + 1)}
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        scorm_package_import(course=scorm_course(), upload=build_zip(files, compression=zipfile.ZIP_STORED), actor=None)
    assert stored_files(media) == []


def test_zip_bomb_ratio(media):
    files = {**package_files(), "data/huge.json": b"0" * (20 * 2**20)}  # 20 MiB of zeros: about 20 KiB zipped
    with pytest.raises(ValidationError, match="zip bomb"):
        scorm_package_import(course=scorm_course(), upload=build_zip(files), actor=None)
    assert not ScormPackage.objects.exists() and stored_files(media) == []


def test_size_that_lies_is_refused(media):
    """A zip whose directory says a file is small while its data is larger (how bombs dodge size checks)."""
    buffer = build_zip({**package_files(), "data/a.json": b"1" * 5000})
    raw = bytearray(buffer.getvalue())
    entry = raw.rfind(b"PK\x01\x02")  # the last entry of the zip's central directory: data/a.json
    raw[entry + 24 : entry + 28] = (10).to_bytes(4, "little")  # uncompressed size: 10 bytes
    with pytest.raises(ValidationError, match="damaged"):
        scorm_package_import(course=scorm_course(), upload=io.BytesIO(bytes(raw)), actor=None)
    assert stored_files(media) == []


def test_open_course_cannot_be_scorm(media):
    with pytest.raises(ValidationError, match="open course"):
        scorm_package_import(course=scorm_course(is_open=True), upload=build_zip(package_files()), actor=None)
    assert stored_files(media) == []


def test_import_scorm_command(media, tmp_path):
    course = scorm_course()
    good, bad = tmp_path / "good.zip", tmp_path / "bad.zip"
    good.write_bytes(build_zip(package_files("2004")).getvalue())
    bad.write_bytes(build_zip({**package_files(), "../x.html": "x"}).getvalue())
    call_command("import_scorm", course.slug, str(good))
    assert ScormPackage.objects.filter(course=course, version="2004").count() == 1
    with pytest.raises(CommandError, match="leaves its folder"):
        call_command("import_scorm", course.slug, str(bad))
    assert ScormPackage.objects.count() == 1


def test_admin_imports_a_package_and_shows_a_clear_error(client, make_user, media):
    admin_client = login(client, make_user(is_staff=True, is_superuser=True))
    course = scorm_course()
    url = reverse("admin:training_scormpackage_add")
    assert admin_client.get(url).status_code == 200
    bad = build_zip({**package_files(), "../x.html": "x"})
    response = admin_client.post(url, {"course": course.pk, "package": bad})
    assert response.status_code == 200
    assert "leaves its folder" in response.content.decode()
    assert not ScormPackage.objects.exists() and stored_files(media) == []
    response = admin_client.post(url, {"course": course.pk, "package": build_zip(package_files())})
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert admin_client.get(reverse("admin:training_scormpackage_change", args=[package.pk])).status_code == 200
