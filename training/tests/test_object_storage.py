"""Lesson media on shared object storage (issue 22): a published version holds stored names, and a lesson page
finds each file's address when it is shown, on our own origin (/media/...), whatever address the storage would give;
versions that froze addresses are turned back into names by migration 0015."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from training import reader, services
from training.models import Lesson, LessonCaption

from .factories import make_course

pytestmark = pytest.mark.django_db

VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nWelcome.\n"
VIDEO = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), "green").save(out, format="PNG")
    return out.getvalue()


def _media_lesson() -> Lesson:
    course = make_course("stored-media", is_open=True)
    lesson = Lesson.objects.get(module__course=course, order=0)
    lesson.image = SimpleUploadedFile("map.png", _png(), content_type="image/png")
    lesson.image_alt = {"en": "A map of the province"}
    lesson.video = SimpleUploadedFile("talk.mp4", VIDEO, content_type="video/mp4")
    lesson.transcript = {"en": "Spoken words."}
    lesson.save()
    LessonCaption.objects.create(lesson=lesson, language="en", file=SimpleUploadedFile("c.vtt", VTT))
    return lesson


def _page(client, lesson) -> str:
    course = lesson.module.course
    response = client.get(reverse("training:open_step", kwargs={"slug": course.slug, "key": f"l{lesson.id}"}))
    assert response.status_code == 200
    return response.content.decode()


def _addresses(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*training/(?:images|videos|captions)/[^"]*)"', page)


def test_a_version_freezes_names_and_the_page_shows_media_from_our_origin(client, s3_media, settings):
    lesson = _media_lesson()
    version = services.course_publish(course=lesson.module.course)
    frozen = reader.for_version(version).lesson(f"l{lesson.id}")
    assert frozen["image"] == lesson.image.name and frozen["image"].startswith("training/images/")
    assert frozen["video"] == lesson.video.name
    assert set(s3_media.objects("training/")) == {
        lesson.image.name,
        lesson.video.name,
        lesson.captions.get().file.name,
    }

    # The storage's address changes (a CDN, another bucket host): the page still names our origin only.
    options = {**settings.STORAGES["default"]["OPTIONS"], "custom_domain": "media-cdn.example.org"}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    page = _page(client, lesson)
    shown = _addresses(page)
    assert f"/media/{lesson.image.name}" in shown
    assert f"/media/{lesson.video.name}" in shown
    assert f"/media/{lesson.captions.get().file.name}" in shown
    assert all(address.startswith("/media/") for address in shown), shown
    assert "media-cdn.example.org" not in page and s3_media.endpoint.split("//")[1] not in page

    picture = client.get(f"/media/{lesson.image.name}")
    assert picture.status_code == 200 and picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content) == s3_media.read(lesson.image.name)


def test_versions_that_froze_addresses_show_names_after_the_migration(client, s3_media):
    lesson = _media_lesson()
    version = services.course_publish(course=lesson.module.course)
    content = version.content
    frozen = content["modules"][0]["lessons"][0]
    image, video, caption = frozen["image"], frozen["video"], frozen["captions"][0]["file"]
    # As the publishing of old froze them: the local disk's address, and a bucket's signed one.
    frozen["image"] = f"/media/{image}"
    frozen["video"] = f"{s3_media.endpoint}/{s3_media.bucket}/{video}?X-Amz-Signature=abc&X-Amz-Expires=3600"
    frozen["captions"][0]["file"] = f"https://old-bucket.s3.amazonaws.com/media/{caption}"
    type(version).objects.filter(id=version.id).update(content=content)

    migration = importlib.import_module("training.migrations.0015_frozen_media_names")
    migration.forwards(apps, None)

    version.refresh_from_db()
    migrated = version.content["modules"][0]["lessons"][0]
    assert (migrated["image"], migrated["video"], migrated["captions"][0]["file"]) == (image, video, caption)
    shown = _addresses(_page(client, lesson))
    assert {f"/media/{image}", f"/media/{video}", f"/media/{caption}"} <= set(shown)
    assert all(address.startswith("/media/") for address in shown), shown
