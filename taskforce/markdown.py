"""Markdown written by editors (lessons, publications, rights pages), rendered and sanitized in one place."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "ul", "ol", "li", "a",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "img": {"src", "alt"}, "th": {"scope"}, "abbr": {"title"}}


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    # Images must come from this portal: an image from another host would tell it who is reading.
    if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
        return None
    return value


def markdown_to_html(text: str) -> SafeString:
    """Render Markdown, then keep only harmless tags: editors' text can never inject script or style."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=_keep_local_images,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
