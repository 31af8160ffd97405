"""Shared pieces of the REST API."""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from i18nfield.fields import I18nCharField, I18nTextField
from rest_framework import exceptions, filters, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import Conflict
from .language import i18n_text, localized, text_data
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
        raw = request.query_params.get(self.page_query_param, "1")
        if raw not in self.last_page_strings and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError({self.page_query_param: [_("A page is a whole number from 1.")]})
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            paginator = self.django_paginator_class(queryset, self.get_page_size(request))
            if paginator.truncated:
                message = _(
                    "There is no page %(page)s. Only the first %(limit)s results can be paged through: narrow the "
                    "filters to reach the others."
                ) % {"page": int(raw), "limit": intcomma(settings.LIST_COUNT_LIMIT)}
            else:
                message = _("There is no page %(page)s: the list has %(pages)s.") % {
                    "page": int(raw),
                    "pages": paginator.num_pages,
                }
            raise exceptions.NotFound(message) from exc

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


# ----- query parameters --------------------------------------------------------------------------------------------


# The pages of a list that pages by hand (an `@api_view` function): `query_filters(..., *PAGE_PARAMETERS)`.
PAGE_PARAMETERS = (
    OpenApiParameter("page", int, description="A page of the list, from 1."),
    OpenApiParameter("page_size", int, description="Rows a page (at most 200)."),
)


class UnknownParameters(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_parameter"


def query_filters(*parameters: OpenApiParameter):
    """Declares a list's filters once, on its view (a class, or an `@api_view` function): they are documented in
    the schema, and they are, with the pages' and `format`, the only query parameters it accepts
    (`refuse_unknown_parameters`)."""

    def decorate(view):
        view = extend_schema(parameters=list(parameters))(view)
        getattr(view, "cls", view).query_parameters = tuple(p.name for p in parameters)
        return view

    return decorate


def accepted_parameters(view) -> list[str]:
    """The query parameters the list `view` accepts: its filters (`query_filters`, or `query_parameters` on an
    action), its paginator's, and `format`."""
    names = set(getattr(view, "query_parameters", ()))
    paginator = getattr(view, "paginator", None)
    if paginator is not None:
        names |= {getattr(paginator, "page_query_param", None), getattr(paginator, "page_size_query_param", None)}
    names.add(api_settings.URL_FORMAT_OVERRIDE)
    return sorted(name for name in names if name)


def refuse_unknown_parameters(request, view=None) -> None:
    """A list asked with a query parameter it does not know answers 400, naming it and the accepted ones: a
    misspelt filter must not quietly give the whole list. Applied to every generic list by KnownParameters (the
    default filter backend); an `@api_view` list calls it first."""
    view = view or request.parser_context["view"]
    accepted = accepted_parameters(view)
    unknown = sorted(set(request.query_params) - set(accepted))
    if not unknown:
        return
    message = ngettext(
        "Unknown query parameter: %(unknown)s. This list accepts: %(accepted)s.",
        "Unknown query parameters: %(unknown)s. This list accepts: %(accepted)s.",
        len(unknown),
    ) % {"unknown": ", ".join(unknown), "accepted": ", ".join(accepted)}
    raise UnknownParameters({"detail": message, "unknown": unknown, "accepted": accepted})


class KnownParameters(filters.BaseFilterBackend):
    """The default filter backend (REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]): a list request refuses unknown
    query parameters (`refuse_unknown_parameters`). A request for one object (its lookup in the URL) is not a list."""

    def filter_queryset(self, request, queryset, view):
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if lookup not in getattr(view, "kwargs", {}):
            refuse_unknown_parameters(request, view)
        return queryset


# ----- translated texts ------------------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class LocalizedTextField(serializers.Field):
    """A translated text (django-i18nfield) in the request's language, falling back to the source language."""

    def __init__(self, **kwargs):
        for option in ("max_length", "min_length", "allow_blank", "trim_whitespace"):
            kwargs.pop(option, None)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return localized(value).text

    def to_internal_value(self, data):
        if isinstance(data, dict):
            return i18n_text(data)
        return i18n_text({settings.LANGUAGE_CODE: str(data)})


class TranslatedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose translated texts are given in the request's language, with `translations`: every
    translated field as {language code: text} for each language it is written in (no field per language)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        I18nCharField: LocalizedTextField,
        I18nTextField: LocalizedTextField,
    }

    def get_fields(self):
        fields = super().get_fields()
        fields["translations"] = serializers.SerializerMethodField(
            help_text="Each translated text of this object as {language code: text}, for every language it is "
            "written in; the plain fields give it in the request's language (the source language where missing)."
        )
        return fields

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}}
    )
    def get_translations(self, obj) -> dict:
        names = [f.name for f in obj._meta.concrete_fields if isinstance(f, I18nCharField | I18nTextField)]
        return {name: text_data(getattr(obj, name)) for name in names if name in self.fields}
