"""Writes for SCORM courses: importing a package (a new course version), and recording what a package commits.

A SCORM course completes through the same steps as a native one: a submitted final `Attempt` (its best score in
the report), the enrolment's `completed_at` and `score`, and `services.certificate_issue`, so assignments,
reports and certificates do not know the difference.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from taskforce.language import text_data

from . import reader, scorm, services
from .models import Attempt, Course, CourseVersion, Enrolment, ScormPackage, ScormState

# Not under training/: nginx serves MEDIA_ROOT/training/ (pictures, videos) to anyone (deploy/nginx/media.conf) and
# refuses every other folder; a package's files are served only by training/views.py, to its learners.
STORAGE_ROOT = "scorm-packages"


def _store_files(archive, files, prefix: str, written: list[str]) -> None:
    for info in files:
        name = f"{prefix}/{info.filename}"
        with archive.open(info) as source:
            data = source.read(info.file_size + 1)  # the zip's declared size is checked (and its CRC) by zipfile
        if len(data) != info.file_size:
            raise ValidationError(_("The package's file “%(name)s” is damaged.") % {"name": info.filename[:200]})
        stored = default_storage.save(name, ContentFile(data))
        written.append(stored)
        if stored != name:  # the storage renamed it: never serve a file under another name than the package's
            raise ValidationError(_("The package's file “%(name)s” could not be stored.") % {"name": info.filename})


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


@transaction.atomic
def scorm_package_import(*, course: Course, upload, actor) -> ScormPackage:
    """Check a SCORM package, store its files and publish it as the course's new version. On any refusal nothing is
    kept: no row, no file."""
    package = scorm.read_package(upload)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.is_open:
        raise ValidationError(_("An open course (without an account) cannot be a SCORM course: nothing is stored."))
    prefix = f"{STORAGE_ROOT}/{uuid.uuid4().hex}"
    written: list[str] = []
    try:
        with scorm.zipfile.ZipFile(upload) as archive:
            _store_files(archive, package.files, prefix, written)
        row = ScormPackage.objects.create(
            course=course,
            version=package.version,
            title=package.title,
            launch=package.launch,
            mastery_score=package.mastery_score,
            storage_prefix=prefix,
            file_names=[info.filename for info in package.files],
            sha256=package.sha256,
            size=package.size,
            uploaded_by=actor,
        )
        _publish(course=course, package=row, actor=actor)
    except scorm.zipfile.BadZipFile:
        _delete_files(written)
        raise ValidationError(_("The package is damaged (a file does not match its checksum).")) from None
    except BaseException:
        _delete_files(written)
        raise
    return row


def _publish(*, course: Course, package: ScormPackage, actor) -> CourseVersion:
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    content = {
        "title": text_data(course.title),
        "summary": text_data(course.summary),
        "warning": text_data(course.content_warning),
        "estimated_minutes": course.estimated_minutes,
        "audiences": list(course.audiences),
        "modules": [],
        "scorm": {"package": package.pk, "version": package.version},
    }
    version = CourseVersion.objects.create(
        course=course,
        number=number,
        content=content,
        pass_mark=course.pass_mark,
        max_attempts=0,
        retake_wait_hours=0,
        validity_months=course.validity_months,
        published_by=actor,
    )
    Course.objects.filter(pk=course.pk).update(current_version=version, kind=Course.Kind.SCORM)
    return version


# ----- what a package commits -----------------------------------------------------------------------------------

STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_2004 = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_2004 = {"passed", "failed", "unknown"}
SUSPEND_LIMIT = {scorm.SCORM_12: 4096, scorm.SCORM_2004: 64000}
LOCATION_LIMIT = {scorm.SCORM_12: 255, scorm.SCORM_2004: 1000}


def _text(data: dict, *path: str, limit: int, label: str) -> str:
    value = data
    for key in path:
        value = value.get(key, "") if isinstance(value, dict) else ""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("%(field)s must be text.") % {"field": label})
    if "\x00" in value:
        raise ValidationError(_("%(field)s must not hold a NUL character.") % {"field": label})
    if len(value) > limit:
        raise ValidationError(_("%(field)s is longer than %(limit)s characters.") % {"field": label, "limit": limit})
    return value


def _number(value: str, label: str, low: Decimal | None = None, high: Decimal | None = None) -> Decimal | None:
    if value in ("", None):
        return None
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError):
        raise ValidationError(_("%(field)s must be a number.") % {"field": label}) from None
    if not number.is_finite() or (low is not None and number < low) or (high is not None and number > high):
        raise ValidationError(_("%(field)s is out of range.") % {"field": label})
    return number


def _percent(raw, low, high, scaled) -> int | None:
    if scaled is not None:
        return max(0, min(100, round(scaled * 100)))
    if raw is None:
        return None
    if low is not None and high is not None and high > low:
        return max(0, min(100, round((raw - low) * 100 / (high - low))))
    return max(0, min(100, round(raw)))


def _choice(value: str, allowed: set[str], label: str) -> str:
    if value and value not in allowed:
        raise ValidationError(
            _("%(field)s must be one of: %(allowed)s.") % {"field": label, "allowed": ", ".join(sorted(allowed))}
        )
    return value


def _read_12(cmi: dict) -> dict:
    core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
    score = core.get("score") if isinstance(core.get("score"), dict) else {}
    return {
        "lesson_status": _choice(
            _text(core, "lesson_status", limit=20, label="cmi.core.lesson_status"),
            STATUSES_12,
            "cmi.core.lesson_status",
        ),
        "raw": _number(_text(score, "raw", limit=20, label="cmi.core.score.raw"), "cmi.core.score.raw", 0, 100),
        "min": _number(_text(score, "min", limit=20, label="cmi.core.score.min"), "cmi.core.score.min", 0, 100),
        "max": _number(_text(score, "max", limit=20, label="cmi.core.score.max"), "cmi.core.score.max", 0, 100),
        "scaled": None,
        "location": _text(
            core, "lesson_location", limit=LOCATION_LIMIT[scorm.SCORM_12], label="cmi.core.lesson_location"
        ),
        "suspend_data": _text(cmi, "suspend_data", limit=SUSPEND_LIMIT[scorm.SCORM_12], label="cmi.suspend_data"),
    }


def _read_2004(cmi: dict) -> dict:
    score = cmi.get("score") if isinstance(cmi.get("score"), dict) else {}
    return {
        "completion_status": _choice(
            _text(cmi, "completion_status", limit=20, label="cmi.completion_status"),
            COMPLETION_2004,
            "cmi.completion_status",
        ),
        "success_status": _choice(
            _text(cmi, "success_status", limit=20, label="cmi.success_status"), SUCCESS_2004, "cmi.success_status"
        ),
        "raw": _number(_text(score, "raw", limit=20, label="cmi.score.raw"), "cmi.score.raw"),
        "min": _number(_text(score, "min", limit=20, label="cmi.score.min"), "cmi.score.min"),
        "max": _number(_text(score, "max", limit=20, label="cmi.score.max"), "cmi.score.max"),
        "scaled": _number(_text(score, "scaled", limit=20, label="cmi.score.scaled"), "cmi.score.scaled", -1, 1),
        "location": _text(cmi, "location", limit=LOCATION_LIMIT[scorm.SCORM_2004], label="cmi.location"),
        "suspend_data": _text(cmi, "suspend_data", limit=SUSPEND_LIMIT[scorm.SCORM_2004], label="cmi.suspend_data"),
    }


def read_commit(version: str, data) -> dict:
    """The values a commit carries, checked (a ValidationError naming the field otherwise)."""
    if not isinstance(data, dict):
        raise ValidationError(_("A commit is a JSON object."))
    cmi = data.get("cmi", data)
    if not isinstance(cmi, dict):
        raise ValidationError(_("cmi must be a JSON object."))
    values = _read_12(cmi) if version == scorm.SCORM_12 else _read_2004(cmi)
    values["score"] = _percent(values["raw"], values["min"], values["max"], values["scaled"])
    return values


def _passed(package: ScormPackage, state: ScormState) -> bool:
    """Whether what the package said completes the course: passed, or completed when the package sets no pass."""
    if package.version == scorm.SCORM_12:
        if state.lesson_status == "passed":
            return True
        return state.lesson_status == "completed" and package.mastery_score is None
    if state.success_status == "passed":
        return True
    return state.completion_status == "completed" and state.success_status in ("", "unknown")


@transaction.atomic
def scorm_commit(*, enrolment: Enrolment, data) -> ScormState:
    """Record what the learner's package committed. Passing completes the enrolment and issues the certificate,
    once: committing the same data again changes nothing more."""
    enrolment = Enrolment.objects.select_for_update().select_related("version", "user").get(pk=enrolment.pk)
    package_id = (enrolment.version.content.get("scorm") or {}).get("package")
    package = ScormPackage.objects.filter(pk=package_id).first()
    if package is None:
        raise ValidationError(_("This enrolment is not in a SCORM course."))
    values = read_commit(package.version, data)
    state, _created = ScormState.objects.get_or_create(enrolment=enrolment, defaults={"package": package})
    for name in ("lesson_status", "completion_status", "success_status", "location", "suspend_data"):
        if name in values:
            setattr(state, name, values[name])
    if values["score"] is not None:
        state.score = values["score"]
        state.score_raw = values["raw"]
    state.commits += 1
    state.save()
    if enrolment.completed_at is None and _passed(package, state):
        _complete(enrolment, score=state.score if state.score is not None else 100)
    return state


def _complete(enrolment: Enrolment, *, score: int) -> None:
    number = (enrolment.attempts.filter(quiz=reader.FINAL).aggregate(n=Max("number"))["n"] or 0) + 1
    now = timezone.now()
    Attempt.objects.create(
        enrolment=enrolment, quiz=reader.FINAL, number=number, score=score, passed=True, submitted_at=now
    )
    enrolment.completed_at = now
    enrolment.score = score
    enrolment.current_step = reader.FINAL
    enrolment.steps_done = (
        [*enrolment.steps_done, reader.FINAL] if reader.FINAL not in enrolment.steps_done else (enrolment.steps_done)
    )
    enrolment.save(update_fields=["steps_done", "current_step", "completed_at", "score"])
    services.certificate_issue(enrolment=enrolment)


def scorm_saved_cmi(enrolment: Enrolment, package: ScormPackage) -> dict:
    """What the package committed last time, in the shape the runtime loads (`loadFromJSON`)."""
    state = ScormState.objects.filter(enrolment=enrolment).first()
    if state is None:
        return {}
    if package.version == scorm.SCORM_12:
        core = {"lesson_location": state.location}
        if state.lesson_status:
            core["lesson_status"] = state.lesson_status
        if state.score_raw is not None:
            core["score"] = {"raw": str(state.score_raw.normalize())}
        return {"core": core, "suspend_data": state.suspend_data}
    saved = {"location": state.location, "suspend_data": state.suspend_data}
    if state.completion_status:
        saved["completion_status"] = state.completion_status
    if state.success_status:
        saved["success_status"] = state.success_status
    return saved
