"""Read API: a provider's own assessments, counts for coordinators, and the public rights pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from taskforce.access import require_coordinator
from taskforce.api import TranslatedModelSerializer, query_filters

from . import selectors
from .models import Assessment, RightsPage


class AssessmentSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="version.number")
    referred = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "created_at",
            "version",
            "province",
            "kind",
            "level",
            "score",
            "is_minor",
            "danger_now",
            "full_done",
            "referred",
        ]

    def get_referred(self, obj) -> bool:
        return hasattr(obj, "referral")


class MyAssessmentList(generics.ListAPIView):
    """The signed-in provider's own saved assessments (no one else's)."""

    serializer_class = AssessmentSerializer

    def get_queryset(self):
        return selectors.assessments_of_provider(self.request.user)


class AssessmentCounts(APIView):
    """Counts by province and kind of exploitation, without personal details. Coordinators only."""

    @extend_schema(
        responses=inline_serializer(
            "AssessmentCounts",
            {
                "rows": serializers.ListField(child=serializers.DictField()),
                "total": serializers.IntegerField(),
            },
        )
    )
    def get(self, request):
        require_coordinator(request.user)
        counts = selectors.assessment_counts()
        rows = [
            {"province": row["province"].value, "kind": kind.value, "count": n}
            for row in counts["rows"]
            for kind, n in zip(counts["kinds"], row["counts"], strict=True)
            if n
        ]
        return Response({"rows": rows, "total": counts["total"]})


class RightsPageSerializer(TranslatedModelSerializer):
    url = serializers.CharField(source="get_absolute_url")
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = RightsPage
        fields = ["slug", "languages", "title", "summary", "body", "updated_at", "url"]


@query_filters(
    OpenApiParameter(
        "language", str, description="Only the pages written in this language (a code of settings.LANGUAGES)."
    )
)
class RightsPageList(generics.ListAPIView):
    """Published know-your-rights pages, one per topic, their texts in the request's language with every
    translation in `translations`; `?language=<code>` for the pages written in one language."""

    serializer_class = RightsPageSerializer
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get_queryset(self):
        pages = RightsPage.objects.filter(is_published=True).order_by("order", "slug")
        language = self.request.query_params.get("language", "")
        return [page for page in pages if language in page.languages()] if language else pages
