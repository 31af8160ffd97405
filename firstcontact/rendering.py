"""Turning administrator-written Markdown into safe HTML, and naming languages."""

from django.utils.translation import get_language_info

from taskforce.markdown import markdown_to_html


def markdown_html(text: str) -> str:
    return markdown_to_html(text)


def language_name(code: str) -> str:
    """The language's own name (English, Français, Español...), or its code when Django does not know it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
