from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import access, roles, selectors
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
    ("publications:registry_staff", _("Registry workflow"), {roles.REGISTRY_EDITOR, roles.REGISTRY_APPROVER}),
    ("firstcontact:my_assessments", _("My assessments"), set(roles.ALL_ROLES)),
    ("firstcontact:counts", _("Assessments by province and kind"), {roles.COORDINATOR}),
    ("staff:notifications", _("Notifications that could not be sent"), {roles.COORDINATOR}),
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
    context = {"roles": sorted(roles.user_roles(request.user)), "staff_links": staff_links_for(request.user)}
    return render(request, "staff/dashboard.html", context)


@login_required
def notifications_failed(request):
    access.require_coordinator(request.user)
    page = page_of(request, selectors.notifications_failed(), per_page=STAFF_PAGE_SIZE)
    return render(request, "staff/notifications.html", {"page_obj": page, "notifications": page.object_list})
