"""Naming languages (Markdown is rendered by taskforce.markdown, for every app)."""

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The language's own name (English, Français, Español...), or its code when Django does not know it."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
