import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opendata.downloads import licensed
from taskforce import roles
from taskforce.access import require_coordinator
from taskforce.downloads import file_response
from taskforce.language import in_page_language
from taskforce.pagination import page_of
from taskforce.uploads import download_response

from . import access, charts, conf, csv_io, reports, selectors, services
from .forms import AsOfForm, ReportGenerateForm


def _plan_or_404(slug: str | None = None):
    plan = selectors.plan_by_slug(slug) if slug else selectors.plan_current()
    if plan is None:
        raise Http404
    return plan


def _item_or_404(key: str):
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404
    return item


@require_GET
def index(request):
    form, as_of, status = _as_of(request)
    plan = selectors.plan_current()
    state = selectors.plan_state(plan, as_of=as_of) if plan else None
    context = {
        "state": state,
        "plan": plan,
        "form": form,
        **_status_at_a_glance(state),
        **_progress_over_time(plan, as_of),
    }
    return render(request, "actionplan/index.html", context, status=status)


@require_GET
def plan_download(request):
    """The plan page as a CSV for readers (see csv_io.plan_public_csv), as of the page's date when it shows one; a
    refused date gets the plan page with its message (400)."""
    plan = _plan_or_404()
    _form, as_of, status = _as_of(request)
    if status != 200:
        return index(request)
    state = selectors.plan_state(plan, as_of=as_of)
    filename = f"{plan.slug}-as-of-{as_of or timezone.localdate()}.csv"
    response = file_response(csv_io.plan_public_csv(state), filename=filename, content_type="text/csv; charset=utf-8")
    return licensed(response)


def _status_at_a_glance(state) -> dict:
    """How many of the plan's actions are in each status, as a chart and its table."""
    if state is None or not state.items:
        return {"status_counts": [], "status_chart": ""}
    counts = selectors.plan_status_counts(state)
    return {
        "status_counts": counts,
        "status_chart": charts.status_chart(counts, "plan-status", in_page_language(state.plan.title)),
    }


def _progress_over_time(plan, as_of) -> dict:
    """The plan's progress chart and its table (up to `as_of` when the page shows a past date)."""
    if plan is None:
        return {"progress_points": [], "progress_chart": ""}
    points = selectors.plan_progress_series(plan)
    if as_of is not None:
        points = [point for point in points if point.day <= as_of]
    chart = charts.plan_progress_chart(points, "plan-progress", in_page_language(plan.title)) if points else ""
    return {"progress_points": points, "progress_chart": chart}


def _as_of(request) -> tuple[AsOfForm, dt.date | None, int]:
    """The optional "as of" date of a page: (form, date or None, status: 400 when the date was refused)."""
    form = AsOfForm(request.GET or None)
    if not form.is_bound:
        return form, None, 200
    if not form.is_valid():
        return form, None, 400
    as_of = form.cleaned_data["as_of"]
    if as_of and as_of > timezone.localdate():
        form.add_error("as_of", _("Choose today or a past date."))
        return form, None, 400
    return form, as_of, 200


def indicator_panels(item, *, as_of=None, public_only=True) -> list[dict]:
    """Each indicator of an item with its chart and its accepted values, for the item page."""
    return [
        {
            "indicator": indicator,
            "unit": charts.unit_name(indicator),
            "chart": charts.indicator_chart(indicator, indicator.accepted_values, f"indicator-{indicator.id}"),
            "baseline": charts.with_unit(indicator.baseline_value, indicator),
            "target": charts.with_unit(indicator.target_value, indicator),
            "values": [(value, charts.with_unit(value.value, indicator)) for value in indicator.accepted_values],
        }
        for indicator in selectors.item_indicators(item, as_of=as_of, public_only=public_only)
    ]


