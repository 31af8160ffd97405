"""The one way the portal stores and shows a text written in several languages.

A stored text is an `I18nCharField`/`I18nTextField` (django-i18nfield): one JSON column holding
`{language code: text}` for every language it has been written in. `localized(value)` chooses the text for the
page's language, falling back to the source language (settings.LANGUAGE_CODE), and says when it fell back so that
the page can mark it (`{{ value|tr }}`, `templates/_fallback.html`). No code lists languages: they come from
settings.LANGUAGES.
"""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import get_language, get_language_info, gettext, override
from i18nfield.strings import LazyI18nString


@dataclass(frozen=True)
class Localized:
    """The text shown for a stored text on one page: the text, the language it is actually in, its direction, and
    whether it fell back to the source language because the page's language has no translation."""

    text: str
    language: str
    dir: str
    fell_back: bool

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def language_choices() -> list[tuple[str, str]]:
    """The choices of a field naming a language: settings.LANGUAGES, read when a form asks (a callable, so that
    adding a language needs no migration)."""
    return list(settings.LANGUAGES)


def language_codes() -> list[str]:
    """Every language the portal speaks, the source language first."""
    codes = [code for code, _name in settings.LANGUAGES]
    return [settings.LANGUAGE_CODE, *[code for code in codes if code != settings.LANGUAGE_CODE]]


def text_data(value) -> dict[str, str]:
    """A stored text as `{language code: text}` (only the languages it is written in). A plain string is a text in
    the source language."""
    if isinstance(value, LazyI18nString):
        value = value.data
    if isinstance(value, dict):
        return {code: text for code, text in value.items() if text}
    if value in (None, ""):
        return {}
    return {settings.LANGUAGE_CODE: str(value)}


def i18n_text(data: dict | None = None, /, **texts) -> LazyI18nString:
    """A value for a translated field from `{code: text}` (empty texts dropped)."""
    merged = {**(data or {}), **texts}
    return LazyI18nString({code: text for code, text in merged.items() if text})


def _direction(code: str) -> str:
    base = code.split("-")[0]
    return "rtl" if code in settings.LANGUAGES_BIDI or base in settings.LANGUAGES_BIDI else "ltr"


def localized(value, language: str | None = None) -> Localized:
    """The text of `value` in `language` (the page's language by default), else in the source language, marked
    as fallen back. A text written in no language at all is empty and not marked."""
    data = text_data(value)
    code = language or get_language() or settings.LANGUAGE_CODE
    for candidate in (code, code.split("-")[0]):
        if data.get(candidate):
            return Localized(data[candidate], candidate, _direction(candidate), False)
    source = settings.LANGUAGE_CODE
    if data.get(source):
        return Localized(data[source], source, _direction(source), True)
    if data:
        other, text = next(iter(data.items()))
        return Localized(text, other, _direction(other), True)
    return Localized("", code, _direction(code), False)


def gettext_in(code: str, message: str) -> str:
    """A message of the catalogues in one language (the source text where that catalogue lacks it)."""
    with override(code):
        return gettext(message)


def gettext_everywhere(message: str) -> dict[str, str]:
    """A message of the catalogues frozen as a stored text: {code: text} for the source language and every
    language whose catalogue translates it (the others fall back, marked, like any stored text)."""
    texts = {settings.LANGUAGE_CODE: gettext_in(settings.LANGUAGE_CODE, message)}
    for code in language_codes():
        text = gettext_in(code, message)
        if text != message:
            texts[code] = text
    return texts


def in_page_language(value) -> str:
    """The plain text of a stored text for the current page (reports, CSV, mail subjects): no mark."""
    return localized(value).text


# The source files of the safety pages (issue 18): their strings are translated into every language of
# settings.LANGUAGES, not only the portal languages. Paths from the project root, shell patterns.
SAFETY_SOURCES = [
    "templates/base.html",
    "templates/_*.html",
    "templates/4*.html",
    "templates/5*.html",
    "templates/error_base.html",
    "templates/home.html",
    "templates/pages/privacy.html",
    "templates/pages/browse_safely.html",
    "taskforce/context_processors.py",
    "taskforce/vocabulary.py",
    "taskforce/errorpages.py",
    "taskforce/framework_strings.py",
    "tips/templates/tips/[!s]*",
    "tips/forms.py",
    "tips/views.py",
    "tips/pow.py",
    "firstcontact/templates/firstcontact/rights_*.html",
    "firstcontact/templates/firstcontact/_hotline_directory.html",
    "training/templates/training/open_*.html",
    "training/templates/training/_lesson_body.html",
    "training/templates/training/_outline.html",
    "training/templates/training/_review.html",
    "training/templates/training/course_detail.html",
    "training/step_titles.py",
    "training/templates/training/_questions.html",
    "training/templates/training/_spot_quiz.html",
    "opendata/templates/opendata/_licence_footer.html",
]


@cache
def language_names(code: str) -> dict:
    """A language's name in its own script and its direction, for the chooser and `lang`/`dir` attributes."""
    info = get_language_info(code)
    return {"name_local": info["name_local"], "dir": "rtl" if info["bidi"] else "ltr"}


def reporter_language(code: str) -> dict | None:
    """A language a person wrote in, for staff pages: its code, its own name, its name in the reader's language
    and its direction; None when not known (or no longer in settings.LANGUAGES)."""
    if code not in language_codes():
        return None
    return {"code": code, "name": get_language_info(code)["name_translated"], **language_names(code)}


def safety_page(view):
    """Marks a view as a safety page (issue 18): translated into every language of settings.LANGUAGES. Any other
    page, read in a language outside settings.PORTAL_LANGUAGES, says it is shown in the portal's languages."""
    view.safety_page = True
    return view


def safety_page_for_some(view):
    """Marks a view that is a safety page for some of its objects only (an open course's page): the view sets
    `request.safety_page` when it renders one. Whoever lists the safety pages without rendering them (the crawl,
    quality.crawl.is_safety_page) learns from this mark that it must render the page to know."""
    view.safety_page_for_some = True
    return view


def is_safety_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return True  # an error page for a path that resolved to nothing (404): its text is in the safety catalogue
    func = getattr(match, "func", None)
    if getattr(request, "safety_page", False):  # a view that is a safety page for some objects only (an open course)
        return True
    return bool(getattr(func, "safety_page", False) or getattr(getattr(func, "view_class", None), "safety_page", False))


def language_notice(request) -> str:
    """ "" in a portal language; "review" on a safety page in another language (a translation awaiting community
    review); "portal_only" on any other page in another language (its text stays in the portal's languages)."""
    code = get_language() or settings.LANGUAGE_CODE
    if code in settings.PORTAL_LANGUAGES:
        return ""
    return "review" if is_safety_view(request) else "portal_only"
