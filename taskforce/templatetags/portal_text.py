"""`{% load portal_text %}`: stored texts written in several languages (taskforce.language).

`{{ item.title|tr }}` prints the text in the page's language, or, when it has no translation there, the source
text inside `templates/_fallback.html` (its own `lang`/`dir` and the "not translated yet" mark).
`{% with body=page.body|localize %}<div lang="{{ body.language }}" dir="{{ body.dir }}">{{ body.text|markdown }}</div>
{% include "_fallback_mark.html" with text=body %}{% endwith %}` does the same for a block of Markdown.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html, format_html_join

from taskforce.language import localized
from taskforce.markdown import DIGIT_GROUPS, markdown_to_html

register = template.Library()


@register.filter
def localize(value):
    return localized(value)


@register.filter
def tr(value):
    text = localized(value)
    if text.fell_back:
        return render_to_string("_fallback.html", {"text": text})
    return conditional_escape(text.text)


@register.filter
def tr_markdown(value):
    """A stored Markdown text in the page's language, rendered and sanitized (taskforce.markdown), in a block
    carrying the `lang`/`dir` of the text shown, with the "not translated yet" mark when it fell back."""
    text = localized(value)
    return render_to_string("_fallback_block.html", {"text": text, "html": markdown_to_html(text.text)})


@register.filter
def digits_ltr(value):
    """A plain text a person wrote (a tip, a message), escaped, each phone number or date in it set apart left to
    right, so that it reads right in a right-to-left page (taskforce.markdown.DIGIT_GROUPS). Then `|linebreaksbr`."""
    parts = DIGIT_GROUPS.split(str(value or ""))
    # re.split with one group: text, number, text, number, ..., text.
    return format_html_join(
        "",
        "{}{}",
        ((text, format_html('<span dir="ltr">{}</span>', number) if number else "") for text, number in _pairs(parts)),
    )


def _pairs(parts: list[str]):
    for index in range(0, len(parts), 2):
        yield parts[index], parts[index + 1] if index + 1 < len(parts) else ""
