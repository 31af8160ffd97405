"""Read API: a learner's own progress, and a Training manager's report for their own organizations."""

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from taskforce.api import PAGE_PARAMETERS, PageNumberPagination, query_filters, refuse_unknown_parameters
from taskforce.pagination import BoundedPaginator

from . import access, selectors
from .models import Course


class ReportPagination(PageNumberPagination):
    """Pages of the report that count at most LIST_COUNT_LIMIT rows, like the report's page."""

    def django_paginator_class(self, object_list, per_page):
        return BoundedPaginator(object_list, per_page, limit=settings.LIST_COUNT_LIMIT)


class ProgressSerializer(serializers.Serializer):
    course = serializers.CharField(source="course.slug")
    title = serializers.CharField(source="course.title")
    version = serializers.IntegerField(source="version_number", allow_null=True)
    assigned = serializers.BooleanField()
    required = serializers.BooleanField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    progress = serializers.IntegerField()
    overdue = serializers.BooleanField()
    certificate_status = serializers.CharField()


class ReportRowSerializer(ProgressSerializer):
    learner = serializers.CharField(source="user.get_full_name")
    email = serializers.EmailField(source="user.email")
    best_score = serializers.IntegerField(allow_null=True)


@extend_schema(responses=ProgressSerializer(many=True))
@api_view(["GET"])
def my_progress(request):
    """The signed-in learner's courses: assignments, due dates, progress, certificates."""
    refuse_unknown_parameters(request)
    rows = selectors.learning_for_user(request.user)
    return Response(ProgressSerializer(rows, many=True).data)


@extend_schema(responses=ReportRowSerializer(many=True))
@query_filters(
    OpenApiParameter("organization", int, required=True),
    OpenApiParameter("course", str, description="course short name"),
    *PAGE_PARAMETERS,
)
@api_view(["GET"])
def report(request):
    """Completion in one of the manager's own organizations."""
    organization = access.organization_for_manager(request.user, request.query_params.get("organization"))
    refuse_unknown_parameters(request)
    course = None
    if request.query_params.get("course"):
        course = Course.objects.filter(slug=request.query_params["course"]).first()
        if course is None:
            raise Http404
    rows = selectors.report_rows(organization=organization, course=course, today=timezone.localdate())
    paginator = ReportPagination()
    page = selectors.report_page(paginator.paginate_queryset(rows, request))
    return paginator.get_paginated_response(ReportRowSerializer(page, many=True).data)
