"""A published version freezes every language a course is written in, not a fixed pair."""

import pytest

from training import services
from training.models import Course, Module

from .factories import make_course

pytestmark = pytest.mark.django_db


def test_a_version_freezes_each_language_written_and_the_catalogues_words():
    course = make_course("snapshot")
    Course.objects.filter(pk=course.pk).update(title={"en": "Course", "fr": "Cours", "es": "Curso"})
    course.refresh_from_db()
    version = services.course_publish(course=course)
    assert version.content["title"] == {"en": "Course", "fr": "Cours", "es": "Curso"}
    check = version.content["modules"][0]["check"]["title"]
    module = Module.objects.get(course=course)
    assert check["en"] == f"Knowledge check: {module.title.data['en']}"
    assert check["fr"] == f"Vérification : {module.title.data['fr']}"
    assert version.content["final"]["title"]["fr"] == "Évaluation finale"
