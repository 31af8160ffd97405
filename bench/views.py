"""The peers the benchmark compares each portal page with, served by the same gunicorn, settings, middleware and
database as the portal (bench/settings_bench.py mounts them under /_bench/), over the same rows:

- `*_one_query`: one query returning a page of the same size (`.values()` with LIMIT/OFFSET, no count), written
  out with `escape` or as JSON, no template: the floor of what the page could cost;
- the idiomatic Django peer: `ListView` / `DetailView` with a plain template for HTML pages, DRF `ListAPIView` with
  a `ModelSerializer` for API lists: what the same page costs written the way Django's documentation writes it.

They do not reuse the apps' selectors or templates on purpose: a slow selector or template must show in the ratio.
Signed-in peers (inbox, training report) read only what the signed-in user's organizations may see, as the
portal's pages do, without the role checks.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.generic import DetailView, ListView
from rest_framework import generics, pagination, permissions, serializers

from actionplan.models import ActionItem, StatusUpdate
from publications.models import PUBLIC_STATUSES, RegistryEntry
from publications.text import search_key
from taskforce.models import Membership
from tips.models import Delivery, Tip
from training.models import Assignment, Enrolment

REGISTRY_PAGE_SIZE = 25  # as REGISTRY_PAGE_SIZE
API_PAGE_SIZE = 50  # as REST_FRAMEWORK["PAGE_SIZE"]
INBOX_PAGE_SIZE = 50  # as TIPS_INBOX_PAGE_SIZE
REPORT_PAGE_SIZE = 100  # as TRAINING_REPORT_PAGE_SIZE
UPDATES_SHOWN = 10  # the action item peers show the latest 10 updates, as the portal (ACTIONPLAN_ITEM_RECENT_UPDATES)
REGISTRY_COLUMNS = (
    "public_id",
    "legal_name",
    "aliases",
    "city",
    "province",
    "industry",
    "legal_basis",
    "decision_date",
)
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
TIP_COLUMNS = ("id", "reference", "status", "kind", "province", "danger_now", "created_at", "last_activity_at")


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _slice(request, queryset, size: int):
    first = (_page_number(request) - 1) * size
    return queryset[first : first + size]


def _html_rows(rows, columns) -> HttpResponse:
    cells = "".join("<tr>" + "".join(f"<td>{escape(row[c])}</td>" for c in columns) + "</tr>\n" for row in rows)
    return HttpResponse(f"<!doctype html><title>peer</title><table>\n{cells}</table>")


# ----- registry ---------------------------------------------------------------------------------------------------


def _registry_rows(request):
    rows = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES)
    key = search_key(request.GET.get("q", ""))
    if key:
        rows = rows.filter(search_text__contains=key)
    return rows.order_by("legal_name", "id")


def registry_one_query(request):
    rows = _slice(request, _registry_rows(request).values(*REGISTRY_COLUMNS), REGISTRY_PAGE_SIZE)
    return _html_rows(rows, REGISTRY_COLUMNS)


class RegistryListView(ListView):
    paginate_by = REGISTRY_PAGE_SIZE
    template_name = "bench/registry_list.html"

    def get_queryset(self):
        return _registry_rows(self.request)


def registry_api_one_query(request):
    rows = list(_slice(request, _registry_rows(request).values(*API_FIELDS), API_PAGE_SIZE))
    return JsonResponse({"results": rows})


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistryEntry
        fields = API_FIELDS


class ApiPagination(pagination.PageNumberPagination):
    page_size = API_PAGE_SIZE


class RegistryApiListView(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = EntrySerializer
    pagination_class = ApiPagination

    def get_queryset(self):
        return _registry_rows(self.request)


ENTRY_COLUMNS = (*API_FIELDS, "notified_on", "representations_days")


def entry_one_query(request, public_id: str):
    rows = RegistryEntry.objects.filter(public_id=public_id, status__in=PUBLIC_STATUSES).values(*ENTRY_COLUMNS)[:1]
    return _html_rows(rows, ENTRY_COLUMNS)


class EntryDetailView(DetailView):
    template_name = "bench/registry_entry.html"
    slug_field = slug_url_kwarg = "public_id"
    queryset = RegistryEntry.objects.filter(status__in=PUBLIC_STATUSES)


# ----- tips inbox ------------------------------------------------------------------------------------------------


def _inbox_rows(request):
    routed = Delivery.objects.filter(
        hotline__organization__memberships__user_id=request.user.id, state=Delivery.State.DELIVERED
    ).values("tip_id")
    return Tip.objects.filter(id__in=routed).order_by("-created_at", "-id")


def inbox_one_query(request):
    rows = _slice(request, _inbox_rows(request).values(*TIP_COLUMNS), INBOX_PAGE_SIZE)
    return _html_rows(rows, TIP_COLUMNS)


class InboxListView(ListView):
    paginate_by = INBOX_PAGE_SIZE
    template_name = "bench/inbox.html"

    def get_queryset(self):
        return _inbox_rows(self.request).only(*TIP_COLUMNS)


# ----- training manager report -----------------------------------------------------------------------------------

REPORT_COLUMNS = ("user__full_name", "user__email", "course__title_en", "started_at", "completed_at", "score")


def _report_rows(request):
    """Enrolments of the members of the signed-in manager's organizations in the courses those organizations
    assign, ordered as the report is."""
    mine = Membership.objects.filter(user_id=request.user.id).values("organization_id")
    members = Membership.objects.filter(organization_id__in=mine).values("user_id")
    assigned = Assignment.objects.filter(organization_id__in=mine).values("course_id")
    rows = Enrolment.objects.filter(user_id__in=members, course_id__in=assigned)
    return rows.order_by("user__full_name", "user__email", "course__title_en", "id")


def report_one_query(request):
    rows = _slice(request, _report_rows(request).values(*REPORT_COLUMNS), REPORT_PAGE_SIZE)
    return _html_rows(rows, REPORT_COLUMNS)


class ReportListView(ListView):
    paginate_by = REPORT_PAGE_SIZE
    template_name = "bench/report.html"

    def get_queryset(self):
        return _report_rows(self.request).select_related("user", "course")


# ----- action plan -----------------------------------------------------------------------------------------------

UPDATE_COLUMNS = (
    "item__title",
    "item__description",
    "item__status",
    "item__progress",
    "created_at",
    "author_name",
    "old_status",
    "new_status",
    "new_progress",
    "reason",
)


def item_one_query(request, slug: str):
    rows = StatusUpdate.objects.filter(item__slug=slug).order_by("-created_at", "-id").values(*UPDATE_COLUMNS)
    return _html_rows(rows[:UPDATES_SHOWN], UPDATE_COLUMNS)


class ItemDetailView(DetailView):
    template_name = "bench/item.html"
    queryset = ActionItem.objects.select_related("lead_organization")

    def get_context_data(self, **kwargs):
        updates = self.object.updates.order_by("-created_at", "-id")[:UPDATES_SHOWN]
        return super().get_context_data(updates=updates, **kwargs)


ITEM_FIELDS = ("id", "slug", "number", "title", "status", "progress", "start_date", "target_date", "version")


def items_api_one_query(request):
    rows = list(_slice(request, ActionItem.objects.order_by("id").values(*ITEM_FIELDS), API_PAGE_SIZE))
    return JsonResponse({"results": rows})


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionItem
        fields = ITEM_FIELDS


class ItemsApiListView(generics.ListAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ItemSerializer
    pagination_class = ApiPagination
    queryset = ActionItem.objects.order_by("id")
