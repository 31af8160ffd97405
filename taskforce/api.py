"""Shared pieces of the REST API."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination, status
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import Conflict


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
    """Page numbers past the end answer 404 with a clear message (DRF's default); page sizes are capped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
