from django import template

from taskforce.markdown import markdown_to_html

register = template.Library()


@register.filter
def markdown_safe(text: str) -> str:
    """Markdown rendered and then sanitized with nh3, so it is safe to mark as HTML."""
    return markdown_to_html(text)
