from django import template
from django.utils.safestring import mark_safe

from ..text import markdown_to_safe_html

register = template.Library()


@register.filter
def markdown_safe(text: str) -> str:
    """Markdown rendered and then sanitized with nh3, so it is safe to mark as HTML."""
    return mark_safe(markdown_to_safe_html(text))  # noqa: S308 (sanitized by nh3 just above)
