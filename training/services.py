"""Writes of the training app: publishing, learning, grading, certificates, assignments and reminders."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from taskforce import audit
from taskforce.language import gettext_everywhere, gettext_in, i18n_text, in_page_language, localized, text_data
from taskforce.notifications import BULK, notify
from taskforce.queue import enqueue, enqueue_each

from . import conf, reader, selectors
from .models import (
    Action,
    Assignment,
    AssignmentEvent,
    Attempt,
    Certificate,
    CertificateEvent,
    Choice,
    Course,
    CourseVersion,
    Enrolment,
    Lesson,
    Question,
    Reminder,
)
from .step_titles import CHECK_TITLE, FINAL_TITLE


def _both(obj, name: str) -> dict:
    """A text of a draft row, frozen as {language code: text} for every language it is written in."""
    return text_data(getattr(obj, name))


# Frozen into each version in every language that has them (taskforce.language.gettext_everywhere).


def _check_title(module) -> dict:
    titles = text_data(module.title)
    return {code: gettext_in(code, CHECK_TITLE) % {"title": title} for code, title in titles.items()}


def _question_snapshot(question: Question) -> dict:
    """A question as a version freezes it. Its choices' keys are keyed hashes of their rows (HMAC with the secret
    key), not the rows' ids, which follow the order the answers were written in, the right ones often first: the
    form's values tell nothing, and the same course gives the same snapshot (publishing only what changed)."""
    return {
        "key": f"q{question.id}",
        "kind": question.kind,
        "text": _both(question, "text"),
        "choices": [
            {
                "key": "c" + salted_hmac("training.choice", str(choice.id), algorithm="sha256").hexdigest()[:12],
                "text": _both(choice, "text"),
                "correct": choice.is_correct,
                "feedback": _both(choice, "feedback"),
            }
            for choice in question.choices.all()
        ],
    }


def _lesson_snapshot(lesson: Lesson) -> dict:
    """Files are frozen by their stored names, and their addresses found when a page shows them
    (reader.media_url): a version outlives a change of the media's address. A caption file replaced later gets a
    new name (training/captions.py), so the version keeps the one it was published with."""
    return {
        "key": f"l{lesson.id}",
        "title": _both(lesson, "title"),
        "body": _both(lesson, "body"),
        "image": lesson.image.name or "",
        "image_alt": _both(lesson, "image_alt"),
        "video": lesson.video.name or "",
        "transcript": _both(lesson, "transcript"),
        "captions": [
            {"language": caption.language, "file": caption.file.name}
            for caption in sorted(lesson.captions.all(), key=lambda caption: caption.language)
        ],
    }


def _uncaptioned_videos(snapshot: dict) -> list[ValidationError]:
    """A lesson's video must have captions in the source language before the course is published (WCAG 2.1
    SC 1.2.2); captions in the other languages are shown when they exist."""
    source = settings.LANGUAGE_CODE
    language = get_language_info(source)["name_translated"]
    return [
        ValidationError(
            _(
                "The lesson “%(lesson)s” has a video without captions in %(language)s. Add a WebVTT caption "
                "file in %(language)s to the lesson, then publish again."
            )
            % {"lesson": localized(lesson["title"]).text, "language": language},
            code="captions_missing",
        )
        for module in snapshot["modules"]
        for lesson in module["lessons"]
        if lesson["video"] and source not in {caption["language"] for caption in lesson["captions"]}
    ]


def course_snapshot(course: Course) -> dict:
    """The course's draft rows as one frozen JSON document."""
    questions = Prefetch(
        "questions",
        queryset=Question.objects.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "id"))
        ).order_by("order", "id"),
    )
    modules = course.modules.prefetch_related("lessons__captions", questions).order_by("order", "id")
    final = [q for q in course.questions.prefetch_related("choices").order_by("order", "id") if q.module_id is None]
    return {
        "title": _both(course, "title"),
        "summary": _both(course, "summary"),
        "warning": _both(course, "content_warning"),
        "estimated_minutes": course.estimated_minutes,
        "audiences": list(course.audiences),
        "modules": [
            {
                "title": _both(module, "title"),
                "lessons": [_lesson_snapshot(lesson) for lesson in module.lessons.all()],
                "check": {
                    "key": f"m{module.id}",
                    "title": _check_title(module),
                    "questions": [_question_snapshot(q) for q in module.questions.all()],
                },
            }
            for module in modules
        ],
        "final": {
            "key": reader.FINAL,
            "title": gettext_everywhere(FINAL_TITLE),
            "questions": [_question_snapshot(q) for q in final],
        },
    }


