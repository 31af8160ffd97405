"""Open data API: the published registry and the publications (anonymous read), and registry corrections
by editors carrying the version they read (409 when it changed)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from taskforce.api import query_filters
from taskforce.links import absolute_url

from . import access, selectors, services
from .forms import RegistryFilterForm
from .models import PUBLIC_FIELDS, PUBLIC_FIELDS_ADDED, Publication, RegistryChange, RegistryEntry, RegistrySource


class SourceSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = RegistrySource
        fields = ["title", "url", "file_url", "sha256", "added_at"]

    def get_file_url(self, source) -> str:
        if not source.file:
            return ""
        return absolute_url("publications:source_file", source.id)


class ChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RegistryChange
        fields = ["id", "kind", "changed_at", "field", "old_value", "new_value", "reason"]


class EntrySerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(source="alias_list", child=serializers.CharField())
    url = serializers.SerializerMethodField()

    class Meta:
        model = RegistryEntry
        fields = [*PUBLIC_FIELDS, "version", "url", *PUBLIC_FIELDS_ADDED]

    def get_url(self, entry) -> str:
        return absolute_url(entry.get_absolute_url())


class EntryDetailSerializer(EntrySerializer):
    sources = SourceSerializer(many=True, read_only=True)
    changes = ChangeSerializer(many=True, read_only=True)

    class Meta(EntrySerializer.Meta):
        fields = [*EntrySerializer.Meta.fields, "sources", "changes"]


class EntryCorrectionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    correction_version = serializers.IntegerField(
        required=False,
        default=0,
        min_value=0,
        max_value=2**31 - 1,
        help_text="Published entries: the version of the pending correction you read (0 when none was pending).",
    )
    legal_name = serializers.CharField(required=False, max_length=200)
    aliases = serializers.ListField(child=serializers.CharField(max_length=200), required=False)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    city = serializers.CharField(required=False, max_length=100)
    summary = serializers.CharField(required=False)
    review_on = serializers.DateField(required=False)

    def entry_data(self) -> dict:
        data = {k: v for k, v in self.validated_data.items() if k not in ("version", "reason", "correction_version")}
        if "aliases" in data:
            data["aliases"] = "\n".join(a.strip() for a in data["aliases"] if a.strip())
        return data


class CorrectionChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True, help_text="The value the public sees now.")
    new = serializers.CharField(allow_blank=True, help_text="The value once the correction is approved.")


class CorrectionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    version = serializers.IntegerField(help_text="Send it to approve exactly this text.")
    reason = serializers.CharField(allow_blank=True)
    proposed_by = serializers.CharField()
    changes = CorrectionChangeSerializer(many=True)
    sources = serializers.ListField(child=serializers.CharField(), help_text="Source documents it adds.")
    editors = serializers.ListField(child=serializers.CharField(), help_text="Everyone who changed it.")


class PendingCorrectionSerializer(serializers.Serializer):
    correction = CorrectionSerializer()


class RegistryReadOrEditor(permissions.BasePermission):
    """Anyone reads; only a signed-in Registry editor writes."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_authenticated and access.is_editor(request.user))


FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Search names and aliases (case- and accent-insensitive)."),
    OpenApiParameter("province", OpenApiTypes.STR, description="Province or territory code, e.g. AB."),
    OpenApiParameter("city", OpenApiTypes.STR),
    OpenApiParameter("industry", OpenApiTypes.STR),
    OpenApiParameter("legal_basis", OpenApiTypes.STR),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year of the decision."),
]


@query_filters(*FILTER_PARAMETERS)
class RegistryList(generics.ListAPIView):
    """Published registry entries, with the filters of /registry/ (q, province, city, industry, legal_basis,
    year). Unknown filter values answer 400."""

    permission_classes = [permissions.AllowAny]
    serializer_class = EntrySerializer

    def get_queryset(self):
        form = RegistryFilterForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return selectors.registry_search(**form.filters())


