"""Reference data of training: the seed course and the open awareness module (authored in `content.py`),
published. Idempotent: rows are keyed on natural keys, and a new version is published only when the content
changed. Loaded by `manage.py load_reference` (production runs it alone) and by `seed_demo`."""

from . import content, services
from .models import Choice, Course, Lesson, Module, Question

SEED_COURSE_SLUG = content.COURSE["slug"]


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


def load() -> None:
    course_upsert(content.COURSE, content.MODULES, content.FINAL)
    course_upsert(content.OPEN_COURSE, content.OPEN_MODULES, [])
