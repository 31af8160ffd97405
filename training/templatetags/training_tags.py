from django import template
from django.utils.translation import get_language

from .. import reader
from ..models import Audience

register = template.Library()


@register.filter
def tr(value):
    """The current language's text of a frozen {"en": ..., "fr": ...} value."""
    return reader.tr(value)


@register.filter
def audience_label(code):
    return dict(Audience.choices).get(code, code)


@register.filter
def percent(value):
    """A percentage as each language writes it: 80% in English, 80 % in French."""
    return f"{value}\u00a0%" if get_language() == "fr" else f"{value}%"
