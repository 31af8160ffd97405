"""Pages for Training managers: assignments, the completion report and its CSV, revoking certificates, invitations
and registrations, and writing courses."""

import tempfile
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.csv import csv_writer
from taskforce.forms import add_service_errors, filter_selects
from taskforce.language import in_page_language
from taskforce.links import id_url_parts
from taskforce.markdown import check_markdown
from taskforce.pagination import keyset_edge, page_of, query_without_page

from . import access, authoring, conf, onboarding, onboarding_csv, reader, selectors, services
from .authoring_forms import CaptionForm, ChoiceFormSet, CourseForm, LessonForm, ModuleForm, QuestionForm, choices_of
from .charts import completion_chart, organizations_chart
from .forms import AssignmentForm, ReportFilterForm, RevokeForm, answers_from
from .models import Assignment, Audience, Lesson, Module, Question
from .onboarding_forms import InvitationCsvForm, InvitationForm

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "completed": gettext_lazy("Completed"),
}


def _report_filters(request):
    """The organization (one of the manager's own) and optional course the report is for, and all the manager's
    organizations."""
    access.require_training_manager(request.user)
    organizations = selectors.organizations_managed(request.user)
    if not organizations:
        raise Http404
    data = {
        "organization": request.GET.get("organization") or organizations[0].id,
        "course": request.GET.get("course"),
        "show": request.GET.get("show", ""),
    }
    form = ReportFilterForm(data, manager=request.user)
    if not form.is_valid() and "organization" in form.errors:
        raise Http404  # not one of the manager's organizations (a course it does not offer: the views refuse it)
    organization = access.organization_for_manager(request.user, form.cleaned_data["organization"].id)
    return form, organization, form.cleaned_data.get("course"), list(organizations)


def _filter_refused(request, form) -> HttpResponse | None:
    """The refusal of a course or a "show" choice the report's lists do not offer (never every row in place of
    the ones asked for), or None."""
    if "course" in form.errors:
        return _refused(
            request, _("That course is not one of the report's courses: choose one from the report's list.")
        )
    if "show" in form.errors:
        return _refused(request, _("That choice of rows is not one the report offers: choose one from its list."))
    return None


@login_required
def manager_report(request):
    form, organization, course, organizations = _report_filters(request)
    refused = _filter_refused(request, form)
    if refused is not None:
        return refused
    today = timezone.localdate()
    overdue_only = form.cleaned_data.get("show") == "overdue"
    try:
        edge = keyset_edge(request, selectors.ReportCursor.parse)
        page = selectors.report_keyset_page(
            organization=organization,
            course=course,
            today=today,
            size=conf.report_page_size(),
            overdue_only=overdue_only,
            **edge,
        )
    except ValueError:  # selectors.ReportCursorError too: a row the link names that is not in this report
        return _refused(
            request, _("That page of the report does not exist (any more): open the report again from its first page.")
        )
    revoke_before, revoke_after = id_url_parts("training:certificate_revoke")
    summary = selectors.report_summary(organization=organization, course=course, today=today)
    context = {
        "filter_fields": filter_selects(form, ("organization", "course", "show")),
        "organization": organization,
        "overdue_only": overdue_only,
        "page": page,
        "query": query_without_page(request),
        "revoke_before": revoke_before,
        "revoke_after": revoke_after,
        "completion": completion_chart(summary["by_course"], organization=organization),
        "completion_by_organization": _completion_by_organization(organizations, organization, summary, course, today),
        **summary,
    }
    return render(request, "training/staff/manager_report.html", context)


def _completion_by_organization(organizations: list, organization, summary: dict, course, today) -> dict | None:
    """Each of the manager's organizations' completion (its counts are cached per organization, as the report's),
    when they manage more than one."""
    if len(organizations) < 2:
        return None
    summaries = [
        (
            other,
            summary
            if other.id == organization.id
            else selectors.report_summary(organization=other, today=today, course=course),
        )
        for other in organizations
    ]
    return organizations_chart(summaries)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


CSV_HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Course"),
    gettext_lazy("Version"),
    gettext_lazy("Required"),
    gettext_lazy("Due date"),
    gettext_lazy("Status"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Best score (%)"),
    gettext_lazy("Certificate"),
    gettext_lazy("Overdue"),
]


