"""Minimal views for the baseline: the same reads and writes as the portal's pages, through the apps' own
selectors and services, rendered with bare templates and no middleware. What the portal adds on top of these
(middleware, forms, crispy templates, menus, translations, security headers, DRF) is what the ratio measures."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from actionplan import selectors as plan_selectors
from publications import selectors as registry_selectors
from tips import selectors as tip_selectors
from tips import services as tip_services

REGISTRY_PAGE_SIZE = 25  # as publications.conf.REGISTRY_PAGE_SIZE
API_PAGE_SIZE = 50  # as REST_FRAMEWORK["PAGE_SIZE"]
API_FIELDS = (
    "public_id",
    "legal_name",
    "aliases",
    "address",
    "city",
    "province",
    "industry",
    "legal_basis",
    "authority",
    "decision_date",
    "file_number",
    "summary",
    "status",
    "published_at",
    "updated_at",
    "review_on",
    "is_fictional",
    "version",
)


def registry_list(request):
    entries = registry_selectors.registry_search(q=request.GET.get("q", ""))
    page = Paginator(entries, REGISTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bench/registry_list.html", {"page": page})


def action_plan(request):
    plan = plan_selectors.plan_current()
    state = plan_selectors.plan_state(plan) if plan else None
    return render(request, "bench/action_plan.html", {"state": state})


TIP_FIELDS = ("what_happened", "province", "city", "place", "when", "kind", "people_description", "contact_preference")


@csrf_exempt
def tip_report(request):
    if request.method == "GET":
        return render(request, "bench/tip_report.html", {"hotlines": tip_selectors.hotlines_public()})
    data = {name: request.POST.get(name, "") for name in TIP_FIELDS}
    if not data["what_happened"] or not data["province"] or not data["kind"]:
        return HttpResponseBadRequest("missing answers")
    data["danger_now"] = request.POST.get("danger_now") == "yes"
    receipt = tip_services.tip_submit(form_data=data, source="web")
    return render(request, "bench/tip_receipt.html", {"code": receipt.receipt_code})


def api_registry_list(request):
    entries = registry_selectors.registry_search(q=request.GET.get("q", ""))
    page = Paginator(entries, API_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list.values(*API_FIELDS))
    for row in rows:
        row["aliases"] = [a for a in row["aliases"].splitlines() if a.strip()]
        row["url"] = request.build_absolute_uri(f"/en/registry/{row['public_id']}/")
    return JsonResponse({"count": page.paginator.count, "results": rows})
