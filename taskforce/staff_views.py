from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import access, partners, roles, selectors, workspace
from .forms import PartnerClientForm, PartnerScopesForm, add_service_errors
from .models import PartnerClient, PartnerKey
from .pagination import STAFF_PAGE_SIZE, page_of

# Staff pages, each shown to the roles that may use it. Apps name these URLs; missing ones are skipped.
STAFF_LINKS = [
    ("actionplan:manage", _("Update the action plan"), {roles.COORDINATOR, roles.MEMBER}),
    ("actionplan:import_csv", _("Bulk update the action plan (CSV)"), {roles.COORDINATOR}),
    ("tips:inbox", _("Tips inbox"), {roles.TIP_HANDLER}),
    ("tips:statistics", _("Hotline statistics"), {roles.HOTLINE_COORDINATOR, roles.COORDINATOR}),
    ("tips:hotlines_coordinated", _("Labels of my hotlines"), {roles.HOTLINE_COORDINATOR}),
    ("training:my_learning", _("My training"), set(roles.ALL_ROLES)),
    ("training:manager_report", _("Training completion report"), {roles.TRAINING_MANAGER}),
    ("training:assignments", _("Assign training"), {roles.TRAINING_MANAGER}),
    ("training:invitations", _("Invite learners"), {roles.TRAINING_MANAGER}),
    ("training:signups", _("Training registrations to approve"), {roles.TRAINING_MANAGER}),
    ("training:authoring_courses", _("Write courses"), {roles.TRAINING_MANAGER}),
    ("publications:registry_staff", _("Registry workflow"), {roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER}),
    ("firstcontact:my_assessments", _("My assessments"), set(roles.ALL_ROLES)),
    ("firstcontact:counts", _("Assessments by province and kind"), {roles.COORDINATOR}),
    ("staff:notifications", _("Notifications that could not be sent"), {roles.COORDINATOR}),
    ("staff:partners", _("Partner API clients"), {roles.COORDINATOR}),
]


def staff_links_for(user) -> list[dict]:
    links = []
    for name, label, allowed in STAFF_LINKS:
        if not access.holds_any(user, allowed):
            continue
        try:
            links.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return links


@login_required
def dashboard(request):
    """The staff workspace: what waits for each of the person's roles (taskforce/workspace.py), then every staff
    page their roles may use."""
    context = {
        "roles": sorted(str(roles.ROLE_LABELS.get(name, name)) for name in roles.user_roles(request.user)),
        "sections": workspace.workspace_sections(request.user),
        "staff_links": staff_links_for(request.user),
    }
    return render(request, "staff/dashboard.html", context)


@login_required
def notifications_failed(request):
    access.require_coordinator(request.user)
    page = page_of(request, selectors.notifications_failed(), per_page=STAFF_PAGE_SIZE)
    return render(request, "staff/notifications.html", {"page_obj": page, "notifications": page.object_list})


# ----- partner API clients (coordinators) -----------------------------------------------------------------------


@login_required
def partner_clients(request):
    access.require_coordinator(request.user)
    return render(
        request,
        "staff/partners.html",
        {
            "clients": list(selectors.partner_clients_all()),
            "exchanges": list(selectors.partner_exchanges()[:20]),
        },
    )


@login_required
def partner_client_new(request):
    access.require_coordinator(request.user)
    form = PartnerClientForm(request.POST or None, initial={"can_read_statistics": True})
    if request.method == "POST" and form.is_valid():
        try:
            client = partners.partner_client_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client was created. Issue it a key."))
            return redirect("staff:partner_client", client.pk)
    return render(request, "staff/partner_client_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def partner_client(request, client_id: int):
    access.require_coordinator(request.user)
    client = get_object_or_404(selectors.partner_clients_all(), pk=client_id)
    return _partner_client_page(request, client, _scopes_form(client))


def _scopes_form(client: PartnerClient, data=None) -> PartnerScopesForm:
    initial = {
        "can_read_statistics": client.can_read_statistics,
        "can_submit_values": client.can_submit_values,
        "indicators": list(client.indicators.all()),
    }
    return PartnerScopesForm(data, initial=initial)


def _partner_client_page(request, client: PartnerClient, scopes_form: PartnerScopesForm, *, status: int = 200):
    page = page_of(request, selectors.partner_exchanges(client.pk), per_page=STAFF_PAGE_SIZE)
    context = {"client": client, "page_obj": page, "exchanges": page.object_list, "scopes_form": scopes_form}
    return render(request, "staff/partner_client.html", context, status=status)


@login_required
@require_POST
def partner_client_scopes(request, client_id: int):
    """The coordinator changes what a client may do; the form again (400) when refused."""
    access.require_coordinator(request.user)
    client = get_object_or_404(selectors.partner_clients_all(), pk=client_id)
    form = _scopes_form(client, request.POST)
    if form.is_valid():
        try:
            partners.partner_client_scopes_set(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("What this client may do is changed; its keys follow from their next request."))
            return redirect("staff:partner_client", client.pk)
    return _partner_client_page(request, client, form, status=400)


@login_required
@require_POST
def partner_key_issue(request, client_id: int):
    access.require_coordinator(request.user)
    client = get_object_or_404(PartnerClient, pk=client_id)
    try:
        key, secret = partners.partner_key_issue(actor=request.user, client=client)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("staff:partner_client", client.pk)
    # Shown on this answer only (signed-in pages are never stored by browsers or proxies).
    return render(request, "staff/partner_key_issued.html", {"client": client, "key": key, "secret": secret})


@login_required
@require_POST
def partner_key_revoke(request, client_id: int, key_id: int):
    access.require_coordinator(request.user)
    key = get_object_or_404(PartnerKey, pk=key_id, client_id=client_id)
    partners.partner_key_revoke(actor=request.user, key=key)
    messages.success(request, _("The key was revoked: it no longer works."))
    return redirect("staff:partner_client", client_id)


@login_required
@require_POST
def partner_client_revoke(request, client_id: int):
    access.require_coordinator(request.user)
    client = get_object_or_404(PartnerClient, pk=client_id)
    partners.partner_client_revoke(actor=request.user, client=client)
    messages.success(request, _("The client and all its keys were revoked."))
    return redirect("staff:partner_client", client.pk)


@login_required
def partner_exchanges(request):
    access.require_coordinator(request.user)
    page = page_of(request, selectors.partner_exchanges(), per_page=STAFF_PAGE_SIZE)
    return render(request, "staff/partner_exchanges.html", {"page_obj": page, "exchanges": page.object_list})
