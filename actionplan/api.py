"""Read-only public API of the action plan, and the one write members use: posting an update."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from taskforce.api import TranslatedModelSerializer, query_filters, refuse_unknown_parameters
from taskforce.links import absolute_url
from taskforce.selectors import organizations_all

from . import access, conf, selectors, services
from .models import ActionItem, Status, StatusUpdate


class HistoryEntrySerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StatusUpdate
        fields = list(StatusUpdate.PUBLIC_FIELDS)
        read_only_fields = fields


class ActionItemSerializer(TranslatedModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    number = serializers.CharField(source="display_number", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lead_organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    history = serializers.SerializerMethodField(
        help_text="The latest history entries (at most ACTIONPLAN_ITEM_RECENT_UPDATES), oldest first; the whole "
        "history is paged at history_url."
    )
    history_url = serializers.SerializerMethodField(help_text="The item's whole history, newest first, in pages.")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "plan",
            "number",
            "slug",
            "parent",
            "title",
            "description",
            "status",
            "status_label",
            "progress",
            "weight",
            "lead_organization",
            "partners",
            "start_date",
            "target_date",
            "version",
            "history",
            "history_url",
        ]
        read_only_fields = fields

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, item):
        # selectors.items_for_api prefetched the latest entries, newest first.
        return HistoryEntrySerializer(reversed(item.recent_history), many=True).data

    def get_history_url(self, item) -> str:
        return absolute_url("api-actionplan-item-updates", item.slug)


class UpdateInputSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False)
    reason = serializers.CharField()


FILTERS = [
    OpenApiParameter("plan", str, description="Plan short name"),
    OpenApiParameter("status", str, enum=Status.values),
    OpenApiParameter("organization", str, description="Organization short name (lead or partner)"),
]


@query_filters(*FILTERS)
class ActionItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Every action item with its status, progress and history. Anyone may read."""

    serializer_class = ActionItemSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_queryset(self):
        params = self.request.query_params
        status_filter = params.get("status", "")
        if status_filter and status_filter not in Status.values:
            raise exceptions.ValidationError(
                {"status": [f"Unknown status. Choose one of: {', '.join(Status.values)}."]}
            )
        organization = params.get("organization", "")
        if organization and not organizations_all().filter(slug=organization).exists():
            raise exceptions.ValidationError({"organization": ["No organization has this short name."]})
        plan = params.get("plan", "")
        if plan and selectors.plan_by_slug(plan) is None:
            raise exceptions.ValidationError({"plan": ["No plan has this short name."]})
        return selectors.items_for_api(
            recent_updates=conf.item_recent_updates(), plan=plan, status=status_filter, organization=organization
        )

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        parameters=[OpenApiParameter(p.name, exclude=True) for p in FILTERS],
    )
    @action(
        detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticatedOrReadOnly], query_parameters=()
    )
    def updates(self, request, slug=None):
        """The item's whole history, newest first, a page at a time. Anyone may read."""
        refuse_unknown_parameters(request, self)
        item = selectors.item_by_slug(slug)
        if item is None:
            raise Http404
        page = self.paginate_queryset(selectors.item_history(item))
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)

    @extend_schema(request=UpdateInputSerializer, responses={201: HistoryEntrySerializer})
    @updates.mapping.post
    def post_update(self, request, slug=None):
        """Post an update (members of the lead or a partner organization, and coordinators). Carries the
        version it was based on; answers 409 when the item changed since (taskforce.api.exception_handler turns
        the services' refusals into 400/403/409)."""
        item = selectors.item_by_slug(slug)
        if item is None:
            raise Http404
        access.item_check_update(request.user, item)
        data = UpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.item_post_update(
            item=item,
            actor=request.user,
            reason=data.validated_data["reason"],
            expected_version=data.validated_data["version"],
            status=data.validated_data.get("status"),
            progress=data.validated_data.get("progress"),
            source=StatusUpdate.Source.API,
        )
        return Response(HistoryEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
