"""Lesson videos carry WebVTT captions (WCAG 2.1 SC 1.2.2): authored in the admin, checked before they are
stored, required in English before a course with a video is published, frozen by file name into each version,
and played by the browser's own <video> with one <track> per language."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taskforce.testing.auth import login
from training import reader, services
from training.models import CourseVersion, Lesson, LessonCaption

from .factories import make_course, step_url

pytestmark = pytest.mark.django_db

VTT_EN = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n[Soft music] Welcome to the course.\n\n00:02.500 --> 00:05.000\nLet us begin.\n"
VTT_FR = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n[Musique douce] Bienvenue dans le cours.\n"
VIDEO = b"\x00\x00\x00\x18ftypmp42"  # the start of an MP4: the pages only link it


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin_user(make_user):
    return make_user(is_staff=True, is_superuser=True, email="author@example.org")


def _video_lesson(slug="captions", *, is_open=False) -> Lesson:
    course = make_course(slug, is_open=is_open)
    lesson = Lesson.objects.get(module__course=course, order=0)
    lesson.video = SimpleUploadedFile("talk.mp4", VIDEO, content_type="video/mp4")
    lesson.transcript = {"en": "Spoken words of the video.", "fr": "Paroles de la vidéo."}
    lesson.save()
    return lesson


def _caption(lesson, language, data=VTT_EN):
    return LessonCaption.objects.create(lesson=lesson, language=language, file=SimpleUploadedFile("c.vtt", data))


def _admin_post(client, lesson, uploads, *, existing=()):
    """The lesson's admin page sent with caption rows: `existing` (caption, new file or None), then new ones."""
    data = {
        "module": lesson.module_id,
        "order": lesson.order,
        "title_0": "Lesson one",
        "body_0": "First lesson text",
        "transcript_0": "Spoken words of the video.",
        "captions-TOTAL_FORMS": len(existing) + len(uploads),
        "captions-INITIAL_FORMS": len(existing),
        "captions-MIN_NUM_FORMS": 0,
        "captions-MAX_NUM_FORMS": 1000,
    }
    rows = [(caption.id, caption.language, upload) for caption, upload in existing]
    rows += [("", language, upload) for language, upload in uploads]
    for index, (row_id, language, upload) in enumerate(rows):
        data[f"captions-{index}-id"] = row_id
        data[f"captions-{index}-lesson"] = lesson.id
        data[f"captions-{index}-language"] = language
        if upload is not None:
            data[f"captions-{index}-file"] = upload
    return client.post(reverse("admin:training_lesson_change", args=[lesson.id]), data)


def _stored_captions(media) -> list[Path]:
    return sorted((media / "training" / "captions").rglob("*")) if (media / "training").exists() else []


def _vtt(name, data):
    return SimpleUploadedFile(name, data, content_type="text/vtt")


# ----- authoring in the admin --------------------------------------------------------------------------------


