"""Markdown written by editors (lessons, publications, rights pages), rendered and sanitized in one place."""

import re

import markdown as markdown_lib
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# The tags Markdown itself writes (bold is <strong>, italics <em>): HTML typed into the text gets no more than that.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "ul", "ol", "li", "a",
    "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "img": {"src", "alt"}, "th": {"scope"}, "abbr": {"title"}}


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    # Images must come from this portal: an image from another host would tell it who is reading. A browser reads
    # "/\\host/x" as "//host/x", so no backslash either.
    local = value.startswith("/") and not value.startswith("//") and "\\" not in value
    if tag == "img" and attribute == "src" and not local:
        return None
    return value


# Bounds of a text an editor writes in Markdown (a lesson, its transcript): Python-Markdown's time grows with the
# square of nested brackets (4,000 "[" take 4 s) and of nested lists, which end in a RecursionError.
MARKDOWN_MAX_CHARS = 20_000
MARKDOWN_MAX_BRACKETS = 1_000


def check_markdown(text: str) -> None:
    """Refuse, with a message for the editor, a Markdown text too long or with too many brackets to render fast."""
    if len(text or "") > MARKDOWN_MAX_CHARS:
        raise ValidationError(
            _("This text is too long: at most %(count)s characters. Split it into several lessons.")
            % {"count": f"{MARKDOWN_MAX_CHARS:,}"},
            code="too_long",
        )
    if (text or "").count("[") > MARKDOWN_MAX_BRACKETS:
        raise ValidationError(
            _("This text has too many square brackets (at most %(count)s).") % {"count": MARKDOWN_MAX_BRACKETS},
            code="brackets",
        )


# A phone number, a date or a code of digit groups ("1-833-900-1010", "416 555 0199", "2026-12-02"): inside
# right-to-left text the bidirectional algorithm would reverse its groups, so it is set apart, left to right.
DIGIT_GROUPS = re.compile(r"(?<![\w-])(\+?\d{1,4}(?:[ -]\d{2,4}){2,4})(?![\w-])")
_TAGS = re.compile(r"(<[^>]*>)")


def numbers_left_to_right(escaped_text: str) -> str:
    """Escaped text with each run of digit groups inside `<span dir="ltr">` (the digits and separators need no
    escaping, and the rest is left as it is)."""
    return DIGIT_GROUPS.sub(r'<span dir="ltr">\1</span>', escaped_text)


def markdown_to_html(text: str) -> SafeString:
    """Render Markdown, then keep only harmless tags: editors' text can never inject script or style."""
    try:
        html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    except RecursionError:  # lists nested hundreds deep: shown as plain text rather than failing the page
        html = f"<p>{escape(text)}</p>"
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        attribute_filter=_keep_local_images,
        link_rel="noopener noreferrer",
    )
    clean = "".join(part if part.startswith("<") else numbers_left_to_right(part) for part in _TAGS.split(clean))
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above