class _TooSlow(Exception):
    """The CSV took longer than its time budget to write."""


def _csv_file(pages, header: list[str], labels: dict, *, deadline: float):
    """The report as a CSV file written whole before anything is sent (a temporary file: memory stays flat), so
    that a download is complete or refused, never cut short with a 200. `pages` are the report's rows a keyset page
    at a time; past `deadline` (time.monotonic()) the file is abandoned (_TooSlow)."""
    writer = csv_writer()
    out = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 - closed by the response, or below
    out.write(("\ufeff" + writer.writerow(header)).encode())  # the byte order mark: spreadsheets read accents right
    for rows in pages:
        if time.monotonic() > deadline:
            out.close()
            raise _TooSlow
        for row in rows:
            course = row.course
            line = writer.writerow(
                [
                    row.user.get_full_name(),
                    row.user.email,
                    in_page_language(course.title),
                    row.version_number or "",
                    labels[row.required],
                    row.due_on.isoformat() if row.due_on else "",
                    labels[row.status],
                    row.progress,
                    "" if row.best_score is None else row.best_score,
                    row.certificate_status,
                    labels[row.overdue],
                ]
            )
            out.write(line.encode())
    out.seek(0)
    return out


def _refused(request, message: str, status: int = 400) -> HttpResponse:
    """The report's refusals (a page link or filter it never makes, a download too big): its page, with the
    message and the way back to its first page."""
    return render(request, "training/staff/report_refused.html", {"message": message}, status=status)


