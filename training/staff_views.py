"""Pages for Training managers: assignments, the completion report and its CSV, revoking certificates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taskforce.csv import csv_writer
from taskforce.forms import add_service_errors
from taskforce.pagination import page_of, query_without_page

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
    if not form.is_valid():
        if "organization" in form.errors:
            raise Http404  # not one of the manager's organizations
        form.cleaned_data["course"] = None
    organization = access.organization_for_manager(request.user, form.cleaned_data["organization"].id)
    return form, organization, form.cleaned_data.get("course")


@login_required
def manager_report(request):
    form, organization, course = _report_filters(request)
    today = timezone.localdate()
    rows = selectors.report_rows(organization=organization, course=course, today=today)
    page = page_of(request, rows, per_page=conf.report_page_size())
    page.object_list = selectors.report_page(page.object_list)
    context = {
        "form": form,
        "organization": organization,
        "page": page,
        "query": query_without_page(request),
        "total": page.paginator.count,
        "truncated": page.paginator.truncated,
    }
    if not page.paginator.truncated:  # past the count limit the figures would cost as much as the whole report
        context.update(selectors.report_summary(organization=organization, course=course, today=today))
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


def _csv_lines(rows, header: list[str], labels: dict, *, french: bool):
    """The report as CSV lines, read from the database in chunks so that memory stays flat. The language is the
    request's, chosen before streaming starts (the lines are written after the view returns)."""
    writer = csv_writer()
    yield "\ufeff"  # the byte order mark lets spreadsheets read accented names correctly
    yield writer.writerow(header)
    for membership in rows.iterator(chunk_size=conf.report_csv_chunk()):
        row = selectors.CourseProgress.of(membership, course=None, user=membership.user)
        yield writer.writerow(
            [
                row.user.get_full_name(),
                row.user.email,
                (membership.course_title_fr or membership.course_title) if french else membership.course_title,
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


@login_required
def manager_report_csv(request):
    form, organization, course = _report_filters(request)
    if "course" in form.errors:  # the page shows the form's message; a download must not quietly give every course
        return HttpResponseBadRequest(
            _("That course is not one of the report's courses: choose one from the report's list."),
            content_type="text/plain; charset=utf-8",
        )
    rows = selectors.report_rows(organization=organization, course=course, today=timezone.localdate())
    limit = settings.LIST_COUNT_LIMIT
    if rows[: limit + 1].count() > limit:
        # Streamed past the web worker's timeout a file would end short with a 200: a download is whole or refused.
        return HttpResponseBadRequest(
            _("The report has more than %(limit)s rows: choose one course, then download it.")
            % {"limit": intcomma(limit)},
            content_type="text/plain; charset=utf-8",
        )
    # The lines are written after the view returns, so the words are translated now, in the request's language.
    header = [str(title) for title in CSV_HEADER]
    labels = {True: _yes_no(True), False: _yes_no(False), **{k: str(v) for k, v in STATUS_LABELS.items()}}
    french = get_language() == "fr"
    response = StreamingHttpResponse(
        _csv_lines(rows, header, labels, french=french), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="training-{organization.slug}.csv"'
    return response


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
