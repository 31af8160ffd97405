"""Demo data: the seed course and the open awareness module, published; demo learners' audiences; assignments.
Idempotent: rows are keyed on natural keys, and a new version is published only when the content changed."""

from datetime import timedelta

from django.utils import timezone

from taskforce.models import Organization, User

from . import demo_content as seed_text
from . import services
from .models import Assignment, Audience, Choice, Course, LearnerProfile, Lesson, Module, Question

LEARNERS = [
    ("learner@demo.example", "alberta-justice", Audience.JUSTICE),
    ("learner.act@demo.example", "act-alberta", Audience.VICTIM_SERVICES),
]
MANAGERS = {"alberta-justice": "trainer@demo.example", "act-alberta": "trainer.act@demo.example"}


def _pair(field: str, values: tuple) -> dict:
    return {f"{field}_en": values[0], f"{field}_fr": values[1]}


def _questions_upsert(course: Course, module: Module | None, questions) -> None:
    for order, (kind, text, choices) in enumerate(questions):
        question, _ = Question.objects.update_or_create(
            course=course, module=module, order=order, defaults={"kind": kind, **_pair("text", text)}
        )
        for choice_order, (correct, choice_text, feedback) in enumerate(choices):
            Choice.objects.update_or_create(
                question=question,
                order=choice_order,
                defaults={"is_correct": correct, **_pair("text", choice_text), **_pair("feedback", feedback)},
            )


def course_upsert(spec: dict, modules: list[dict], final: list) -> Course:
    course, _ = Course.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            **_pair("title", spec["title"]),
            **_pair("summary", spec["summary"]),
            **_pair("content_warning", spec["warning"]),
            "audiences": spec["audiences"],
            "estimated_minutes": spec["estimated_minutes"],
            "pass_mark": spec["pass_mark"],
            "max_attempts": spec["max_attempts"],
            "validity_months": spec["validity_months"],
            "is_open": spec["is_open"],
        },
    )
    for order, module_spec in enumerate(modules):
        module, _ = Module.objects.update_or_create(
            course=course, order=order, defaults=_pair("title", module_spec["title"])
        )
        for lesson_order, (title, body) in enumerate(module_spec["lessons"]):
            Lesson.objects.update_or_create(
                module=module, order=lesson_order, defaults={**_pair("title", title), **_pair("body", body)}
            )
        _questions_upsert(course, module, module_spec["check"])
    _questions_upsert(course, None, final)
    current = course.current_version
    if current is None or current.content != services.course_snapshot(course):
        services.course_publish(course=course)
        course.refresh_from_db()
    return course


def seed(*, password: str) -> None:
    course = course_upsert(seed_text.COURSE, seed_text.MODULES, seed_text.FINAL)
    course_upsert(seed_text.OPEN_COURSE, seed_text.OPEN_MODULES, [])
    due_on = timezone.localdate() + timedelta(days=30)
    for email, org_slug, audience in LEARNERS:
        user = User.objects.filter(email=email).first()
        organization = Organization.objects.filter(slug=org_slug).first()
        if user is None or organization is None:
            continue
        LearnerProfile.objects.update_or_create(user=user, defaults={"audience": audience})
        manager = User.objects.filter(email=MANAGERS[org_slug]).first()
        Assignment.objects.update_or_create(
            course=course,
            organization=organization,
            audience=audience,
            user=None,
            defaults={"required": True, "due_on": due_on, "created_by": manager},
        )
