"""`{% load portal_markdown %}` then `{{ text|markdown }}`: the one Markdown filter of the portal (lessons,
publications, rights pages, assessment guidance), rendered and sanitized by taskforce.markdown."""

from django import template

from taskforce.markdown import markdown_to_html

register = template.Library()


@register.filter
def markdown(text):
    return markdown_to_html(text)