@transaction.atomic
def course_publish(*, course: Course, actor=None) -> CourseVersion:
    """Freeze the course as it is now into a new version; learners who already started keep theirs."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    snapshot = course_snapshot(course)
    if not reader.VersionContent(snapshot).steps:
        raise ValidationError(_("A course needs at least one lesson before it can be published."))
    if missing := _uncaptioned_videos(snapshot):
        raise ValidationError(missing)
    number = (course.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CourseVersion.objects.create(
        course=course,
        number=number,
        content=snapshot,
        pass_mark=course.pass_mark,
        max_attempts=course.max_attempts,
        retake_wait_hours=course.retake_wait_hours,
        validity_months=course.validity_months,
        published_by=actor,
    )
    Course.objects.filter(pk=course.pk).update(current_version=version)
    return version


@transaction.atomic
def enrolment_start(*, user, course: Course) -> Enrolment:
    """The learner's open run of the course, or a new one on the current version. A learner with a valid
    certificate gets their completed run back; after expiry a new run starts and the old certificate stays."""
    existing = selectors.enrolment_latest(user=user, course=course)
    if existing and (existing.completed_at is None or selectors.enrolment_still_valid(existing)):
        return existing
    if course.current_version_id is None:
        raise ValidationError(_("This course is not published yet."))
    version = course.current_version
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                user=user,
                course=course,
                version=version,
                current_step=reader.VersionContent(version.content).first_key(),
            )
    except IntegrityError:  # a second click started it a moment ago
        return Enrolment.objects.get(user=user, course=course, completed_at__isnull=True)


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, key: str) -> str:
    """Mark a lesson read and move the learner's place to the next step. Returns the next step's key."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    course_content = reader.VersionContent(enrolment.version.content)
    if course_content.lesson(key) is None:
        raise ValidationError(_("There is no such lesson in this course."))
    next_key = course_content.next_key(key) or key
    if key not in enrolment.steps_done:
        enrolment.steps_done = [*enrolment.steps_done, key]
    if enrolment.completed_at is None:
        enrolment.current_step = next_key
    enrolment.save(update_fields=["steps_done", "current_step"])
    return next_key


def final_attempts_left(enrolment: Enrolment) -> int | None:
    """How many more tries the learner has at the final assessment; None when the course sets no limit."""
    allowed = enrolment.version.max_attempts
    if not allowed:
        return None
    used = enrolment.attempts.filter(quiz=reader.FINAL, submitted_at__isnull=False).count()
    return max(allowed - used, 0)