@login_required
def manager_report_csv(request):
    form, organization, course, _organizations = _report_filters(request)
    refused = _filter_refused(request, form)  # as the page: a download must not quietly give every row
    if refused is not None:
        return refused
    limit = conf.report_csv_max_rows()
    if selectors.report_too_big(organization=organization, course=course, limit=limit):
        return _refused(
            request,
            _("The report has more than %(limit)s rows: choose one course, then download it.")
            % {"limit": intcomma(limit)},
        )
    pages = selectors.report_pages(
        organization=organization,
        course=course,
        today=timezone.localdate(),
        size=conf.report_csv_chunk(),
        overdue_only=form.cleaned_data.get("show") == "overdue",
    )
    labels = {True: _yes_no(True), False: _yes_no(False), **{k: str(v) for k, v in STATUS_LABELS.items()}}
    try:
        csv_file = _csv_file(
            pages,
            [str(title) for title in CSV_HEADER],
            labels,
            deadline=time.monotonic() + conf.report_csv_seconds(),
        )
    except _TooSlow:
        return _refused(
            request, _("The report took too long to prepare: choose one course, or try again in a few minutes."), 503
        )
    return FileResponse(
        csv_file,
        as_attachment=True,
        filename=f"training-{organization.slug}.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignments(request):
    access.require_training_manager(request.user)
    organizations = selectors.organizations_managed(request.user)
    form = AssignmentForm(request.POST or None, manager=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_create(actor=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The course was assigned."))
                return redirect("training:assignments")
        status = 400
    context = {
        "form": form,
        "assignment_list": selectors.assignments_for_organizations(organizations.values("id")),
        "audiences": dict(Audience.choices),
    }
    return render(request, "training/staff/assignments.html", context, status=status)


@login_required
@require_POST
def assignment_delete(request, assignment_id):
    access.require_training_manager(request.user)
    assignment = Assignment.objects.filter(
        id=assignment_id, organization__in=selectors.organizations_managed(request.user)
    ).first()
    if assignment is None:
        raise Http404
    services.assignment_delete(assignment=assignment, actor=request.user)
    messages.success(request, _("The assignment was removed."))
    return redirect("training:assignments")


@login_required
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, certificate_id):
    certificate = access.certificate_for_manager(request.user, certificate_id)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.certificate_revoke(
                    certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The certificate was revoked. Its verification page says so now."))
                return redirect("training:manager_report")
        status = 400
    return render(
        request, "training/staff/certificate_revoke.html", {"form": form, "certificate": certificate}, status=status
    )


# ----- getting people in: invitations and approvals (training/onboarding.py), own organizations only ---------

STAFF = "training/onboarding/staff/"
PER_PAGE = 50


def _invitations_page(request, form, csv_form, *, errors=(), status=200):
    organization_ids = selectors.organizations_managed(request.user).values("id")
    resend_before, resend_after = id_url_parts("training:invitation_resend")
    revoke_before, revoke_after = id_url_parts("training:invitation_revoke")
    context = {
        "form": form,
        "csv_form": csv_form,
        "errors": errors,
        "page_obj": page_of(request, onboarding.invitations_open(organization_ids), per_page=PER_PAGE),
        "query": query_without_page(request),
        "resend_before": resend_before,
        "resend_after": resend_after,
        "revoke_before": revoke_before,
        "revoke_after": revoke_after,
        "days": conf.invitation_days(),
    }
    return render(request, STAFF + "invitations.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request):
    """The open invitations of the manager's organizations, and the form that invites one person."""
    access.require_training_manager(request.user)
    form = InvitationForm(request.POST or None, manager=request.user)
    csv_form = InvitationCsvForm(manager=request.user, prefix="csv")
    if request.method == "POST":
        if form.is_valid():
            try:
                onboarding.invitation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("%(email)s is invited. The mail is on its way.") % {"email": form.cleaned_data["email"]}
                )
                return redirect("training:invitations")
        return _invitations_page(request, form, csv_form, status=400)
    return _invitations_page(request, form, csv_form)


@login_required
@require_POST
def invitations_import(request):
    access.require_training_manager(request.user)
    csv_form = InvitationCsvForm(request.POST, request.FILES, manager=request.user, prefix="csv")
    errors: list[str] = []
    if csv_form.is_valid():
        upload = csv_form.cleaned_data["file"]
        try:
            if upload.size > conf.invite_csv_max_bytes():
                raise onboarding_csv.CsvImportError(
                    [_("The file is too large: at most %(size)s kB.") % {"size": conf.invite_csv_max_bytes() // 1024}]
                )
            created = onboarding_csv.invitations_import_csv(
                actor=request.user, organization=csv_form.cleaned_data["organization"], data=upload.read()
            )
        except onboarding_csv.CsvImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext("%(count)s person is invited.", "%(count)s people are invited.", len(created))
                % {"count": len(created)},
            )
            return redirect("training:invitations")
    return _invitations_page(request, InvitationForm(manager=request.user), csv_form, errors=errors, status=400)


@login_required
@require_POST
def invitation_resend(request, invitation_id):
    invitation = access.invitation_for_manager(request.user, invitation_id)
    try:
        onboarding.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A new link was sent to %(email)s.") % {"email": invitation.email})
    return redirect("training:invitations")


@login_required
@require_POST
def invitation_revoke(request, invitation_id):
    invitation = access.invitation_for_manager(request.user, invitation_id)
    try:
        onboarding.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The invitation of %(email)s was revoked.") % {"email": invitation.email})
    return redirect("training:invitations")


@login_required
def signups(request):
    """Confirmed self-registrations waiting for a decision in the manager's organizations."""
    access.require_training_manager(request.user)
    organization_ids = selectors.organizations_managed(request.user).values("id")
    decide_before, decide_after = id_url_parts("training:signup_decide")
    context = {
        "page_obj": page_of(request, onboarding.signups_waiting(organization_ids), per_page=PER_PAGE),
        "query": query_without_page(request),
        "decide_before": decide_before,
        "decide_after": decide_after,
    }
    return render(request, STAFF + "signups.html", context)


@login_required
@require_POST
def signup_decide(request, signup_id):
    signup = access.signup_for_manager(request.user, signup_id)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        messages.error(request, _("Choose Approve or Refuse."))
        return redirect("training:signups")
    try:
        onboarding.signup_decide(actor=request.user, signup=signup, approve=decision == "approve")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("%(email)s can now sign in.") if decision == "approve" else _("The request of %(email)s was refused.")
        messages.success(request, done % {"email": signup.email})
    return redirect("training:signups")


# ----- writing courses in the portal (training/authoring.py) ------------------------------------------------

AUTHORING = "training/staff/authoring/"


def _course_page(course):
    return redirect("training:authoring_course", course_id=course.id)


@login_required
@require_GET
def authoring_courses(request):
    """The courses of the manager's organizations, written here: each with its published version and whether the
    draft has changes to publish."""
    access.require_training_manager(request.user)
    courses = selectors.courses_written_by(selectors.organizations_managed(request.user))
    return render(request, AUTHORING + "courses.html", {"courses": courses})


@login_required
@require_http_methods(["GET", "POST"])
def authoring_course_new(request):
    access.require_training_manager(request.user)
    form = CourseForm(request.POST or None, organizations=selectors.organizations_managed(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "organization"}
        try:
            course = authoring.course_draft_create(
                actor=request.user, organization=form.cleaned_data["organization"], **fields
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course is created. Add its modules, lessons and questions."))
            return _course_page(course)
    status = 400 if request.method == "POST" else 200
    return render(request, AUTHORING + "course_new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def authoring_course(request, course_id):
    """A course's draft: its settings, its outline (modules, lessons, questions) and what publishing would change."""
    course = access.course_for_author(request.user, course_id)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST":
        if form.is_valid():
            try:
                authoring.draft_save(actor=request.user, course=course, obj=form.instance)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The course's settings are saved in the draft."))
                return _course_page(course)
        course.refresh_from_db()
    snapshot = services.course_snapshot(course)
    changes = authoring.version_changes(course=course, before=course.current_version, snapshot=snapshot)
    context = {
        "course": course,
        "form": form,
        "outline": selectors.draft_outline(course),
        "first_key": reader.VersionContent(snapshot).first_key(),
        "changes": [authoring.change_sentence(c) for c in changes],
        "versions": [
            (version, [authoring.change_sentence(c) for c in version.changes])
            for version in selectors.course_versions(course)
        ],
    }
    return render(request, AUTHORING + "course.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def authoring_publish(request, course_id):
    course = access.course_for_author(request.user, course_id)
    try:
        version = authoring.draft_publish(actor=request.user, course=course)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s is published. Learners who had started keep their version.")
            % {"number": version.number},
        )
    return _course_page(course)


def _row_page(request, *, course, form, template, context, save):
    """The shared flow of a draft row's page (module, lesson, question): valid → saved by `save()` → back to the
    course; refused → the page again with the message beside its field (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved in the draft. Publish the course when it is ready."))
            return _course_page(course)
    status = 400 if request.method == "POST" else 200
    return render(request, AUTHORING + template, {"course": course, "form": form, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def authoring_module_new(request, course_id):
    course = access.course_for_author(request.user, course_id)
    form = ModuleForm(request.POST or None)

    def save():
        authoring.module_add(actor=request.user, course=course, module=form.instance)

    return _row_page(request, course=course, form=form, template="module.html", context={}, save=save)


@login_required
@require_http_methods(["GET", "POST"])
def authoring_module(request, module_id):
    module = access.draft_row_for_author(request.user, Module, module_id)
    form = ModuleForm(request.POST or None, instance=module)

    def save():
        authoring.draft_save(actor=request.user, course=module.course, obj=form.instance)

    return _row_page(request, course=module.course, form=form, template="module.html", context={}, save=save)


def _lesson_page(request, *, course, module, lesson):
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson)

    def save():
        form.apply_files(form.instance)
        if form.instance.pk:
            authoring.draft_save(actor=request.user, course=course, obj=form.instance)
        else:
            authoring.lesson_add(actor=request.user, module=module, lesson=form.instance)

    context = {"module": module, "lesson": lesson if lesson.pk else None, "caption_form": CaptionForm()}
    return _row_page(request, course=course, form=form, template="lesson.html", context=context, save=save)


@login_required
@require_http_methods(["GET", "POST"])
def authoring_lesson_new(request, module_id):
    module = access.draft_row_for_author(request.user, Module, module_id)
    return _lesson_page(request, course=module.course, module=module, lesson=Lesson(module=module))


@login_required
@require_http_methods(["GET", "POST"])
def authoring_lesson(request, lesson_id):
    lesson = access.draft_row_for_author(request.user, Lesson, lesson_id)
    return _lesson_page(request, course=lesson.module.course, module=lesson.module, lesson=lesson)


@login_required
@require_POST
def authoring_caption(request, lesson_id):
    lesson = access.draft_row_for_author(request.user, Lesson, lesson_id)
    caption_form = CaptionForm(request.POST, request.FILES)
    if caption_form.is_valid():
        try:
            authoring.caption_save(actor=request.user, lesson=lesson, **caption_form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(caption_form, exc)
        else:
            messages.success(request, _("The captions are saved in the draft."))
            return redirect("training:authoring_lesson", lesson_id=lesson.id)
    context = {
        "course": lesson.module.course,
        "module": lesson.module,
        "lesson": lesson,
        "form": LessonForm(instance=lesson),
        "caption_form": caption_form,
    }
    return render(request, AUTHORING + "lesson.html", context, status=400)


def _question_page(request, *, course, question):
    form = QuestionForm(request.POST or None, instance=question, course=course)
    initial = [
        {"text": choice.text, "is_correct": choice.is_correct, "feedback": choice.feedback}
        for choice in (question.choices.all() if question.pk else [])
    ]
    formset = ChoiceFormSet(request.POST or None, initial=initial, prefix="answers")

    def save():
        if not formset.is_valid():
            raise ValidationError(_("Please correct the answers below."))
        form.instance.module = form.module()
        authoring.question_save(actor=request.user, course=course, question=form.instance, choices=choices_of(formset))

    context = {"formset": formset, "question": question if question.pk else None}
    return _row_page(request, course=course, form=form, template="question.html", context=context, save=save)


@login_required
@require_http_methods(["GET", "POST"])
def authoring_question_new(request, course_id):
    course = access.course_for_author(request.user, course_id)
    return _question_page(request, course=course, question=Question(course=course))


@login_required
@require_http_methods(["GET", "POST"])
def authoring_question(request, question_id):
    question = access.draft_row_for_author(request.user, Question, question_id)
    return _question_page(request, course=question.course, question=question)


ROW_MODELS = {"module": Module, "lesson": Lesson, "question": Question}


@login_required
@require_http_methods(["GET", "POST"])
def authoring_row_action(request, kind, row_id, action):
    """Move a module, lesson or question up or down in the draft, or remove it: removing asks first (GET shows
    what would go, the page's button posts)."""
    if kind not in ROW_MODELS or action not in {"up", "down", "delete"}:
        raise Http404
    row = access.draft_row_for_author(request.user, ROW_MODELS[kind], row_id)
    course = row.module.course if kind == "lesson" else row.course
    if request.method == "GET":
        if action != "delete":
            return HttpResponseNotAllowed(["POST"])
        return render(request, AUTHORING + "remove.html", {"course": course, "row": row, "kind": kind})
    if action == "delete":
        authoring.draft_delete(actor=request.user, course=course, obj=row)
        messages.success(request, _("Removed from the draft. Published versions keep it."))
    else:
        authoring.draft_move(actor=request.user, course=course, obj=row, up=action == "up")
    return _course_page(course)


@login_required
@require_GET
def authoring_preview(request, course_id, key):
    """The draft as a learner would see it, step by step; a quiz is graded on the spot and nothing is stored."""
    course = access.course_for_author(request.user, course_id)
    course_content = reader.VersionContent(services.course_snapshot(course))
    found = course_content.step(key)
    if found is None:
        raise Http404
    context = {
        "course": course,
        "step": found,
        "outline": [{"step": s, "done": False} for s in course_content.steps],
        "previous_key": course_content.previous_key(found.key),
        "next_key": course_content.next_key(found.key),
    }
    status = 200
    if found.kind == "lesson":
        context["lesson"] = course_content.lesson(found.key)
    else:
        context["quiz"] = course_content.quiz(found.key)
        checked, status = reader.spot_check(
            context["quiz"], answers_from(request.GET), seed="preview", check="check" in request.GET
        )
        context.update(checked)
    return render(request, AUTHORING + "preview.html", context, status=status)


@login_required
@require_POST
def authoring_markdown_preview(request):
    """Lesson text as the learner will see it (the same Markdown and sanitizer), for the live preview."""
    access.require_training_manager(request.user)
    text = request.POST.get("text", "")
    try:
        check_markdown(text)
    except ValidationError as exc:
        return HttpResponse(exc.messages[0], status=400, content_type="text/plain; charset=utf-8")
    return render(request, AUTHORING + "_markdown_preview.html", {"text": text})
