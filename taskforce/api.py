"""Shared pieces of the REST API."""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import Conflict
from .pagination import BoundedPaginator


class ConflictAPIError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = Conflict.code


def exception_handler(exc, context):
    """The one place where the services' refusals become API answers, so that no endpoint catches them itself:
    a version `Conflict` is a 409 `{"detail": ..., "code": "stale"}`, any other ValidationError a 400, a
    PermissionDenied a 403 (with the service's reason when it gave one); never a 500."""
    if isinstance(exc, Conflict):
        exc = ConflictAPIError({"detail": exc.messages[0], "code": Conflict.code})
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class PageNumberPagination(pagination.PageNumberPagination):
    """Every API list's pages. Like the pages of the site (taskforce/pagination.py), a list counts at most
    LIST_COUNT_LIMIT rows (`SELECT COUNT(*) FROM (... LIMIT n)`), so neither the count nor the deepest page grows
    with the table: `count` stops at the limit and `count_exact` says whether it is the whole count (false: there
    are more), and `next` links stay within the limit. A page past them answers 404 with a message saying so;
    page sizes are capped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def django_paginator_class(self, queryset, page_size) -> BoundedPaginator:
        return BoundedPaginator(queryset, page_size, limit=settings.LIST_COUNT_LIMIT)

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            message = _(
                "There is no page %(page)s. Only the first %(limit)s results can be paged through: narrow the "
                "filters to reach the others."
            )
            page = request.query_params.get(self.page_query_param, "")[:20]
            raise exceptions.NotFound(message % {"page": page, "limit": intcomma(settings.LIST_COUNT_LIMIT)}) from exc

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_exact": not paginator.truncated,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["required"] = ["count", "count_exact", "results"]
        answer["properties"]["count"]["description"] = "Rows counted, at most LIST_COUNT_LIMIT (10,000 by default)."
        answer["properties"] = {
            "count": answer["properties"]["count"],
            "count_exact": {
                "type": "boolean",
                "description": "False when more rows exist than `count`: narrow the filters to page through them.",
            },
            **{k: v for k, v in answer["properties"].items() if k != "count"},
        }
        return answer
