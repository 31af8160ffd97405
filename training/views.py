"""Pages for learners and the public: catalogue, lessons, quizzes, results, certificates."""

import logging

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from taskforce.downloads import file_response
from taskforce.forms import add_service_errors
from taskforce.language import safety_page, safety_page_for_some
from taskforce.links import absolute_url
from taskforce.net import client_ip

from . import access, conf, onboarding, pdf, reader, scorm, scorm_services, selectors, services
from .forms import answers_from
from .models import ScormPackage
from .onboarding_forms import AcceptForm, SignupForm


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
    courses = [selectors.as_published(c) for c in selectors.courses_published().order_by("is_open", "slug")]
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


@safety_page_for_some
@require_GET
def course_detail(request, slug):
    course = _course_or_404(slug)
    version = course.current_version
    enrolment = None
    # The open awareness module's page is a safety page, in every language (taskforce.language.is_safety_view).
    request.safety_page = course.is_open
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
    if enrolment.version.content.get("scorm"):
        return redirect("training:scorm_player", slug=course.slug)
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
    if enrolment.version.content.get("scorm"):  # a SCORM course has no steps of ours: its package is its page
        return redirect("training:scorm_player", slug=course.slug)
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
    is_final = attempt.quiz == reader.FINAL
    context = {
        "attempt": attempt,
        "enrolment": enrolment,
        "course": selectors.as_published(enrolment.course, enrolment.version),
        "version": enrolment.version,
        "quiz": quiz,
        "is_final": is_final,
        "review": reader.review(quiz, results, attempt.id),
        # A failed final says which answers were wrong, never which were right: a choice's feedback can tell.
        "hide_feedback": is_final and not attempt.passed,
        "next_key": course_content.next_key(attempt.quiz),
        "certificate": getattr(enrolment, "certificate", None) if enrolment.completed_at else None,
    }
    if is_final and not enrolment.completed_at:
        left, next_try = services.final_attempts_left(enrolment), services.final_next_try_at(enrolment)
        context |= {"attempts_left": left, "next_try_at": next_try, "can_retry": left != 0 and next_try is None}
    else:
        context["can_retry"] = not is_final
    return render(request, "training/attempt_result.html", context)


# ----- the open awareness module: anyone, no account, nothing stored, no cookie ---------------------------


@safety_page
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
    checked, status = reader.spot_check(
        quiz, answers_from(request.GET), seed=f"open-{course.current_version.number}", check="check" in request.GET
    )
    context.update(checked)
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


# ----- getting people in: the pages behind the mailed links, and self-registration (training/onboarding.py) --

PUBLIC = "training/onboarding/"


log = logging.getLogger(__name__)


