"""Writing courses in the portal (issue 20): a training manager's drafts, what a new version changes, and publishing.

A course has one source. The courses loaded from the content files (`content/<code>/training/`, `load_content`)
have no organization and are changed there; a course an organization's training managers write here has that
organization, and only they change it. Drafts are the rows of Course, Module, Lesson, Question and Choice; learners
only ever see a frozen `CourseVersion` (services.course_publish), so a draft can change freely and a learner
mid-course stays on the version they started.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from taskforce.language import localized

from . import services
from .models import Choice, Course, CourseVersion, Lesson, LessonCaption, Module, Question

# The course's settings a version freezes in its own columns, as (field name, label for "what changed").
VERSION_SETTINGS = ("pass_mark", "max_attempts", "retake_wait_hours", "validity_months")


def _require_draft_of(course: Course, organization_id: int | None = None) -> None:
    if course.organization_id is None or (organization_id is not None and course.organization_id != organization_id):
        raise ValidationError(_("This course is not written in the portal."))


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "course"
    slug, n = base, 1
    while Course.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def course_draft_create(*, actor, organization, **fields) -> Course:
    """A new course of the organization, unpublished until its first version."""
    course = Course(organization=organization, **fields)
    course.slug = _unique_slug(localized(course.title).text)
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def draft_save(*, actor, course: Course, obj) -> None:
    """Save one draft row (the course's settings, a module, a lesson, a question) of a course written here."""
    _require_draft_of(course)
    obj.full_clean()
    obj.save()


def _next_order(queryset) -> int:
    return (queryset.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def module_add(*, actor, course: Course, module: Module) -> Module:
    _require_draft_of(course)
    module.course = course
    module.order = _next_order(course.modules.all())
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def lesson_add(*, actor, module: Module, lesson: Lesson) -> Lesson:
    _require_draft_of(module.course)
    lesson.module = module
    lesson.order = _next_order(module.lessons.all())
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def caption_save(*, actor, lesson: Lesson, language: str, file) -> LessonCaption:
    """The lesson's captions in one language, added or replaced (a replaced file gets a new name; a published
    version keeps the one it froze)."""
    _require_draft_of(lesson.module.course)
    caption = LessonCaption.objects.filter(lesson=lesson, language=language).first() or LessonCaption(
        lesson=lesson, language=language
    )
    caption.file = file
    caption.full_clean()
    caption.save()
    return caption


def _check_choices(kind: str, choices: list[dict]) -> None:
    if len(choices) < 2:
        raise ValidationError(_("A question needs at least two answers."), code="answers")
    right = sum(1 for choice in choices if choice["is_correct"])
    if right == 0:
        raise ValidationError(_("Mark at least one answer as correct."), code="answers")
    if kind == Question.Kind.SINGLE and right != 1:
        raise ValidationError(
            _("A question with one answer has exactly one correct answer. Mark one, or choose “Several answers”."),
            code="answers",
        )


@transaction.atomic
def question_save(*, actor, course: Course, question: Question, choices: list[dict]) -> Question:
    """A question (of a module's check, or of the final assessment when it has no module) with its answers, written
    whole: its old answers are replaced by `choices` ({text, is_correct, feedback}), or nothing is saved."""
    _require_draft_of(course)
    _check_choices(question.kind, choices)
    question.course = course
    if question.pk is None:
        siblings = Question.objects.filter(course=course, module=question.module)
        question.order = _next_order(siblings)
    question.full_clean()
    question.save()
    question.choices.all().delete()
    for order, data in enumerate(choices, start=1):
        choice = Choice(question=question, order=order, **data)
        choice.full_clean()
        choice.save()
    return question


@transaction.atomic
def draft_delete(*, actor, course: Course, obj) -> None:
    """Remove a module, a lesson or a question from the draft; published versions keep their frozen copy."""
    _require_draft_of(course)
    obj.delete()


@transaction.atomic
def draft_move(*, actor, course: Course, obj, up: bool) -> None:
    """Swap a module, lesson or question with its neighbour before (up) or after it."""
    _require_draft_of(course)
    siblings = list(type(obj).objects.filter(**_sibling_filter(obj)).order_by("order", "id"))
    index = next(i for i, row in enumerate(siblings) if row.pk == obj.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, row in enumerate(siblings, start=1):
        if row.order != order:
            type(row).objects.filter(pk=row.pk).update(order=order)


def _sibling_filter(obj) -> dict:
    if isinstance(obj, Module):
        return {"course_id": obj.course_id}
    if isinstance(obj, Lesson):
        return {"module_id": obj.module_id}
    return {"course_id": obj.course_id, "module_id": obj.module_id}


# ----- what a new version changes ---------------------------------------------------------------------------


def _items(snapshot: dict) -> dict[str, tuple[str, dict]]:
    """Every module, lesson and question of a snapshot by key, as (kind, frozen dict)."""
    found: dict[str, tuple[str, dict]] = {}
    for module in snapshot.get("modules", []):
        check = module.get("check") or {}
        found[check.get("key", "")] = ("module", {"title": module["title"]})
        for lesson in module.get("lessons", []):
            found[lesson["key"]] = ("lesson", lesson)
        for question in check.get("questions", []):
            found[question["key"]] = ("question", question)
    for question in (snapshot.get("final") or {}).get("questions", []):
        found[question["key"]] = ("question", question)
    return found


def _name(data: dict) -> dict:
    return data.get("title") or data.get("text") or {}


def _moved(before: dict, after: dict) -> bool:
    """Whether the modules, lessons or questions both snapshots hold come in another order."""
    old, new = list(_items(before)), list(_items(after))
    common = set(old) & set(new)
    return [key for key in old if key in common] != [key for key in new if key in common]


def version_changes(*, course: Course, before: CourseVersion | None, snapshot: dict) -> list[dict]:
    """What publishing `snapshot` now would change from `before`, as a list of {"change", "kind", "name"}: shown in
    the reader's language on the publish page and with the version (see `change_sentence`)."""
    if before is None:
        return [{"change": "first", "kind": "course", "name": snapshot["title"]}]
    changes: list[dict] = []
    old = before.content
    for field in ("title", "summary", "warning", "estimated_minutes", "audiences"):
        if old.get(field) != snapshot.get(field):
            changes.append({"change": "changed", "kind": "setting", "name": field})
    for field in VERSION_SETTINGS:
        if getattr(before, field) != getattr(course, field):
            changes.append({"change": "changed", "kind": "setting", "name": field})
    old_items, new_items = _items(old), _items(snapshot)
    for key, (kind, data) in new_items.items():
        if key not in old_items:
            changes.append({"change": "added", "kind": kind, "name": _name(data)})
        elif old_items[key][1] != data:
            changes.append({"change": "changed", "kind": kind, "name": _name(data)})
    for key, (kind, data) in old_items.items():
        if key not in new_items:
            changes.append({"change": "removed", "kind": kind, "name": _name(data)})
    if _moved(old, snapshot):
        changes.append({"change": "moved", "kind": "course", "name": snapshot["title"]})
    return changes


def draft_changes(course: Course) -> list[dict]:
    """What the draft would change if it were published now (empty: nothing to publish)."""
    return version_changes(course=course, before=course.current_version, snapshot=services.course_snapshot(course))


@transaction.atomic
def draft_publish(*, actor, course: Course) -> CourseVersion:
    """Publish the draft as a new frozen version that records what it changed. Learners who started an earlier
    version stay on it; new starts get this one."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    _require_draft_of(course)
    if not course.is_open and not services.course_snapshot(course)["final"]["questions"]:
        raise ValidationError(
            _("Add at least one question to the final assessment: the certificate is given for passing it.")
        )
    changes = draft_changes(course)
    if not changes:
        raise ValidationError(
            _("Nothing has changed since version %(number)s: there is nothing to publish.")
            % {"number": course.current_version.number}
        )
    version = services.course_publish(course=course, actor=actor)
    CourseVersion.objects.filter(pk=version.pk).update(changes=changes)
    version.changes = changes
    return version


def _setting_label(name: str) -> str:
    labels = {
        "title": _("the title"),
        "summary": _("the summary"),
        "warning": _("the content warning"),
        "estimated_minutes": _("the estimated duration"),
        "audiences": _("the audiences"),
        "pass_mark": _("the pass mark"),
        "max_attempts": _("the attempts allowed"),
        "retake_wait_hours": _("the wait before another try"),
        "validity_months": _("how long the certificate is valid"),
    }
    return labels.get(name, name)


def change_sentence(change: dict) -> str:
    """One recorded change in the reader's language."""
    kind, what = change.get("kind"), change.get("change")
    if what == "first":
        return _("First version of the course.")
    if kind == "setting":
        return _("Changed %(what)s.") % {"what": _setting_label(change.get("name", ""))}
    if what == "moved":
        return _("Changed the order of modules, lessons or questions.")
    name = Truncator(localized(change.get("name") or {}).text).chars(80)
    sentences = {
        ("added", "module"): _("Added the module “%(name)s”."),
        ("changed", "module"): _("Changed the module “%(name)s”."),
        ("removed", "module"): _("Removed the module “%(name)s”."),
        ("added", "lesson"): _("Added the lesson “%(name)s”."),
        ("changed", "lesson"): _("Changed the lesson “%(name)s”."),
        ("removed", "lesson"): _("Removed the lesson “%(name)s”."),
        ("added", "question"): _("Added the question “%(name)s”."),
        ("changed", "question"): _("Changed the question “%(name)s”."),
        ("removed", "question"): _("Removed the question “%(name)s”."),
    }
    return sentences.get((what, kind), _("Changed “%(name)s”.")) % {"name": name}
