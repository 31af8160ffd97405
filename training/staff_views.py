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
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taskforce.csv import csv_writer
from taskforce.forms import add_service_errors, filter_selects
from taskforce.links import id_url_parts
from taskforce.pagination import keyset_edge, query_without_page

from . import access, conf, selectors, services
from .forms import AssignmentForm, ReportFilterForm, RevokeForm
from .models import Assignment, Audience

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
    data = {"organization": request.GET.get("organization") or organizations[0].id, "course": request.GET.get("course")}
    form = ReportFilterForm(data, manager=request.user)
    if not form.is_valid() and "organization" in form.errors:
        raise Http404  # not one of the manager's organizations (a course it does not offer: the views refuse it)
    organization = access.organization_for_manager(request.user, form.cleaned_data["organization"].id)
    return form, organization, form.cleaned_data.get("course")


@login_required
def manager_report(request):
    form, organization, course = _report_filters(request)
    if "course" in form.errors:  # as the download: never every course in place of the one asked for
        return _refused(
            request, _("That course is not one of the report's courses: choose one from the report's list.")
        )
    today = timezone.localdate()
    try:
        edge = keyset_edge(request, selectors.ReportCursor.parse)
        page = selectors.report_keyset_page(
            organization=organization, course=course, today=today, size=conf.report_page_size(), **edge
        )
    except ValueError:  # selectors.ReportCursorError too: a row the link names that is not in this report
        return _refused(
            request, _("That page of the report does not exist (any more): open the report again from its first page.")
        )
    revoke_before, revoke_after = id_url_parts("training:certificate_revoke")
    context = {
        "filter_fields": filter_selects(form, ("organization", "course")),
        "organization": organization,
        "page": page,
        "query": query_without_page(request),
        "revoke_before": revoke_before,
        "revoke_after": revoke_after,
        **selectors.report_summary(organization=organization, course=course, today=today),
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


def _csv_file(pages, header: list[str], labels: dict, *, french: bool, deadline: float):
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
                    (course.title_fr or course.title_en) if french else course.title_en,
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
    if "course" in form.errors:  # as the page: a download must not quietly give every course
        return _refused(
            request, _("That course is not one of the report's courses: choose one from the report's list.")
        )
    limit = conf.report_csv_max_rows()
    if selectors.report_too_big(organization=organization, course=course, limit=limit):
        return _refused(
            request,
            _("The report has more than %(limit)s rows: choose one course, then download it.")
            % {"limit": intcomma(limit)},
        )
    pages = selectors.report_pages(
        organization=organization, course=course, today=timezone.localdate(), size=conf.report_csv_chunk()
    )
    labels = {True: _yes_no(True), False: _yes_no(False), **{k: str(v) for k, v in STATUS_LABELS.items()}}
    try:
        csv_file = _csv_file(
            pages,
            [str(title) for title in CSV_HEADER],
            labels,
            french=get_language() == "fr",
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
