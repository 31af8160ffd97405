"""The registry workflow for Registry editors and approvers: draft, legal review, approve, publish, correct,
appeal, delist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from taskforce.forms import add_service_errors
from taskforce.pagination import STAFF_PAGE_SIZE, page_of, query_without_page

from . import access, selectors, services
from .forms import ConfirmedVersionForm, CorrectionDecisionForm, EntryForm, ReasonForm, SourceForm, VersionForm
from .models import PUBLIC_STATUSES, RegistryEntry

S = RegistryEntry.Status


@login_required
def registry_staff(request):
    access.require_registry_staff(request.user)
    status = request.GET.get("status", "")
    if status not in S.values:
        status = ""
    page = page_of(request, selectors.registry_staff_entries(status=status), per_page=STAFF_PAGE_SIZE)
    context = {
        "page_obj": page,
        "entries": page.object_list,
        "query": query_without_page(request),
        "statuses": S.choices,
        "status": status,
        "can_draft": access.is_editor(request.user),
    }
    return render(request, "publications/staff/registry_staff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request):
    access.require_registry_staff(request.user)
    access.require_editor(request.user)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(actor=request.user, data=form.entry_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved as %(id)s.") % {"id": entry.public_id})
            return redirect("publications:entry_staff", public_id=entry.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "publications/staff/entry_form.html", {"form": form, "entry": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, public_id: str):
    entry = access.entry_for_staff(request.user, public_id)
    access.require_editor(request.user)
    correction = selectors.registry_correction_pending(entry) if entry.is_public else None
    # An amendment starts from the text waiting for approval.
    if correction is not None:
        instance = selectors.registry_correction_preview(entry, correction)
    else:
        instance = RegistryEntry.objects.get(pk=entry.pk)
    form = EntryForm(request.POST or None, instance=instance, correction=correction)
    if request.method == "POST" and form.is_valid():
        try:
            _save_entry_form(entry, request.user, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if entry.is_public:
                messages.success(
                    request,
                    _(
                        "Your correction is saved for review. The public entry is unchanged until another person "
                        "with the Registry approver role approves it."
                    ),
                )
            else:
                messages.success(request, _("Entry saved."))
            return redirect("publications:entry_staff", public_id=entry.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entry": entry, "correction": correction}
    return render(request, "publications/staff/entry_form.html", context, status=status)


def _save_entry_form(entry, user, form) -> None:
    version = form.cleaned_data.get("version")
    if entry.is_public:
        services.correction_propose(
            entry=entry,
            actor=user,
            data=form.entry_data(),
            version=version,
            reason=form.cleaned_data["reason"],
            correction_version=form.cleaned_data.get("correction_version") or 0,
        )
    else:
        services.entry_update(entry=entry, actor=user, data=form.entry_data(), version=version)


@login_required
def entry_staff(request, public_id: str):
    entry = access.entry_for_staff(request.user, public_id)
    sources, changes = selectors.registry_entry_sources_and_changes(entry)
    user = request.user
    is_editor = access.is_editor(user)
    is_approver = access.is_approver(user)
    correction = selectors.registry_correction_pending(entry)
    diff = selectors.registry_correction_diff(correction) if correction else None
    context = {
        "entry": entry,
        "sources": sources,
        "changes": changes,
        "is_editor": is_editor,
        "is_approver": is_approver,
        "drafted_by_me": entry.created_by_id == user.pk,
        "changed_by_me": selectors.registry_changed_by(entry, user),
        "correction": diff,
        "correction_changed_by_me": bool(correction) and selectors.registry_correction_changed_by(correction, user),
        "trail": selectors.registry_editor_trail(entry),
        "publishable_from": services.publishable_from(entry),
        "is_public": entry.status in PUBLIC_STATUSES,
        "source_form": SourceForm(),
        "reason_form": ReasonForm(initial={"version": entry.version}),
    }
    return render(request, "publications/staff/entry_staff.html", context)


@login_required
@require_POST
def entry_source_add(request, public_id: str):
    entry = access.entry_for_staff(request.user, public_id)
    access.require_editor(request.user)
    form = SourceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.source_add(
                entry=entry,
                actor=request.user,
                title=form.cleaned_data["title"],
                url=form.cleaned_data.get("url") or "",
                upload=form.cleaned_data.get("file"),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Source document added."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("publications:entry_staff", public_id=entry.public_id)


# action name -> the form it needs; the step itself is `services.entry_step`, shared with the API.
ACTIONS = {
    "submit": VersionForm,
    "return": VersionForm,
    "approve": ConfirmedVersionForm,
    "publish": ConfirmedVersionForm,
    "appeal": ReasonForm,
    "appeal-end": ReasonForm,
    "delist": ReasonForm,
    "correction-approve": CorrectionDecisionForm,
    "correction-reject": CorrectionDecisionForm,
}


@login_required
@require_POST
def entry_action(request, public_id: str, action: str):
    entry = access.entry_for_staff(request.user, public_id)
    if action not in ACTIONS:
        raise Http404
    form = ACTIONS[action](request.POST)
    if not form.is_valid():
        if "reason" in form.errors:
            text = _("Give a reason; it is shown publicly.")
        elif "confirm" in form.errors:
            text = _("Nothing changed: tick the box to confirm you read what will be published, then press again.")
        else:
            text = _("This form was incomplete. Reload the page and try again.")
        messages.error(request, text)
        return redirect("publications:entry_staff", public_id=entry.public_id)
    try:
        data = form.cleaned_data
        entry = services.entry_step(
            entry=entry,
            actor=request.user,
            step=action,
            version=data.get("correction_version", data.get("version")),
            reason=data.get("reason", ""),
            note=data.get("note", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        # Registry staff pressing a button they may not use get the reason on the same page, nothing changes.
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text or _("You may not do this."))
        return redirect("publications:entry_staff", public_id=entry.public_id)
    messages.success(request, _("Done. The entry is now: %(status)s.") % {"status": entry.get_status_display()})
    return redirect("publications:entry_staff", public_id=entry.public_id)
