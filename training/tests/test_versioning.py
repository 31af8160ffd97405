"""Publishing freezes a version: learners finish what they started; earlier results never change."""

import pytest
from django.urls import reverse

from training import services
from training.models import Attempt, Certificate, Choice, CourseVersion, Lesson
from training.reader import FINAL

from .factories import make_course, step_url, take_final, walk_to_final

pytestmark = pytest.mark.django_db


def test_edits_after_publishing_do_not_change_started_runs_or_results(login_as, learner, make_user, org_a, manager_a):
    course = make_course("versioned")
    v1 = course.current_version
    early = login_as(learner)
    walk_to_final(early, course)
    take_final(early, course, wrong=2)  # a failed attempt on v1: 60%

    # The author rewrites a lesson and changes which answer is right, then publishes version 2.
    Lesson.objects.filter(module__course=course, order=0).update(body={"en": "Rewritten lesson"})
    question = course.questions.filter(module__isnull=True).order_by("order").first()
    for choice in Choice.objects.filter(question=question):
        choice.is_correct = not choice.is_correct
        choice.save()
    v2 = services.course_publish(course=course, actor=manager_a)
    course.refresh_from_db()
    assert (v1.number, v2.number) == (1, 2) and course.current_version == v2

    # The first learner still sees version 1 and is graded against it.
    lesson_key = f"l{Lesson.objects.get(module__course=course, order=0).id}"
    page = early.get(step_url(course, lesson_key)).content.decode()
    assert "First lesson text" in page and "Rewritten lesson" not in page
    take_final(early, course, wrong=0, version=v1)
    certificate = Certificate.objects.get(user=learner)
    assert certificate.version_number == 1 and certificate.score == 100
    assert list(Attempt.objects.filter(quiz=FINAL).values_list("score", flat=True)) == [60, 100]
    assert CourseVersion.objects.get(pk=v1.pk).content == v1.content

    # A new learner gets version 2.
    newcomer = make_user(orgs=[org_a])
    client = login_as(newcomer)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    assert newcomer.enrolments.get().version == v2
    assert "Rewritten lesson" in client.get(step_url(course, lesson_key)).content.decode()

    # The report shows which version each person took.
    services.assignment_create(actor=manager_a, course=course, organization=org_a)
    report = login_as(manager_a).get(reverse("training:manager_report")).content.decode()
    assert '<td data-label="Version">1</td>' in report and '<td data-label="Version">2</td>' in report


def test_publishing_an_empty_course_is_refused(db):
    from django.core.exceptions import ValidationError  # noqa: PLC0415 -- used by this test only

    from training.models import Course  # noqa: PLC0415 -- used by this test only

    course = Course.objects.create(slug="empty", title={"en": "Empty", "fr": "Vide"})
    with pytest.raises(ValidationError):
        services.course_publish(course=course)
    assert not CourseVersion.objects.exists()