@require_GET
def item_detail(request, key: str):
    item = selectors.item_detail(key)
    if item is None:
        raise Http404
    form, as_of, status = _as_of(request)
    can_manage = access.indicator_can_manage(request.user, item)
    day = as_of or timezone.localdate()  # the day shown: its state, and its milestones overdue then
    context = {
        "item": item,
        "as_of_form": form,
        "as_of": as_of,
        "indicators": indicator_panels(item, as_of=as_of, public_only=not can_manage),
        "can_manage_indicators": can_manage,
        "pending_values": selectors.indicator_values_pending(item) if can_manage else [],
        "recent": selectors.item_recent_activity(item, limit=conf.item_recent_updates(), as_of=as_of),
        "state": selectors.item_state(item, as_of=as_of),
        "overdue_ids": {milestone.id for milestone in item.milestones.all() if milestone.is_overdue(day)},
        "can_update": access.item_can_update(request.user, item),
        "may_follow": access.may_follow(request.user),
        "is_coordinator": roles.is_coordinator(request.user),
        "is_following": request.user.is_authenticated and item.followers.filter(id=request.user.id).exists(),
        "today": day,
    }
    return render(request, "actionplan/item_detail.html", context, status=status)


@require_GET
def monitoring(request):
    """The monitoring calendar of the current plan: reporting periods, milestones (overdue ones flagged) and the
    evaluations."""
    plan = selectors.plan_current()
    calendar = selectors.monitoring_calendar(plan) if plan else None
    context = {"plan": plan, "calendar": calendar, "is_coordinator": roles.is_coordinator(request.user)}
    return render(request, "actionplan/monitoring.html", context)


@require_GET
def item_history(request, key: str):
    """Every status update of an item, newest first, a page at a time, each with its evidence."""
    item = _item_or_404(key)
    page = page_of(request, selectors.item_history(item, with_evidence=True), per_page=conf.history_page_size())
    return render(request, "actionplan/item_history.html", {"item": item, "page_obj": page})


@require_GET
def evidence_file(request, evidence_id: int):
    """A document behind an update, public like the timeline it belongs to, served only as a download."""
    evidence = selectors.evidence_document(evidence_id)
    if evidence is None:
        raise Http404
    extension = evidence.file.name.rsplit(".", 1)[-1].lower() if "." in evidence.file.name else "bin"
    return download_response(evidence.file, filename=f"evidence-{evidence.id}.{extension}")


@login_required
@require_POST
def item_follow(request, key: str):
    item = _item_or_404(key)
    access.require_may_follow(request.user)
    follow = request.POST.get("follow") == "1"
    services.item_follow(item=item, user=request.user, follow=follow)
    messages.success(request, _("You now follow this item.") if follow else _("You no longer follow this item."))
    return redirect(item.get_absolute_url())


@require_GET
def export_csv(request):
    plan = _plan_or_404(request.GET.get("plan"))
    filename = f"{plan.slug}-{timezone.localdate()}.csv"
    return licensed(
        file_response(csv_io.items_export_csv(plan), filename=filename, content_type="text/csv; charset=utf-8")
    )


@require_GET
def report_list(request):
    plan = selectors.plan_current()
    context = {
        "reports": selectors.reports_public(plan),
        "plan": plan,
        "form": ReportGenerateForm(initial={"as_of": timezone.localdate()}),
        "is_coordinator": roles.is_coordinator(request.user),
    }
    return render(request, "actionplan/report_list.html", context)


@login_required
@require_POST
def report_generate(request):
    require_coordinator(request.user)
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
    context = {
        "report": report,
        "items": reports.report_items(report),
        "changes": reports.report_changes(report),
        "statistics": reports.report_statistics(report),
        "indicators": reports.report_indicators(report),
        "calendar": reports.report_calendar(report),
    }
    return render(request, "actionplan/report_detail.html", context)


@require_GET
def report_csv(request, plan_slug: str, as_of: str):
    report = _report_or_404(plan_slug, as_of)
    filename = f"progress-report-{report.as_of}.csv"
    return licensed(
        file_response(reports.report_csv(report), filename=filename, content_type="text/csv; charset=utf-8")
    )


@require_GET
def report_pdf(request, plan_slug: str, as_of: str):
    report = _report_or_404(plan_slug, as_of)
    filename = f"progress-report-{report.as_of}.pdf"
    pdf = reports.report_pdf(report)
    return licensed(file_response(pdf, filename=filename, content_type="application/pdf", inline=True))
