"""The partner data exchange (issue 19, part 4): API clients of partner organizations, with keys a coordinator
issues (taskforce.partners). A client reads the public statistics — the very rows of the public datasets, with the
same suppressed cells, nothing finer — and, when allowed, submits its own dated counts for indicators. Every
request a client makes is logged (ids only)."""

import logging

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from actionplan.models import IndicatorValue
from taskforce.models import PartnerKey
from taskforce.parsers import JSONParser
from taskforce.partners import PartnerAuthentication, partner_exchange_record

from . import conf
from .catalogue import licence, licence_link_header
from .datasets import all_datasets, dataset
from .downloads import dataset_source
from .partners import partner_indicator, partner_submissions, partner_value_submit

STATISTICS_THEME = "statistics"
log = logging.getLogger(__name__)


class HasPartnerKey(permissions.BasePermission):
    """A live partner key, and the scope the view asks for (`partner_scope`: the client's boolean field)."""

    def has_permission(self, request, view):
        key = request.auth
        if not isinstance(key, PartnerKey):
            return False
        scope = getattr(view, "partner_scope", None)
        return scope is None or bool(getattr(key.client, scope))


class PartnerClientThrottle(SimpleRateThrottle):
    """At most `OPEN_DATA_PARTNER_RATE` requests per client, whichever of its keys it uses (DRF's throttle, counted
    in the cache under the client's id). A cache that is down lets the request through: the exchange serves only
    aggregates, and a partner's submissions wait for review."""

    scope = "partner"

    def get_rate(self):
        return conf.partner_rate()

    def get_cache_key(self, request, view):
        key = getattr(request, "auth", None)
        return f"throttle:partner:{key.client_id}" if isinstance(key, PartnerKey) else None

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is down
            log.warning("Cache unavailable; the partner API is not throttled")
            return True


class PartnerAPIView(APIView):
    authentication_classes = [PartnerAuthentication]
    permission_classes = [HasPartnerKey]
    throttle_classes = [PartnerClientThrottle]
    partner_scope: str | None = None

    def initial(self, request, *args, **kwargs):
        request.partner_record_ids = {}
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(request, "auth", None)
        if not isinstance(key, PartnerKey):  # refused: a revoked key, found by its digest (taskforce.partners)
            key = getattr(request, "partner_refused_key", None)
        if isinstance(key, PartnerKey):
            partner_exchange_record(
                key=key,
                method=request.method,
                endpoint=request.path,
                status_code=response.status_code,
                record_ids=getattr(request, "partner_record_ids", None),
            )
        return response


def _statistics_datasets():
    return [ds for ds in all_datasets() if ds.theme == STATISTICS_THEME]


def _described(ds) -> dict:
    return {
        "slug": ds.slug,
        "title": str(ds.title),
        "description": str(ds.description),
        "method": str(ds.method),
        "fields": [{"name": f.name, "type": f.type, "description": str(f.description)} for f in ds.fields],
        "source": dataset_source(ds),
    }


class PartnerStatisticsView(PartnerAPIView):
    """The public statistics datasets a partner may read: their descriptions here, their rows at `<slug>/`."""

    partner_scope = "can_read_statistics"

    @extend_schema(operation_id="partner_statistics_list", responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        response = Response({"licence": licence(), "datasets": [_described(ds) for ds in _statistics_datasets()]})
        response["Link"] = licence_link_header()
        return response


class PartnerStatisticsDatasetView(PartnerAPIView):
    partner_scope = "can_read_statistics"

    @extend_schema(operation_id="partner_statistics_dataset", responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug: str):
        ds = dataset(slug)
        if ds is None or ds.theme != STATISTICS_THEME:
            raise Http404
        response = Response({"licence": licence(), **_described(ds), "rows": list(ds.rows())})
        response["Link"] = licence_link_header()
        return response


class PartnerValueSerializer(serializers.ModelSerializer):
    """A submission as its partner sees it: what it sent and how the review went (not who reviewed it)."""

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "period_start",
            "period_end",
            "value",
            "source",
            "reason",
            "status",
            "created_at",
            "reviewed_at",
            "review_reason",
        ]
        read_only_fields = fields


class PartnerSubmissionSerializer(serializers.Serializer):
    """What a partner sends (for the schema; the service checks every field)."""

    period_start = serializers.DateField()
    period_end = serializers.DateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    source = serializers.CharField()
    reason = serializers.CharField()


class PartnerIndicatorValuesView(PartnerAPIView):
    """A client allowed to submit for this indicator sends its own dated count (JSON), stored for review by the
    item's lead, and reads back its submissions with their review state. Any other indicator is a 404."""

    partner_scope = "can_submit_values"
    parser_classes = [JSONParser]

    def _indicator(self, request, slug):
        return partner_indicator(request.auth.client, slug)

    @extend_schema(operation_id="partner_indicator_values_list", responses={200: OpenApiTypes.OBJECT})
    def get(self, request, slug: str):
        indicator = self._indicator(request, slug)
        values = list(partner_submissions(request.auth.client, indicator))
        request.partner_record_ids = {"indicator": [indicator.pk]}
        return Response(
            {
                "indicator": indicator.slug,
                "unit": indicator.unit,
                "values": PartnerValueSerializer(values, many=True).data,
            }
        )

    @extend_schema(
        operation_id="partner_indicator_values_submit",
        request=PartnerSubmissionSerializer,
        responses={201: PartnerValueSerializer},
    )
    def post(self, request, slug: str):
        indicator = self._indicator(request, slug)
        request.partner_record_ids = {"indicator": [indicator.pk]}
        value = partner_value_submit(client=request.auth.client, indicator=indicator, data=request.data)
        request.partner_record_ids["value"] = [value.pk]
        return Response(PartnerValueSerializer(value).data, status=status.HTTP_201_CREATED)
