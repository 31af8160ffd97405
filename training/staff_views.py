"""Pages for Training managers: assignments, the completion report and its CSV, revoking certificates."""

import tempfile
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from taskforce.csv import csv_writer
from taskforce.forms import add_service_errors, filter_selects
from taskforce.language import in_page_language
from taskforce.links import id_url_parts
from taskforce.pagination import keyset_edge, page_of, query_without_page

from . import access, conf, onboarding, onboarding_csv, selectors, services
from .charts import completion_chart
from .forms import AssignmentForm, ReportFilterForm, RevokeForm
from .models import Assignment, Audience
from .onboarding_forms import InvitationCsvForm, InvitationForm

STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "completed": gettext_lazy("Completed"),
}


def _report_filters(request):
    """The organization (one of the manager's own) and optional course the report is for."""
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
    return form, organization, form.cleaned_data.get("course")


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
    form, organization, course = _report_filters(request)
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
        **summary,
    }
    return render(request, "training/staff/manager_report.html", context)


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
    form, organization, course = _report_filters(request)
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
