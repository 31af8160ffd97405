from django import template

from ..rendering import markdown_html

register = template.Library()


@register.filter
def markdown(text: str):
    return markdown_html(text)