def final_next_try_at(enrolment: Enrolment) -> datetime | None:
    """When the learner may try the final assessment again after a failed try (the version's wait), or None when
    they may now."""
    wait = enrolment.version.retake_wait_hours
    if not wait or enrolment.completed_at:
        return None
    last = (
        enrolment.attempts.filter(quiz=reader.FINAL, submitted_at__isnull=False, passed=False)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if last is None:
        return None
    allowed_from = last + timedelta(hours=wait)
    return allowed_from if allowed_from > timezone.now() else None


@transaction.atomic
def attempt_open(*, enrolment: Enrolment, quiz: str) -> Attempt:
    """The learner's unfinished attempt at this quiz, or a new one when the retake policy allows it."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if reader.VersionContent(enrolment.version.content).quiz(quiz) is None:
        raise ValidationError(_("There is no such quiz in this course."))
    open_attempt = enrolment.attempts.filter(quiz=quiz, submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    if quiz == reader.FINAL:
        if enrolment.completed_at:
            raise ValidationError(_("You have already passed this course."))
        if final_attempts_left(enrolment) == 0:
            raise ValidationError(
                _("You have used every attempt this course allows. Please contact your training manager.")
            )
        next_try = final_next_try_at(enrolment)
        if next_try is not None:
            raise ValidationError(
                _("You can try the final assessment again from %(when)s.")
                % {"when": date_format(timezone.localtime(next_try), "DATETIME_FORMAT")}
            )
    number = (enrolment.attempts.filter(quiz=quiz).aggregate(n=Max("number"))["n"] or 0) + 1
    return Attempt.objects.create(enrolment=enrolment, quiz=quiz, number=number)


@transaction.atomic
def attempt_save(*, attempt: Attempt, raw_answers: dict) -> Attempt:
    """Keep the answers chosen so far on an unfinished attempt."""
    attempt = Attempt.objects.select_for_update().select_related("enrolment__version").get(pk=attempt.pk)
    if attempt.submitted_at:
        raise ValidationError(_("This attempt was already submitted."))
    quiz = reader.VersionContent(attempt.enrolment.version.content).quiz(attempt.quiz)
    attempt.answers = reader.clean_answers(quiz, raw_answers)
    attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def attempt_submit(*, attempt: Attempt, raw_answers: dict) -> Attempt:
    """Grade an attempt. Passing the final assessment completes the course and issues the certificate here and
    now. Submitting the same attempt twice returns the first result and changes nothing."""
    enrolment = Enrolment.objects.select_for_update().select_related("version", "user").get(pk=attempt.enrolment_id)
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at:
        return attempt
    quiz = reader.VersionContent(enrolment.version.content).quiz(attempt.quiz)
    answers = reader.clean_answers(quiz, raw_answers)
    if reader.unanswered(quiz, answers):
        raise ValidationError(_("Please answer every question before you submit."))
    score, _results = reader.grade(quiz, answers)
    attempt.answers = answers
    attempt.score = score
    attempt.passed = score >= enrolment.version.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["answers", "score", "passed", "submitted_at"])
    _quiz_done(enrolment, attempt)
    return attempt


def _quiz_done(enrolment: Enrolment, attempt: Attempt) -> None:
    course_content = reader.VersionContent(enrolment.version.content)
    if attempt.quiz not in enrolment.steps_done and (attempt.quiz != reader.FINAL or attempt.passed):
        enrolment.steps_done = [*enrolment.steps_done, attempt.quiz]
    if enrolment.completed_at is None and attempt.quiz != reader.FINAL:
        enrolment.current_step = course_content.next_key(attempt.quiz) or attempt.quiz
    if attempt.quiz == reader.FINAL and attempt.passed and enrolment.completed_at is None:
        enrolment.completed_at = attempt.submitted_at
        enrolment.score = attempt.score
        enrolment.current_step = reader.FINAL
        enrolment.save(update_fields=["steps_done", "current_step", "completed_at", "score"])
        certificate_issue(enrolment=enrolment)
        return
    enrolment.save(update_fields=["steps_done", "current_step"])


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment) -> Certificate:
    """One certificate per completed run (the one-to-one constraint makes a second impossible)."""
    version = enrolment.version
    issued_on = timezone.localdate(enrolment.completed_at)
    certificate, created = Certificate.objects.get_or_create(
        enrolment=enrolment,
        defaults={
            "user": enrolment.user,
            "token": secrets.token_urlsafe(32),
            "learner_name": enrolment.user.get_full_name(),
            "course_title": i18n_text(version.content["title"]),
            "version_number": version.number,
            "score": enrolment.score or 0,
            "issued_on": issued_on,
            "expires_on": _add_months(issued_on, version.validity_months) if version.validity_months else None,
        },
    )
    if created:
        CertificateEvent.objects.create(certificate=certificate, action=Action.ISSUED, actor=enrolment.user)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for revoking this certificate.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(_("This certificate was already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    CertificateEvent.objects.create(certificate=certificate, action=Action.REVOKED, actor=actor, reason=reason)
    return certificate


@transaction.atomic
def assignment_create(
    *,
    actor,
    course: Course,
    organization,
    audience: str = "",
    user=None,
    required: bool = True,
    due_on: date | None = None,
) -> Assignment:
    if course.current_version_id is None or course.is_open:
        raise ValidationError({"course": _("Only published courses for staff can be assigned.")})
    if user is not None and not user.memberships.filter(organization=organization).exists():
        raise ValidationError({"user": _("This person is not a member of the organization.")})
    if user is not None and audience:
        raise ValidationError(_("Assign either to an audience or to one person, not both."))
    assignment = Assignment.objects.create(
        course=course,
        organization=organization,
        audience=audience,
        user=user,
        required=required,
        due_on=due_on,
        created_by=actor,
    )
    _assignment_log(assignment, actor, Action.CREATED, new=_assignment_values(assignment))
    return assignment


_ASSIGNMENT_FIELDS = ("course", "organization", "audience", "user", "required", "due_on")


def _assignment_values(assignment: Assignment) -> dict:
    """An assignment as its audit rows keep it: ids, codes and ISO dates."""
    fields = (Assignment._meta.get_field(name) for name in _ASSIGNMENT_FIELDS)
    return {field.name: audit.stored(getattr(assignment, field.attname)) for field in fields}


def _assignment_log(assignment: Assignment, actor, action: str, *, old: dict | None = None, new: dict | None = None):
    AssignmentEvent.objects.create(
        assignment_ref=assignment.pk,
        organization_id=assignment.organization_id,
        action=action,
        actor=actor,
        old_values=old or {},
        new_values=new or {},
    )


@transaction.atomic
def assignment_change(*, assignment: Assignment, actor, changes: dict) -> Assignment:
    """Change an assignment (its course, audience, person, whether it is required, its due date); the old and new
    values of what changed are one audit row."""
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    old = _assignment_values(current)
    for name, value in changes.items():
        if name in _ASSIGNMENT_FIELDS:
            setattr(current, name, value)
    current.save()
    new = _assignment_values(current)
    changed = [name for name in new if old[name] != new[name]]
    if changed:
        _assignment_log(
            current, actor, Action.CHANGED, old={n: old[n] for n in changed}, new={n: new[n] for n in changed}
        )
    return current


@transaction.atomic
def assignment_delete(*, assignment: Assignment, actor) -> None:
    _assignment_log(assignment, actor, Action.REMOVED, old=_assignment_values(assignment))
    assignment.delete()


def _reminder_kind(due_on: date, today: date) -> str | None:
    if due_on < today:
        return Reminder.Kind.OVERDUE
    if due_on - timedelta(days=conf.remind_days_before()) <= today:
        return Reminder.Kind.DUE_SOON
    return None


def assignments_remind(*, today: date | None = None) -> int:
    """Daily: queue one reminder task per assignment due soon or overdue (each task works through its people in
    chunks). Returns how many tasks were queued."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=conf.remind_days_before())
    due = selectors.assignments_due_by(horizon).order_by("id").values_list("id", flat=True)
    return enqueue_each("training.tasks.assignment_remind", due.iterator())


def assignment_remind(*, assignment_id: int, today: date | None = None) -> int:
    """Mail up to TRAINING_REMINDER_CHUNK people of one assignment who have not completed the course and were not
    reminded of this kind yet, then queue the next run while people remain. Each reminder is its own short
    transaction; its unique Reminder row, written before the mail, makes every reminder happen once however
    often (or in how many workers) this runs. Returns how many were sent."""
    today = today or timezone.localdate()
    assignment = Assignment.objects.select_related("course").filter(id=assignment_id).first()
    kind = _reminder_kind(assignment.due_on, today) if assignment and assignment.due_on else None
    if kind is None:
        return 0
    pending = selectors.assignment_people_to_remind(assignment=assignment, kind=kind, today=today)
    sent = sum(_reminder_send(assignment=assignment, user=user, kind=kind) for user in pending[: conf.reminder_chunk()])
    if pending.exists():
        enqueue("training.tasks.assignment_remind", assignment.id)
    return sent


@transaction.atomic
def _reminder_send(*, assignment: Assignment, user, kind: str) -> bool:
    _reminder, created = Reminder.objects.get_or_create(assignment=assignment, user=user, kind=kind)
    if not created:  # another run reminded this person a moment ago
        return False
    with translation.override(user.preferred_language):
        context = {
            "course_title": in_page_language(assignment.course.title),
            "due_on": assignment.due_on,
            "required": assignment.required,
            "path": reverse("training:course", kwargs={"slug": assignment.course.slug}),
        }
    notify(recipients=[user], template=f"training_assignment_{kind}", context=context, priority=BULK)
    return True
