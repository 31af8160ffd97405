from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers

from taskforce.vocabulary import ExploitationKind, Province

from . import selectors
from .models import Hotline


class HotlineSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regions = serializers.ListField(source="region_codes", child=serializers.CharField(), read_only=True)
    kinds = serializers.ListField(source="kind_codes", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Hotline
        fields = [
            "slug",
            "name",
            "name_fr",
            "phone",
            "text_number",
            "chat_url",
            "hours",
            "hours_fr",
            "description",
            "description_fr",
            "regions",
            "kinds",
            "languages",
            "is_national",
            "organization",
        ]


@extend_schema(
    parameters=[
        OpenApiParameter("province", enum=Province.values, description="Only hotlines serving this province."),
        OpenApiParameter("need", enum=ExploitationKind.values, description="Only hotlines serving this kind."),
    ]
)
class HotlineList(generics.ListAPIView):
    """Active hotlines and partners (public; no sign-in needed). Empty regions or kinds mean all."""

    serializer_class = HotlineSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_queryset(self):
        province = self.request.query_params.get("province", "")
        need = self.request.query_params.get("need", "")
        return selectors.hotlines_public(
            province=province if province in Province.values else None,
            need=need if need in ExploitationKind.values else None,
        ).select_related("organization")