class RegistryDetail(generics.GenericAPIView):
    """One published entry with its sources and change log. A delisted entry answers 410 with the date and
    reason. PATCH (Registry editors) corrects it: send the `version` you read; 409 if it changed since."""

    permission_classes = [RegistryReadOrEditor]
    serializer_class = EntryDetailSerializer

    @extend_schema(responses={200: EntryDetailSerializer, 410: OpenApiResponse(description="Delisted: date, reason.")})
    def get(self, request, public_id):
        entry = selectors.registry_entry_by_public_id(public_id)
        if entry is None:
            raise NotFound()
        if not entry.is_public:
            body = {
                "public_id": entry.public_id,
                "status": entry.status,
                "delisted_at": entry.delisted_at,
                "reason": entry.delisting_reason,
            }
            return Response(body, status=status.HTTP_410_GONE)
        shown = Prefetch("sources", queryset=selectors.registry_public_sources())
        entry = RegistryEntry.objects.prefetch_related(shown, "changes").get(pk=entry.pk)
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        request=EntryCorrectionSerializer,
        responses={
            200: EntrySerializer,
            202: PendingCorrectionSerializer,
            409: OpenApiResponse(description="The entry changed since `version`."),
        },
    )
    def patch(self, request, public_id):
        entry = RegistryEntry.objects.filter(public_id=public_id).first()
        if entry is None:
            raise NotFound()
        incoming = EntryCorrectionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data, version = incoming.entry_data(), incoming.validated_data["version"]
        if not entry.is_public:
            entry = services.entry_update(entry=entry, actor=request.user, data=data, version=version)
            return Response(EntrySerializer(entry, context={"request": request}).data)
        correction = services.correction_propose(
            entry=entry,
            actor=request.user,
            data=data,
            version=version,
            reason=incoming.validated_data["reason"],
            correction_version=incoming.validated_data["correction_version"],
        )
        body = {"correction": selectors.registry_correction_diff(correction)}
        return Response(PendingCorrectionSerializer(body).data, status=status.HTTP_202_ACCEPTED)


class WorkflowActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The entry's version (for a correction: the correction's)."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class WorkflowResultSerializer(serializers.Serializer):
    public_id = serializers.CharField()
    status = serializers.CharField()
    version = serializers.IntegerField()


WORKFLOW_STEPS = ("submit", "approve", "publish", "correction-approve", "correction-reject")


class RegistryStaffOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user.is_authenticated and access.is_registry_staff(request.user))


class RegistryWorkflowAction(APIView):
    """A step of the registry workflow for Registry staff: `submit`, `approve`, `publish` (send the entry's
    `version`), `correction-approve` and `correction-reject` (send the pending correction's `version`, the one
    whose changes you read). Nobody who changed an entry or a correction may approve or publish it (403)."""

    permission_classes = [RegistryStaffOnly]

    @extend_schema(
        request=WorkflowActionSerializer,
        responses={
            200: WorkflowResultSerializer,
            403: OpenApiResponse(description="Your role, or your own changes to it, do not allow this."),
            409: OpenApiResponse(description="It changed since `version`."),
        },
    )
    def post(self, request, public_id, action):
        entry = RegistryEntry.objects.filter(public_id=public_id).first()
        if action not in WORKFLOW_STEPS or entry is None:
            raise NotFound()
        incoming = WorkflowActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        entry = services.entry_step(
            entry=entry, actor=request.user, step=action, version=data["version"], note=data["note"]
        )
        return Response(WorkflowResultSerializer(entry).data)


class PublicationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = ["slug", "kind", "title", "summary", "body", "language", "published_on", "url", "pdf_url"]

    def get_url(self, item) -> str:
        return absolute_url(item.link_url)

    def get_pdf_url(self, item) -> str:
        return absolute_url(item.pdf.url) if item.pdf else ""


class PublicationList(generics.ListAPIView):
    """The task force's reports, news, bulletins and progress reports, newest first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = PublicationSerializer

    def get_queryset(self):
        return selectors.publications_public()


class PublicationDetail(generics.RetrieveAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicationSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.publications_public()