def test_a_valid_caption_is_stored_under_a_new_name_and_played_as_a_track(media, client, admin_user, learner):
    lesson = _video_lesson()
    login(client, admin_user)
    response = _admin_post(client, lesson, [("en", _vtt("welcome.vtt", VTT_EN)), ("fr", _vtt("bienvenue.vtt", VTT_FR))])
    assert response.status_code == 302, response.content.decode()[:3000]
    captions = {c.language: c for c in lesson.captions.all()}
    assert set(captions) == {"en", "fr"}
    assert re.fullmatch(r"training/captions/\d{4}/[0-9a-f]{32}\.vtt", captions["en"].file.name)
    assert (media / captions["fr"].file.name).read_bytes() == VTT_FR

    course = lesson.module.course
    services.course_publish(course=course, actor=admin_user)
    login(client, learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    page = client.get(step_url(course, f"l{lesson.id}")).content.decode()
    en_url, fr_url = (f"/media/{captions[code].file.name}" for code in ("en", "fr"))
    assert f'<track kind="captions" src="{en_url}" srclang="en" label="English" default>' in page
    assert f'<track kind="captions" src="{fr_url}" srclang="fr" label="français">' in page
    assert "Spoken words of the video." in page  # the transcript stays
    page_fr = client.get(step_url(course, f"l{lesson.id}").replace("/en/", "/fr/")).content.decode()
    assert f'src="{fr_url}" srclang="fr" label="français" default>' in page_fr
    assert f'src="{en_url}" srclang="en" label="English">' in page_fr


def test_a_reader_whose_language_has_no_captions_gets_the_english_ones_shown(media, learner, login_as):
    lesson = _video_lesson()
    _caption(lesson, "en")
    course = lesson.module.course
    services.course_publish(course=course)
    client = login_as(learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    page = client.get(step_url(course, f"l{lesson.id}").replace("/en/", "/fr/")).content.decode()
    assert page.count("<track ") == 1 and 'srclang="en" label="English" default>' in page


def test_someone_without_admin_access_cannot_upload_captions(media, client, manager_a):
    lesson = _video_lesson()
    login(client, manager_a)
    response = _admin_post(client, lesson, [("en", _vtt("welcome.vtt", VTT_EN))])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not lesson.captions.exists() and _stored_captions(media) == []


BAD_FILES = {
    "not WebVTT": (b"1\n00:00:00,000 --> 00:00:02,000\nAn SRT file\n", "its first line must be WEBVTT"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "it contains binary data"),
    "a NUL byte": (b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHel\x00lo\n", "it contains binary data"),
    "broken times": (b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nHello\n", "Line 3 of the caption file has times"),
    "an end before its start": (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHello\n", "ends before it starts"),
    "cues out of order": (
        b"WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nLater\n\n00:00:01.000 --> 00:00:02.000\nEarlier\n",
        "starts before the caption above it",
    ),
    "no cue": (b"WEBVTT\n\nNOTE nothing is said\n", "has no captions in it"),
    "Latin-1": ("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nCafé\n".encode("latin-1"), "not written in UTF-8"),
    "UTF-16": ("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello\n".encode("utf-16"), "contains binary data"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_caption_file_is_refused_with_a_message_and_nothing_is_stored(media, client, admin_user, case):
    data, message = BAD_FILES[case]
    lesson = _video_lesson()
    login(client, admin_user)
    response = _admin_post(client, lesson, [("en", _vtt("bad.vtt", data))])
    assert response.status_code == 200
    assert message in response.content.decode().replace("&quot;", '"')
    assert not LessonCaption.objects.exists() and _stored_captions(media) == []


def test_a_caption_file_over_the_limit_is_refused_unread(media, client, admin_user, settings):
    settings.TRAINING_CAPTION_MAX_BYTES = 1024
    lesson = _video_lesson()
    login(client, admin_user)
    big = VTT_EN + b"\n".join(b"00:00:%02d.000 --> 00:00:%02d.500\nWords" % (i, i) for i in range(10, 59)) * 3
    assert len(big) > 1024
    response = _admin_post(client, lesson, [("en", _vtt("big.vtt", big))])
    assert response.status_code == 200
    assert "This caption file is too large. It can be at most 1 KB." in response.content.decode()
    assert not LessonCaption.objects.exists() and _stored_captions(media) == []


def test_one_caption_file_per_language(media, client, admin_user):
    lesson = _video_lesson()
    login(client, admin_user)
    response = _admin_post(client, lesson, [("en", _vtt("a.vtt", VTT_EN)), ("en", _vtt("b.vtt", VTT_EN))])
    assert response.status_code == 200
    assert "Please correct the duplicate data for language." in response.content.decode()
    assert not LessonCaption.objects.exists() and _stored_captions(media) == []


# ----- publishing --------------------------------------------------------------------------------------------


def test_publishing_a_video_without_english_captions_is_refused_naming_the_lesson(media, client, admin_user):
    lesson = _video_lesson()
    _caption(lesson, "fr", VTT_FR)  # French alone is not enough
    course = lesson.module.course
    versions = CourseVersion.objects.filter(course=course).count()
    login(client, admin_user)
    response = client.post(
        reverse("admin:training_course_changelist"),
        {"action": "publish", "_selected_action": [course.id]},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "The lesson “Lesson one” has a video without captions in English. Add a WebVTT caption file in English "
        "to the lesson, then publish again."
    ) in response.content.decode()
    assert CourseVersion.objects.filter(course=course).count() == versions

    _caption(lesson, "en")
    response = client.post(
        reverse("admin:training_course_changelist"),
        {"action": "publish", "_selected_action": [course.id]},
        follow=True,
    )
    assert f"Published {course} v{versions + 1}." in response.content.decode()
    assert CourseVersion.objects.filter(course=course).count() == versions + 1


def test_a_lesson_without_a_video_needs_no_captions(media):
    course = make_course("no-video")
    assert services.course_publish(course=course).number == 2


# ----- frozen versions ---------------------------------------------------------------------------------------


def test_a_published_version_keeps_its_caption_file_when_the_caption_is_replaced(media, client, admin_user, learner):
    lesson = _video_lesson()
    caption = _caption(lesson, "en")
    course = lesson.module.course
    first = services.course_publish(course=course)
    first_name = caption.file.name

    login(client, admin_user)
    replaced = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nA corrected caption.\n"
    response = _admin_post(client, lesson, [], existing=[(caption, _vtt("fixed.vtt", replaced))])
    assert response.status_code == 302
    caption.refresh_from_db()
    assert caption.file.name != first_name
    assert (media / first_name).read_bytes() == VTT_EN  # the first version's file is still there
    second = services.course_publish(course=course)

    assert [c["file"] for c in reader.for_version(first).lesson(f"l{lesson.id}")["captions"]] == [first_name]
    assert [c["file"] for c in reader.for_version(second).lesson(f"l{lesson.id}")["captions"]] == [caption.file.name]
    # A learner who started on the first version keeps its captions.
    login(client, learner)
    services.enrolment_start(user=learner, course=course)  # on the second; move them to the first
    learner.enrolments.update(version=first)
    page = client.get(step_url(course, f"l{lesson.id}")).content.decode()
    assert f'src="/media/{first_name}"' in page and caption.file.name not in page


def test_versions_frozen_with_media_addresses_still_show_them(media):
    """Versions published before files were frozen by name held their addresses."""
    old = {"video": "/media/training/videos/2026/talk.mp4", "image": "/media/training/images/2026/map.png"}
    assert reader.media_url(old["video"]) == old["video"]
    assert reader.media_url(old["image"]) == old["image"]
    assert reader.caption_tracks(old, "en") == []
    assert reader.media_url("training/videos/2026/talk.mp4") == "/media/training/videos/2026/talk.mp4"


def test_the_frozen_content_holds_names_not_addresses(media):
    lesson = _video_lesson()
    _caption(lesson, "en")
    version = services.course_publish(course=lesson.module.course)
    frozen = reader.for_version(version).lesson(f"l{lesson.id}")
    assert frozen["video"] == lesson.video.name and not frozen["video"].startswith("/")
    assert frozen["captions"] == [{"language": "en", "file": lesson.captions.get().file.name}]


# ----- serving ----------------------------------------------------------------------------------------------


@pytest.mark.urls("training.tests.media_urls")
def test_the_caption_file_is_served_from_our_origin_as_text_vtt(media, client):
    lesson = _video_lesson(is_open=True)
    caption = _caption(lesson, "en")
    response = client.get(f"/media/{caption.file.name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt"
    assert b"".join(response.streaming_content) == VTT_EN


def test_the_lesson_page_lets_media_come_from_our_origin_only(media, client):
    lesson = _video_lesson(is_open=True)
    _caption(lesson, "en")
    course = lesson.module.course
    services.course_publish(course=course)
    response = client.get(reverse("training:open_step", kwargs={"slug": course.slug, "key": f"l{lesson.id}"}))
    assert response.status_code == 200 and "<track " in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "media-src 'self'" in policy
