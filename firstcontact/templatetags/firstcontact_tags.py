from django import template

from ..rendering import markdown_html

register = template.Library()


@register.filter
def markdown(text: str):
    return markdown_html(text)


@register.filter
def markdown_h3(text: str):
    """Markdown whose ## headings sit under an h2 of the page (they become h4 and below are kept in order)."""
    return markdown_html(text, shift_headings=1)