def _link_spent(request, *, known: bool):
    """A link that does not work (any more): 410 for one that did, 404 for one that never did; the same words."""
    return render(request, PUBLIC + "link_spent.html", status=410 if known else 404)


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = onboarding.invitation_from_token(token)
    if invitation is None or not invitation.usable:
        return _link_spent(request, known=invitation is not None)
    account_exists = onboarding.account_exists(invitation.email)
    signed_in_as_invited = request.user.is_authenticated and (
        onboarding.email_normalize(request.user.email) == invitation.email
    )
    context = {"invitation": invitation, "account_exists": account_exists, "signed_in_as_invited": signed_in_as_invited}
    if account_exists:
        return _invitation_join(request, invitation, context)
    form = AcceptForm(request.POST or None, invitation=invitation, initial={"full_name": invitation.name})
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            try:
                onboarding.invitation_accept(
                    invitation=invitation,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your account is ready. Sign in with your address and password."))
                return redirect(f"{reverse('accounts:login')}?next={reverse('training:my_learning')}")
        return render(request, PUBLIC + "accept.html", context, status=400)
    return render(request, PUBLIC + "accept.html", context)


def _invitation_join(request, invitation, context):
    """The invited address already has an account: no second one. Signed in with it, the person joins with one
    button; otherwise the page asks them to sign in (and to come back to the link)."""
    if request.method == "POST" and context["signed_in_as_invited"]:
        try:
            onboarding.invitation_join(invitation=invitation, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("You joined %(organization)s.") % {"organization": invitation.organization.name}
            )
            return redirect("training:my_learning")
    status = 400 if request.method == "POST" else 200
    context["login_url"] = f"{reverse('accounts:login')}?next={request.path}"
    return render(request, PUBLIC + "accept_existing.html", context, status=status)


def _keyed(value: str) -> str:
    return salted_hmac("training.signup.throttle", value, secret=settings.HASH_KEY or None).hexdigest()


def _signup_throttled(request, email: str) -> str:
    """Count one registration: "client" or "everyone" when over the limit (say so, send nothing), "email" when that
    address was asked for too often (send nothing and say what is said when a mail is sent), "" otherwise. A cache
    that is down sends nothing."""

    def over(group, rate, value):
        return is_ratelimited(request, group=group, key=lambda _g, _r: value, rate=rate, increment=True)

    try:
        if over("training.signup.client", conf.signup_rate_per_client(), _keyed(client_ip(request))):
            return "client"
        if over("training.signup.email", conf.signup_rate_per_email(), _keyed(email)):
            return "email"
        if over("training.signup.all", conf.signup_rate_global(), "all"):
            return "everyone"
    except Exception:  # noqa: BLE001 - any cache failure
        log.warning("Cache unavailable; training registrations are not taken")
        return "everyone"
    return ""


@require_http_methods(["GET", "POST"])
def signup(request):
    """Self-registration for the organizations that opened it. The answer never tells whether the address already
    has an account (its owner is mailed instead)."""
    form = SignupForm(request.POST or None)
    context = {"form": form, "open": onboarding.organizations_open_to_signup().exists()}
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            throttled = _signup_throttled(request, data["email"])
            if throttled in ("client", "everyone"):
                form.add_error(None, _("Too many registrations for now. Please try again in an hour."))
                return render(request, PUBLIC + "signup.html", context, status=429)
            if not throttled:
                try:
                    onboarding.signup_request(
                        organization=data["organization"],
                        email=data["email"],
                        name=data["full_name"],
                        audience=data["audience"],
                        password=data["password"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    return render(request, PUBLIC + "signup.html", context, status=400)
            return redirect("training:signup_sent")
        return render(request, PUBLIC + "signup.html", context, status=400)
    return render(request, PUBLIC + "signup.html", context)


def signup_sent(request):
    return render(request, PUBLIC + "signup_sent.html", {"hours": conf.signup_confirm_hours()})


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token):
    """The mailed link opens a page whose button confirms (a mail scanner that follows links confirms nothing)."""
    found = onboarding.signup_from_token(token)
    if found is None or not found.usable:
        return _link_spent(request, known=found is not None)
    if request.method == "POST":
        try:
            outcome = onboarding.signup_confirm(signup=found)
        except ValidationError:
            return _link_spent(request, known=True)
        return render(request, PUBLIC + "signup_done.html", {"outcome": outcome, "signup": found})
    return render(request, PUBLIC + "signup_confirm.html", {"signup": found})


# ----- SCORM courses: the player, and the package files it frames (training/scorm.py) ---------------------------


def _course_package(course, version) -> ScormPackage:
    package_id = (version.content.get("scorm") or {}).get("package") if version else None
    package = ScormPackage.objects.filter(pk=package_id, course=course).first()
    if package is None:
        raise Http404
    return package


def file_url(package: ScormPackage, name: str) -> str:
    path, _mark, query = name.partition("?")
    url = reverse("training:scorm_file", kwargs={"package_id": package.pk, "path": path})
    return f"{url}?{query}" if query else url


@login_required
@require_GET
def scorm_player(request, slug):
    """The learner's SCORM course: the package in a frame, the runtime around it, their saved data given back."""
    course = selectors.course_by_slug(slug)
    if course is None:
        raise Http404
    enrolment = selectors.enrolment_latest(user=request.user, course=course)
    if enrolment is None:
        return redirect("training:course", slug=course.slug)
    package = _course_package(course, enrolment.version)
    config = {
        "version": package.version,
        "launch": file_url(package, package.launch),
        "commitUrl": reverse("api-training-scorm-commit", kwargs={"enrolment_id": enrolment.pk}),
        "csrfToken": get_token(request),
        "cmi": scorm_services.scorm_saved_cmi(enrolment, package),
        "learnerId": str(request.user.pk),
        "learnerName": request.user.get_full_name(),
    }
    context = {"course": course, "enrolment": enrolment, "package": package, "config": config}
    return render(request, "training/scorm_player.html", context)


# The package's own pages keep the portal's policy (scripts, styles, pictures and connections from our origin
# only; no inline script or style), with two changes: the player page (ours, same origin) may frame them, and the
# browser sandboxes them even when opened on their own (no pop-ups, no top navigation, no downloads).
PACKAGE_CSP = {
    "frame-ancestors": ["'self'"],
    "sandbox": ["allow-scripts", "allow-same-origin", "allow-forms"],
}


@login_required
@require_GET
@xframe_options_sameorigin
@csp_replace(PACKAGE_CSP)
def scorm_package_file(request, package_id, path):
    """One file of a package, for a learner enrolled in it or staff. Only names the package's checked list holds
    are served (never a path built from the request alone), read through the storage's API, with the Content-Type
    of their kind's allow-list and `nosniff`.

    The sandbox comes from this header (the player's iframe carries no attribute; a same-origin one that allows
    scripts would add nothing) and allows `allow-scripts allow-same-origin`: a same-origin script can reach its parent, so the
    sandbox is not a wall against the package's own code; what bounds a package is who may import one (staff, in
    the admin), the CSP (it talks to our origin only, runs no inline script), this separate path, and the session
    cookie the package's script cannot read (HttpOnly)."""
    package = access.scorm_package_for_user(request.user, package_id)
    try:
        name = scorm.clean_name(path)
    except ValidationError:
        raise Http404 from None
    kind = scorm.content_type(name)
    if kind is None or name not in set(package.file_names):
        raise Http404
    stored = f"{package.storage_prefix}/{name}"
    try:
        handle = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "same-origin"
    return response
