"""The peers the benchmark compares each portal page with, served by the same gunicorn, settings, middleware and
database as the portal (bench/settings_bench.py mounts them under /_bench/), over the same rows:

- `*_one_query`: one query returning a page of the same size (`.values()` with LIMIT/OFFSET, no count), written
  out with `escape` or as JSON, no template: the floor of what the page could cost (the action items API: two,
  the page and its items' latest updates, which the portal's list carries too);
- the idiomatic Django peer: `ListView` / `DetailView` with a plain template for HTML pages, DRF `ListAPIView` with
  a `ModelSerializer` for API lists: what the same page costs written the way Django's documentation writes it.

They do not reuse the apps' selectors or templates on purpose: a slow selector or template must show in the ratio.
Signed-in peers (inbox, training report) read only what the signed-in user's organizations may see, as the
portal's pages do, without the role checks.
"""

from django.conf import settings
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.generic import DetailView, ListView
from i18nfield.strings import LazyI18nString
from rest_framework import generics, pagination, permissions, serializers

from actionplan.models import ActionItem, StatusUpdate
from publications.models import PUBLIC_STATUSES, RegistryEntry
from publications.text import search_key
from taskforce.language import text_data
from taskforce.models import Membership
from tips.models import Delivery, Tip
from training.models import Assignment, Enrolment

REGISTRY_PAGE_SIZE = 25  # as REGISTRY_PAGE_SIZE
API_PAGE_SIZE = 50  # as REST_FRAMEWORK["PAGE_SIZE"]
INBOX_PAGE_SIZE = settings.TIPS_INBOX_PAGE_SIZE
REPORT_PAGE_SIZE = settings.TRAINING_REPORT_PAGE_SIZE
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


def _html_list_peers(rows, columns, size: int, template: str, *, listed=None):
    """The two peers of an HTML list whose rows are `rows(request)`: one query for a page of `columns`, and a
    `ListView` of `size` rows a page in `template` (`listed(queryset)` chooses what it loads, as Django's
    documentation would)."""

    def one_query(request):
        return _html_rows(_slice(request, rows(request).values(*columns), size), columns)

    class PeerListView(ListView):
        paginate_by = size
        template_name = template

        def get_queryset(self):
            queryset = rows(self.request)
            return listed(queryset) if listed else queryset

    return one_query, PeerListView.as_view()


registry_one_query, registry_listview = _html_list_peers(
    _registry_rows, REGISTRY_COLUMNS, REGISTRY_PAGE_SIZE, "bench/registry_list.html"
)


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


inbox_one_query, inbox_listview = _html_list_peers(
    _inbox_rows, TIP_COLUMNS, INBOX_PAGE_SIZE, "bench/inbox.html", listed=lambda rows: rows.only(*TIP_COLUMNS)
)


# ----- training manager report -----------------------------------------------------------------------------------

REPORT_COLUMNS = ("user__full_name", "user__email", "course__slug", "started_at", "completed_at", "score")


def _report_rows(request):
    """Enrolments of the members of the signed-in manager's organizations in the courses those organizations
    assign, ordered as the report is."""
    mine = Membership.objects.filter(user_id=request.user.id).values("organization_id")
    members = Membership.objects.filter(organization_id__in=mine).values("user_id")
    assigned = Assignment.objects.filter(organization_id__in=mine).values("course_id")
    rows = Enrolment.objects.filter(user_id__in=members, course_id__in=assigned)
    return rows.order_by("user__full_name", "user__email", "course__slug", "id")


report_one_query, report_listview = _html_list_peers(
    _report_rows,
    REPORT_COLUMNS,
    REPORT_PAGE_SIZE,
    "bench/report.html",
    listed=lambda rows: rows.select_related("user", "course"),
)


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
HISTORY_FIELDS = StatusUpdate.PUBLIC_FIELDS  # as the portal's history entries


def _latest_updates():
    return StatusUpdate.objects.order_by("-created_at", "-id")


def items_api_one_query(request):
    """A page of items, then one query for the latest UPDATES_SHOWN updates of each (a window over the items'
    updates), as the portal's list carries them: two queries, whatever the number of items."""
    items = list(_slice(request, ActionItem.objects.order_by("id").values(*ITEM_FIELDS), API_PAGE_SIZE))
    latest = Window(RowNumber(), partition_by=F("item_id"), order_by=(F("created_at").desc(), F("id").desc()))
    updates = (
        _latest_updates()
        .filter(item_id__in=[item["id"] for item in items])
        .annotate(rank=latest)
        .filter(rank__lte=UPDATES_SHOWN)
        .values("item_id", *HISTORY_FIELDS)
    )
    history: dict[int, list] = {}
    for update in updates:
        history.setdefault(update.pop("item_id"), []).append(update)
    for item in items:
        item["history"] = history.get(item["id"], [])
        for name, value in item.items():
            if isinstance(value, LazyI18nString):  # a translated text: every language it is written in
                item[name] = text_data(value)
    return JsonResponse({"results": items})


class HistorySerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusUpdate
        fields = HISTORY_FIELDS


class ItemSerializer(serializers.ModelSerializer):
    history = HistorySerializer(source="recent_history", many=True)

    class Meta:
        model = ActionItem
        fields = (*ITEM_FIELDS, "history")


class ItemsApiListView(generics.ListAPIView):
    """Each item with its latest UPDATES_SHOWN updates: a sliced `Prefetch`, as Django's documentation would."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ItemSerializer
    pagination_class = ApiPagination
    queryset = ActionItem.objects.order_by("id").prefetch_related(
        Prefetch("updates", queryset=_latest_updates()[:UPDATES_SHOWN], to_attr="recent_history")
    )
