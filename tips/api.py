from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, generics, permissions, serializers

from taskforce.api import TranslatedModelSerializer, query_filters
from taskforce.vocabulary import ExploitationKind, Province

from . import selectors
from .models import Hotline


class HotlineSerializer(TranslatedModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regions = serializers.ListField(source="region_codes", child=serializers.CharField(), read_only=True)
    kinds = serializers.ListField(source="kind_codes", child=serializers.CharField(), read_only=True)

    class Meta:
        model = Hotline
        fields = [
            "slug",
            "name",
            "phone",
            "text_number",
            "chat_url",
            "hours",
            "description",
            "regions",
            "kinds",
            "languages",
            "is_national",
            "organization",
        ]


@query_filters(
    OpenApiParameter("province", enum=Province.values, description="Only hotlines serving this province."),
    OpenApiParameter("need", enum=ExploitationKind.values, description="Only hotlines serving this kind."),
)
class HotlineList(generics.ListAPIView):
    """Active hotlines and partners (public; no sign-in needed). Empty regions or kinds mean all. An unknown
    parameter or value answers 400, naming the accepted ones."""

    serializer_class = HotlineSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_queryset(self):
        return selectors.hotlines_public(
            province=_choice(self.request, "province", Province.values),
            need=_choice(self.request, "need", ExploitationKind.values),
        ).select_related("organization")


def _choice(request, name: str, values) -> str | None:
    """The filter `name`'s value, one of `values`; None when not given. Any other value is refused (400)."""
    value = request.query_params.get(name, "")
    if not value:
        return None
    if value not in values:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Unknown value %(value)s. Choose one of: %(values)s.")
                    % {"value": value[:50], "values": ", ".join(values)}
                ]
            }
        )
    return value
