"""Lessons carry images and local video with a transcript; authors publish from the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taskforce.testing.auth import login
from training import services
from training.models import CourseVersion, Lesson, LessonCaption

from .factories import make_course, step_url

pytestmark = pytest.mark.django_db

# The smallest valid GIF.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
    b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_lesson_shows_image_with_description_and_video_with_transcript(login_as, learner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    course = make_course("media")
    lesson = Lesson.objects.get(module__course=course, order=0)
    lesson.image = SimpleUploadedFile("map.gif", GIF, content_type="image/gif")
    lesson.image_alt = {"en": "Map of Alberta", "fr": "Carte de l'Alberta"}
    lesson.video = SimpleUploadedFile("talk.mp4", b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4")
    lesson.transcript = {"en": "Spoken words of the video.", "fr": "Paroles de la vidéo."}
    lesson.save()
    LessonCaption.objects.create(
        lesson=lesson,
        language="en",
        file=SimpleUploadedFile("talk.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nSpoken words\n"),
    )
    services.course_publish(course=course)
    course.refresh_from_db()
    client = login_as(learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    page = client.get(step_url(course, f"l{lesson.id}")).content.decode()
    assert 'alt="Map of Alberta"' in page and "/media/training/images/" in page
    assert "<video" in page and "Spoken words of the video." in page
    page_fr = client.get(step_url(course, f"l{lesson.id}").replace("/en/", "/fr/")).content.decode()
    assert "Carte de l&#x27;Alberta" in page_fr and "Paroles de la vidéo." in page_fr


def test_admin_publishes_a_new_version(client, make_user):
    course = make_course("admin-course")
    admin_user = make_user(is_staff=True, is_superuser=True)
    login(client, admin_user)
    for url in [
        reverse("admin:training_course_changelist"),
        reverse("admin:training_course_change", args=[course.id]),
        reverse("admin:training_question_changelist"),
        reverse("admin:training_certificate_changelist"),
    ]:
        assert client.get(url).status_code == 200
    response = client.post(
        reverse("admin:training_course_changelist"), {"action": "publish", "_selected_action": [course.id]}
    )
    assert response.status_code == 302
    assert CourseVersion.objects.filter(course=course).count() == 2
