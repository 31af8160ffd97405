"""Pages for learners and the public: catalogue, lessons, quizzes, results, certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.downloads import file_response
from taskforce.links import absolute_url

from . import access, pdf, reader, selectors, services
from .forms import answers_from


def _course_or_404(slug: str):
    course = selectors.course_by_slug(slug)
    if course is None:
        raise Http404
    return course


def _step_url(course, key: str) -> str:
    return reverse("training:step", kwargs={"slug": course.slug, "key": key})


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_GET
def catalogue(request):
    courses = selectors.courses_published().order_by("is_open", "title_en")
    learning = selectors.learning_for_user(request.user) if request.user.is_authenticated else []
    return render(request, "training/catalogue.html", {"courses": courses, "learning": learning})


@login_required
@require_GET
def my_learning(request):
    context = {
        "learning": selectors.learning_for_user(request.user),
        "certificates": selectors.certificates_for_user(request.user),
    }
    return render(request, "training/my_learning.html", context)


@require_GET
def course_detail(request, slug):
    course = _course_or_404(slug)
    version = course.current_version
    enrolment = None
    if request.user.is_authenticated and not course.is_open:
        enrolment = selectors.enrolment_latest(user=request.user, course=course)
    context = {
        "course": course,
        "version": version,
        "course_content": reader.VersionContent(version.content),
        "enrolment": enrolment,
        "still_valid": enrolment is not None and selectors.enrolment_still_valid(enrolment),
    }
    return render(request, "training/course_detail.html", context)


@login_required
@require_POST
def course_start(request, slug):
    """Start the course, or resume at the exact step where the learner left it."""
    course = _course_or_404(slug)
    if course.is_open:
        return redirect(
            "training:open_step",
            slug=course.slug,
            key=reader.VersionContent(course.current_version.content).first_key(),
        )
    try:
        enrolment = services.enrolment_start(user=request.user, course=course)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("training:course", slug=course.slug)
    return redirect(_step_url(course, enrolment.current_step or reader.FINAL))


def _enrolment_or_redirect(request, course):
    enrolment = selectors.enrolment_latest(user=request.user, course=course)
    if enrolment is None:
        return None, redirect("training:course", slug=course.slug)
    return enrolment, None


@login_required
@require_http_methods(["GET", "POST"])
def step(request, slug, key):
    course = _course_or_404(slug)
    if course.is_open:
        return redirect("training:open_step", slug=course.slug, key=key)
    enrolment, response = _enrolment_or_redirect(request, course)
    if response:
        return response
    course_content = reader.VersionContent(enrolment.version.content)
    found = course_content.step(key)
    if found is None:
        raise Http404
    if found.kind == "lesson":
        return _lesson(request, course, enrolment, course_content, found)
    return _quiz(request, course, enrolment, course_content, found)


def _base_context(course, enrolment, course_content, found):
    done = set(enrolment.steps_done) if enrolment else set()
    completed = bool(enrolment and enrolment.completed_at)
    return {
        "course": course,
        "enrolment": enrolment,
        "version": enrolment.version if enrolment else course.current_version,
        "course_content": course_content,
        "step": found,
        "outline": [{"step": s, "done": s.key in done} for s in course_content.steps],
        "previous_key": course_content.previous_key(found.key),
        "next_key": course_content.next_key(found.key),
        "progress": 100 if completed else course_content.progress(done),
    }


def _lesson(request, course, enrolment, course_content, found):
    if request.method == "POST":
        next_key = services.lesson_complete(enrolment=enrolment, key=found.key)
        return redirect(_step_url(course, next_key))
    context = {**_base_context(course, enrolment, course_content, found), "lesson": course_content.lesson(found.key)}
    return render(request, "training/lesson.html", context)


def _quiz_ready(enrolment, course_content, found) -> bool:
    """The final assessment opens once every lesson and knowledge check is done."""
    if found.key != reader.FINAL:
        return True
    before = {s.key for s in course_content.steps if s.key != reader.FINAL}
    return before <= set(enrolment.steps_done)


def _quiz(request, course, enrolment, course_content, found):
    quiz = course_content.quiz(found.key)
    attempt = enrolment.attempts.filter(quiz=found.key, submitted_at__isnull=True).first()
    context = {**_base_context(course, enrolment, course_content, found), "quiz": quiz, "attempt": attempt}
    if request.method == "POST" and attempt is not None:
        answers = answers_from(request.POST)
        try:
            if request.POST.get("action") == "save":
                services.attempt_save(attempt=attempt, raw_answers=answers)
                messages.success(request, _("Your answers are saved. You can come back and finish this quiz later."))
                return redirect(_step_url(course, found.key))
            attempt = services.attempt_submit(attempt=attempt, raw_answers=answers)
        except ValidationError as exc:
            attempt.answers = reader.clean_answers(quiz, answers)
            context.update({"attempt": attempt, "error": _error_text(exc)})
            return _render_quiz(request, context, status=400)
        return redirect("training:attempt", attempt_id=attempt.id)
    if request.method == "POST":
        return redirect(_step_url(course, found.key))
    return _render_quiz(request, context)


def _render_quiz(request, context, status=200):
    enrolment, found, attempt = context["enrolment"], context["step"], context["attempt"]
    context["ready"] = _quiz_ready(enrolment, context["course_content"], found)
    context["past_attempts"] = enrolment.attempts.filter(quiz=found.key, submitted_at__isnull=False)
    if attempt is not None:
        chosen = attempt.answers
        context["questions"] = [
            {
                "question": q,
                "choices": [
                    {"choice": c, "checked": c["key"] in chosen.get(q["key"], [])}
                    for c in reader.shuffled_choices(q, attempt.id)
                ],
            }
            for q in context["quiz"]["questions"]
        ]
    return render(request, "training/quiz.html", context, status=status)


@login_required
@require_POST
def quiz_start(request, slug, key):
    course = _course_or_404(slug)
    enrolment, response = _enrolment_or_redirect(request, course)
    if response:
        return response
    course_content = reader.VersionContent(enrolment.version.content)
    found = course_content.step(key)
    if found is None or found.kind != "quiz":
        raise Http404
    if not _quiz_ready(enrolment, course_content, found):
        messages.error(request, _("Please finish every lesson and knowledge check before the final assessment."))
    else:
        try:
            services.attempt_open(enrolment=enrolment, quiz=key)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    return redirect(_step_url(course, key))


@login_required
@require_GET
def attempt_result(request, attempt_id):
    attempt = access.attempt_for_user(request.user, attempt_id)
    if attempt.submitted_at is None:
        return redirect(_step_url(attempt.enrolment.course, attempt.quiz))
    enrolment = attempt.enrolment
    course_content = reader.VersionContent(enrolment.version.content)
    quiz = course_content.quiz(attempt.quiz)
    _score, results = reader.grade(quiz, attempt.answers)
    context = {
        "attempt": attempt,
        "enrolment": enrolment,
        "course": enrolment.course,
        "version": enrolment.version,
        "quiz": quiz,
        "is_final": attempt.quiz == reader.FINAL,
        "review": _review(quiz, results, attempt.id),
        "next_key": course_content.next_key(attempt.quiz),
        "certificate": getattr(enrolment, "certificate", None) if enrolment.completed_at else None,
        "can_retry": attempt.quiz != reader.FINAL or (not enrolment.completed_at and _attempts_left(enrolment)),
    }
    return render(request, "training/attempt_result.html", context)


def _attempts_left(enrolment) -> bool:
    allowed = enrolment.version.max_attempts
    return not allowed or enrolment.attempts.filter(quiz=reader.FINAL, submitted_at__isnull=False).count() < allowed


def _review(quiz, results, seed):
    by_key = {r.key: r for r in results}
    return [
        {
            "question": q,
            "correct": by_key[q["key"]].correct,
            "chosen": [c for c in reader.shuffled_choices(q, seed) if c["key"] in by_key[q["key"]].chosen],
        }
        for q in quiz["questions"]
    ]


# ----- the open awareness module: anyone, no account, nothing stored, no cookie ---------------------------


@require_GET
def open_step(request, slug, key):
    course = _course_or_404(slug)
    if not course.is_open:
        raise Http404
    course_content = reader.VersionContent(course.current_version.content)
    found = course_content.step(key)
    if found is None:
        raise Http404
    context = _base_context(course, None, course_content, found)
    if found.kind == "lesson":
        context["lesson"] = course_content.lesson(found.key)
        return render(request, "training/open_lesson.html", context)
    quiz = course_content.quiz(found.key)
    context["quiz"] = quiz
    # The answers travel in the query string and are graded on the spot; nothing is written anywhere.
    seed = f"open-{course.current_version.number}"
    answers = reader.clean_answers(quiz, answers_from(request.GET))
    status = 200
    if "check" in request.GET:
        if reader.unanswered(quiz, answers):
            context["error"] = _("Please answer every question before you submit.")
            status = 400
        else:
            score, results = reader.grade(quiz, answers)
            context.update({"score": score, "review": _review(quiz, results, seed)})
    context["questions"] = [
        {
            "question": q,
            "choices": [
                {"choice": c, "checked": c["key"] in answers.get(q["key"], [])}
                for c in reader.shuffled_choices(q, seed)
            ],
        }
        for q in quiz["questions"]
    ]
    return render(request, "training/open_quiz.html", context, status=status)


# ----- certificates -----------------------------------------------------------------------------------------


@never_cache
@require_GET
def certificate_verify(request, token):
    """Public check of a certificate: name, course, completion date and whether it is valid."""
    certificate = selectors.certificate_by_token(token) if len(token) <= 64 else None
    status = 200 if certificate else 404
    response = render(request, "training/certificate_verify.html", {"certificate": certificate}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_GET
def certificate_pdf(request, certificate_id):
    certificate = access.certificate_for_owner(request.user, certificate_id)
    verify_url = absolute_url("training:certificate_verify", token=certificate.token)
    body = pdf.certificate_pdf(certificate=certificate, verify_url=verify_url, language=get_language())
    return file_response(body, filename=f"certificate-{certificate.id}.pdf", content_type="application/pdf")
