"""Pages for the people who keep the plan up to date: task force members (updates, milestones) and coordinators
(editing items, CSV import). Every view asks `actionplan.access` (or `taskforce.access`) at its door."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from taskforce import roles
from taskforce.access import require_coordinator
from taskforce.exceptions import Conflict
from taskforce.forms import add_service_errors

from . import access, csv_io, selectors, services
from .forms import (
    CsvImportForm,
    EvaluationForm,
    IndicatorForm,
    IndicatorValueForm,
    IndicatorValueReviewForm,
    ItemEditForm,
    ItemUpdateForm,
    MilestoneForm,
    ReportingPeriodForm,
)
from .views import _item_or_404, _plan_or_404


def _back_to_item(request, item, message: str):
    messages.success(request, message)
    return redirect(item.get_absolute_url())


def _item_form_page(request, template_name: str, item, form):
    """The item's form, with status 400 when what was sent was refused."""
    return render(request, template_name, {"item": item, "form": form}, status=400 if form.errors else 200)


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
        except Conflict as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _back_to_item(request, item, _("Your update is saved and shown on the public timeline."))
    return _item_form_page(request, "actionplan/staff/item_update.html", item, form)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, key: str):
    require_coordinator(request.user)
    item = _item_or_404(key)
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
        except Conflict as exc:
            form.add_error(None, exc)
        else:
            return _back_to_item(request, item, _("The item is saved."))
    return _item_form_page(request, "actionplan/staff/item_edit.html", item, form)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_add(request, key: str):
    item = access.item_for_update(request.user, selectors.item_by_key(key))
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.milestone_add(item=item, actor=request.user, **form.cleaned_data)
        return _back_to_item(request, item, _("The milestone is added."))
    return _item_form_page(request, "actionplan/staff/milestone_add.html", item, form)


@login_required
@require_POST
def milestone_done(request, milestone_id: int):
    milestone = access.milestone_for_update(request.user, milestone_id)
    services.milestone_mark_done(milestone=milestone, actor=request.user)
    return _back_to_item(request, milestone.item, _("The milestone is marked done."))


@login_required
@require_GET
def manage(request):
    access.require_may_follow(request.user)
    items = selectors.items_updatable_by(request.user)
    return render(
        request, "actionplan/staff/manage.html", {"items": items, "is_coordinator": roles.is_coordinator(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request):
    require_coordinator(request.user)
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
    return render(
        request, "actionplan/staff/import_csv.html", {"form": form, "errors": errors, "plan": plan}, status=status
    )


# ----- indicators ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, key: str):
    item = selectors.item_by_key(key)
    if item is None:
        raise Http404
    access.indicator_check_manage(request.user, item)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_add(actor=request.user, item=item, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _back_to_item(request, item, _("The indicator is added."))
    return _item_form_page(request, "actionplan/staff/indicator_add.html", item, form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_add(request, indicator_id: int):
    indicator = access.indicator_for_manage(request.user, indicator_id)
    item = indicator.item
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_add(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _back_to_item(request, item, _("The value is saved and shown on the item's chart."))
    context = {"item": item, "indicator": indicator, "form": form}
    return render(request, "actionplan/staff/indicator_value_add.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_value_review(request, value_id: int):
    value = access.indicator_value_for_review(request.user, value_id)
    item = value.indicator.item
    form = IndicatorValueReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_value_review(
                actor=request.user, value=value, accept=form.cleaned_data["accept"], reason=form.cleaned_data["reason"]
            )
        except Conflict as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _back_to_item(request, item, _("The review is saved."))
    context = {"item": item, "value": value, "form": form}
    return render(request, "actionplan/staff/indicator_value_review.html", context, status=400 if form.errors else 200)


def _calendar_form(request, form_class, add, template_name: str, done: str):
    """A coordinator's form of the monitoring calendar: the service's refusals shown on their fields (400)."""
    require_coordinator(request.user)
    plan = _plan_or_404()
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("actionplan:monitoring")
    return render(request, template_name, {"plan": plan, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def reporting_period_add(request):
    return _calendar_form(
        request,
        ReportingPeriodForm,
        services.reporting_period_add,
        "actionplan/staff/reporting_period_add.html",
        _("The reporting period is added to the calendar."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_add(request):
    return _calendar_form(
        request,
        EvaluationForm,
        services.evaluation_add,
        "actionplan/staff/evaluation_add.html",
        _("The evaluation is added to the calendar."),
    )
