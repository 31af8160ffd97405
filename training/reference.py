"""Reference data of training: the courses written in `content/<code>/courses/<slug>.yaml` (the seed course and
the open awareness module), published. Idempotent: rows are keyed on natural keys (slug, positions), only
changed rows are saved, and a new version is published only when the course changed (a published version stays
frozen). Loaded by `manage.py load_content` (and `load_reference`, `seed_demo`)."""

from taskforce import content_files
from taskforce.content_files import upsert_texts

from . import services
from .models import Choice, Course, Lesson, Module, Question

SEED_COURSE_SLUG = "recognizing-responding-human-trafficking"


def _questions_upsert(course: Course, module: Module | None, questions: list) -> None:
    for order, spec in enumerate(questions):
        question = upsert_texts(
            Question, {"course": course, "module": module, "order": order}, {"kind": spec["kind"]}, spec, ("text",)
        )
        for choice_order, answer in enumerate(spec["answers"]):
            upsert_texts(
                Choice,
                {"question": question, "order": choice_order},
                {"is_correct": answer["correct"]},
                answer,
                ("text", "feedback"),
            )


COURSE_SETTINGS = ("audiences", "estimated_minutes", "pass_mark", "max_attempts", "validity_months", "is_open")


def course_upsert(spec: dict) -> Course:
    course = upsert_texts(
        Course,
        {"slug": spec["slug"]},
        {
            **{name: spec[name] for name in COURSE_SETTINGS},
            "retake_wait_hours": spec.get("retake_wait_hours", 0),  # optional in a course's file
        },
        {**spec, "content_warning": spec.get("warning")},
        ("title", "summary", "content_warning"),
    )
    for order, module_spec in enumerate(spec["modules"]):
        module = upsert_texts(Module, {"course": course, "order": order}, {}, module_spec, ("title",))
        for lesson_order, lesson in enumerate(module_spec["lessons"]):
            upsert_texts(Lesson, {"module": module, "order": lesson_order}, {}, lesson, ("title", "body"))
        _questions_upsert(course, module, module_spec.get("check") or [])
    _questions_upsert(course, None, spec.get("final") or [])
    current = course.current_version
    if current is None or current.content != services.course_snapshot(course):
        services.course_publish(course=course)
        course.refresh_from_db()
    return course


def load() -> list[str]:
    """Every course of the content folders; returns the problems found in the files (not loaded)."""
    problems = []
    for name in content_files.names("courses"):
        content = content_files.read(name)
        course_upsert(content.data)
        problems += content.problems
    return problems
