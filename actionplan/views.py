import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce.forms import add_service_errors
from taskforce.uploads import download_response

from . import access, csv_io, reports, selectors, services
from .forms import AsOfForm, CsvImportForm, ItemEditForm, ItemUpdateForm, MilestoneForm, ReportGenerateForm


def _plan_or_404(slug: str | None = None):
    plan = selectors.plan_by_slug(slug) if slug else selectors.plan_current()
    if plan is None:
        raise Http404
    return plan


@require_GET
def index(request):
    form = AsOfForm(request.GET or None)
    as_of = None
    status = 200
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            form.add_error("as_of", _("Choose today or a past date."))
            as_of, status = None, 400
    elif form.is_bound:
        status = 400
    plan = selectors.plan_current()
    state = selectors.plan_state(plan, as_of=as_of) if plan else None
    return render(request, "actionplan/index.html", {"state": state, "plan": plan, "form": form}, status=status)


@require_GET
def item_detail(request, key: str):
    item = selectors.item_detail(key)
    if item is None:
        raise Http404
    context = {
        "item": item,
        "progress": selectors.item_shown_progress(item),
        "can_update": access.item_can_update(request.user, item),
        "may_follow": access.may_follow(request.user),
        "is_coordinator": access.is_coordinator(request.user),
        "is_following": request.user.is_authenticated and item.followers.filter(id=request.user.id).exists(),
        "today": timezone.localdate(),
    }
    return render(request, "actionplan/item_detail.html", context)


@require_GET
def evidence_file(request, evidence_id: int):
    """A document behind an update, public like the timeline it belongs to, served only as a download."""
    evidence = selectors.evidence_document(evidence_id)
    if evidence is None:
        raise Http404
    extension = evidence.file.name.rsplit(".", 1)[-1].lower() if "." in evidence.file.name else "bin"
    return download_response(evidence.file, filename=f"evidence-{evidence.id}.{extension}")


@login_required
@require_http_methods(["GET", "POST"])
def item_update(request, key: str):
    item = access.item_for_update(request.user, selectors.item_by_key(key))
    form = ItemUpdateForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_post_update(
                item=item,
                actor=request.user,
                reason=data["reason"],
                expected_version=data["version"],
                status=data["status"],
                progress=data["progress"],
                evidence_title=data["evidence_title"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
            )
        except services.VersionConflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your update is saved and shown on the public timeline."))
            return redirect(item.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "actionplan/item_update.html", {"item": item, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, key: str):
    access.check_coordinator(request.user)
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404
    form = ItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "partners"}
        try:
            services.item_edit(
                item=item,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                fields=fields,
                partners=form.cleaned_data["partners"],
            )
        except services.VersionConflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The item is saved."))
            return redirect(item.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "actionplan/item_edit.html", {"item": item, "form": form}, status=status)


@login_required
@require_POST
def item_follow(request, key: str):
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404
    if not access.may_follow(request.user):
        raise PermissionDenied
    follow = request.POST.get("follow") == "1"
    services.item_follow(item=item, user=request.user, follow=follow)
    messages.success(request, _("You now follow this item.") if follow else _("You no longer follow this item."))
    return redirect(item.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request, key: str):
    item = access.item_for_update(request.user, selectors.item_by_key(key))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.milestone_add(item=item, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The milestone is added."))
        return redirect(item.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "actionplan/milestone_add.html", {"item": item, "form": form}, status=status)


@login_required
@require_POST
def milestone_done(request, milestone_id: int):
    milestone = access.milestone_for_update(request.user, milestone_id)
    services.milestone_mark_done(milestone=milestone, actor=request.user)
    messages.success(request, _("The milestone is marked done."))
    return redirect(milestone.item.get_absolute_url())


@login_required
@require_GET
def manage(request):
    if not access.may_follow(request.user):
        raise PermissionDenied
    items = selectors.items_updatable_by(request.user)
    return render(
        request, "actionplan/manage.html", {"items": items, "is_coordinator": access.is_coordinator(request.user)}
    )


@require_GET
def export_csv(request):
    plan = _plan_or_404(request.GET.get("plan"))
    response = HttpResponse(csv_io.items_export_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-{timezone.localdate()}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    access.check_coordinator(request.user)
    plan = _plan_or_404(request.GET.get("plan"))
    form = CsvImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = csv_io.items_import_csv(
                plan=plan,
                data=form.cleaned_data["file"].read(),
                actor=request.user,
                default_reason=form.cleaned_data["reason"],
            )
        except csv_io.CsvImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Items updated: %(changed)s. Items unchanged: %(unchanged)s.")
                % {"changed": len(result.changed), "unchanged": result.unchanged},
            )
            return redirect("actionplan:manage")
    status = 400 if (errors or form.errors) else 200
    return render(request, "actionplan/import_csv.html", {"form": form, "errors": errors, "plan": plan}, status=status)


@require_GET
def report_list(request):
    plan = selectors.plan_current()
    context = {
        "reports": selectors.reports_public(plan),
        "plan": plan,
        "form": ReportGenerateForm(initial={"as_of": timezone.localdate()}),
        "is_coordinator": access.is_coordinator(request.user),
    }
    return render(request, "actionplan/report_list.html", context)


@login_required
@require_POST
def report_generate(request):
    access.check_coordinator(request.user)
    plan = _plan_or_404()
    form = ReportGenerateForm(request.POST)
    if not form.is_valid():
        context = {"reports": selectors.reports_public(plan), "plan": plan, "form": form, "is_coordinator": True}
        return render(request, "actionplan/report_list.html", context, status=400)
    report = services.report_generate(plan=plan, as_of=form.cleaned_data["as_of"], actor=request.user)
    messages.success(request, _("The progress report is ready."))
    return redirect(report.get_absolute_url())


def _report_or_404(plan_slug: str, as_of: str):
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        raise Http404 from None
    report = selectors.report_by_date(plan_slug, day)
    if report is None:
        raise Http404
    return report


@require_GET
def report_detail(request, plan_slug: str, as_of: str):
    report = _report_or_404(plan_slug, as_of)
    context = {"report": report, "items": reports.report_items(report), "changes": reports.report_changes(report)}
    return render(request, "actionplan/report_detail.html", context)


@require_GET
def report_csv(request, plan_slug: str, as_of: str):
    report = _report_or_404(plan_slug, as_of)
    response = HttpResponse(reports.report_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="progress-report-{report.as_of}.csv"'
    return response


@require_GET
def report_pdf(request, plan_slug: str, as_of: str):
    report = _report_or_404(plan_slug, as_of)
    response = HttpResponse(reports.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="progress-report-{report.as_of}.pdf"'
    return response
