"""Open data API: the published registry and the publications (anonymous read), and registry corrections
by editors carrying the version they read (409 when it changed)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from taskforce.api import query_filters
from taskforce.links import absolute_url
from taskforce.vocabulary import Province

from . import access, conf, matching, selectors, services, throttle
from .forms import RegistryFilterForm
from .identifiers import business_number_compact, corporate_registry_number_compact
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
    corporate_registry_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    business_number = serializers.CharField(required=False, allow_blank=True, max_length=30)

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


def _compacted(compact, value: str) -> str:
    try:
        return compact(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None


class MatchIdentifiersSerializer(serializers.Serializer):
    business_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=30,
        help_text="CRA Business Number: 123456782 or 123456782RT0001.",
    )
    corporate_registry_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=40,
        help_text="The provincial corporate registry number.",
    )

    def validate_business_number(self, value):
        return _compacted(business_number_compact, value)

    def validate_corporate_registry_number(self, value):
        return _compacted(corporate_registry_number_compact, value)


class MatchRequestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="The business's name as you found it.")
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    city = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    province = serializers.ChoiceField(choices=Province.choices, required=False, allow_blank=True, default="")
    identifiers = MatchIdentifiersSerializer(required=False)
    limit = serializers.IntegerField(required=False, default=5, min_value=1, help_text="Most candidates (at most 25).")
    threshold = serializers.FloatField(
        required=False, default=0.5, min_value=0.0, max_value=1.0, help_text="Lowest score listed."
    )
    include_delisted = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also list delisted entries, marked `delisted` and without their names (no longer published).",
    )

    def validate_limit(self, value):
        most = conf.match_max_results()
        if value > most:
            raise serializers.ValidationError(f"Ensure this value is less than or equal to {most}.")
        return value

    def validate_name(self, value):
        if not matching.normalize_name(value):
            raise serializers.ValidationError("Give a name with at least one letter or digit.")
        return value

    def query(self) -> matching.MatchQuery:
        data = self.validated_data
        identifiers = data.get("identifiers") or {}
        return matching.MatchQuery(
            name=data["name"],
            address=data["address"],
            city=data["city"],
            province=data["province"],
            business_number=identifiers.get("business_number", ""),
            corporate_registry_number=identifiers.get("corporate_registry_number", ""),
        )


class MatchFeaturesSerializer(serializers.Serializer):
    name_normalized_exact = serializers.BooleanField(help_text="The normalized name equals one of the entry's names.")
    name_fuzzy = serializers.FloatField(help_text="Best rapidfuzz token_sort_ratio of the names without legal forms.")
    matched_name = serializers.IntegerField(help_text="Which name matched best: 0 the legal name, n the n-th alias.")
    city = serializers.BooleanField(required=False)
    province = serializers.BooleanField(required=False)
    address = serializers.BooleanField(required=False)
    business_number = serializers.CharField(allow_null=True, help_text="exact, differs, unknown, or null (not given).")
    corporate_registry_number = serializers.CharField(allow_null=True, help_text="exact, differs, unknown or null.")


class MatchCandidateSerializer(serializers.Serializer):
    public_id = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
    status = serializers.CharField()
    delisted = serializers.BooleanField()
    delisted_at = serializers.DateTimeField(allow_null=True)
    legal_name = serializers.CharField(required=False, help_text="Left out for a delisted entry.")
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    city = serializers.CharField(required=False)
    province = serializers.CharField(required=False)
    business_number = serializers.CharField(required=False)
    corporate_registry_number = serializers.CharField(required=False)
    is_fictional = serializers.BooleanField(required=False)
    features = MatchFeaturesSerializer()


class MatchResponseSerializer(serializers.Serializer):
    scoring = serializers.CharField()
    normalized_name = serializers.CharField()
    results = MatchCandidateSerializer(many=True)


def _candidate(score: float, features: dict, row: dict, url_parts: tuple[str, str]) -> dict:
    delisted = row["status"] == RegistryEntry.Status.DELISTED
    found = {
        "public_id": row["public_id"],
        "url": f"{url_parts[0]}{row['public_id']}{url_parts[1]}",
        "score": score,
        "status": row["status"],
        "delisted": delisted,
        "delisted_at": row["delisted_at"],
        "features": features,
    }
    if delisted:  # its name is no longer published: what matched, never what it was called
        features.pop("matched_name", None)
        return found
    aliases = [a.strip() for a in row["aliases"].splitlines() if a.strip()]
    found |= {
        "legal_name": row["legal_name"],
        "aliases": aliases,
        "city": row["city"],
        "province": row["province"],
        "business_number": row["business_number"],
        "corporate_registry_number": row["corporate_registry_number"],
        "is_fictional": row["is_fictional"],
    }
    return found


class RegistryMatch(APIView):
    __doc__ = (
        "Match a business against the published registry, as you found it (name, address, identifiers): the best "
        "candidates with a score between 0 and 1 and the features that matched. Published entries only; delisted "
        "ones with `include_delisted`, marked and without their names; never a draft. Throttled per client "
        "address (429).\n\n" + matching.__doc__.split("\n\n", 1)[1]
    )

    permission_classes = [permissions.AllowAny]
    authentication_classes = []  # anonymous: no session, so no CSRF token to send

    @extend_schema(
        request=MatchRequestSerializer,
        responses={
            200: MatchResponseSerializer,
            400: OpenApiResponse(description="A field is missing or wrong; the answer names it."),
            429: OpenApiResponse(description="Too many requests from this address; retry after a minute."),
        },
    )
    def post(self, request):
        if throttle.match_throttled(request):
            raise Throttled(wait=60)
        incoming = MatchRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        query = incoming.query()
        found = matching.match(
            query, threshold=data["threshold"], limit=data["limit"], include_delisted=data["include_delisted"]
        )
        url_parts = _entry_url_parts()
        body = {
            "scoring": matching.SCORING,
            "normalized_name": query.norm,
            "results": [_candidate(score, features, row, url_parts) for score, features, row in found],
        }
        return Response(body, headers={"Cache-Control": "no-store"})


def _entry_url_parts() -> tuple[str, str]:
    marker = "HT-MARKER"
    head, tail = absolute_url("publications:registry_entry", marker).split(marker)
    return head, tail


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
