"""Turning administrator-written Markdown into safe HTML, and naming languages."""

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "h2", "h3", "h4", "h5", "h6", "a", "br", "blockquote"}


def markdown_html(text: str) -> str:
    html = markdown.markdown(text or "", output_format="html")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}))


def language_name(code: str) -> str:
    """The language's own name (English, Français, Español...), or its code when Django does not know it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
