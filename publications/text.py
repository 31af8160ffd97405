"""Text helpers: the search key every database agrees on, and safe rendering of Markdown."""

import unicodedata

import markdown
import nh3

_ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "abbr",
    "dl",
    "dt",
    "dd",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope"}}


def search_key(value: str) -> str:
    """Casefold, strip accents and control characters, collapse spaces: "  Café  ÉCLAIR " -> "cafe eclair"."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch)[0] != "C")
    return " ".join(kept.casefold().split())


def markdown_to_safe_html(text: str) -> str:
    """Render Markdown, then keep only harmless tags: editors' text can never inject script or style."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
