"""The one choice between a text's English and French versions, for every model that stores both."""

from django.utils.translation import get_language


def in_language(english: str, french: str) -> str:
    """The French text when the page is in French and the text exists in French, the English text otherwise."""
    return french if french and (get_language() or "").startswith("fr") else english


def bilingual_property(english: str, french: str) -> property:
    """A model's read-only property choosing between two of its fields by name, as `in_language()` does:
    `display_title = bilingual_property("title", "title_fr")`."""
    return property(lambda obj: in_language(getattr(obj, english), getattr(obj, french)))
