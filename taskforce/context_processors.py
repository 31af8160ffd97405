import re

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .language import language_names, language_notice

NATIONAL_HOTLINE = "1-833-900-1010"
# Every page that names the national line (the danger alerts, the error pages) gets both from here.
SAFETY_LINE = {
    "national_hotline": NATIONAL_HOTLINE,
    "national_hotline_tel": "".join(ch for ch in NATIONAL_HOTLINE if ch.isdigit()),
}
QUICK_EXIT_URL = "https://weather.gc.ca/"

# The public areas, in menu order, each with the one line its home page tile says of it. An area whose app has no
# such page yet is left out.
NAV = [
    (
        "actionplan:index",
        _("Action plan"),
        _("See each of the plan's nine points, who leads it and how far it has come."),
    ),
    ("tips:report", _("Report a tip"), _("Tell a hotline what you saw, anonymously, in your own language.")),
    ("tips:hotlines", _("Hotlines"), _("Find the hotline that serves your region, and how to reach it.")),
    ("training:catalogue", _("Training"), _("Take free courses on recognizing and responding to trafficking.")),
    (
        "publications:registry_list",
        _("Business registry"),
        _("Search the businesses found to have knowingly facilitated trafficking."),
    ),
    ("publications:publication_list", _("Publications"), _("Read the task force's reports and progress updates.")),
    (
        "firstcontact:assess",
        _("Assessment tool"),
        _("For front-line workers: a few questions, then guidance on what to do and whom to call."),
    ),
    (
        "firstcontact:rights",
        _("Know your rights"),
        _("Learn your rights at work and where to get help, in your language."),
    ),
]


def _nav_items(path: str) -> list[dict]:
    items = []
    for name, label, summary in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "summary": summary, "active": path.startswith(url)})
    return items


# Slashes and backslashes at the start of a path ("//evil.example/", "/\\evil.example") make a browser leave
# the site when the path is used as a link.
_LEADING_SLASHES = re.compile(r"^[/\\]+")


def language_link(full_path: str, code: str) -> str:
    """The same page in another language, always on the portal: a path that would lead elsewhere, even after
    translation, gives that language's home page instead."""
    url = translate_url(_LEADING_SLASHES.sub("/", full_path), code)
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    with translation.override(code):
        return reverse("home")


def _unread_tips(request):
    """The staff menu's count of the handler's tips with unread reporter activity: a callable, so the query runs
    only where the menu shows it (signed-in people), and only for tip handlers."""

    def count():
        from tips.selectors import tips_unread_count  # noqa: PLC0415 -- the shared menu asks the tips app

        user = getattr(request, "user", None)
        return tips_unread_count(user) if user is not None and user.is_authenticated else 0

    return count


def site_government() -> dict:
    """The government named at the top of every page (settings.PROVINCE_NAME): in the page's language when the
    operator gave it, else in the source language, tagged with that language so a screen reader says it right."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    names = settings.PROVINCE_NAME
    if names.get(language):
        return {"name": names[language], "lang": "", "crest": settings.PROVINCE_CREST}
    return {"name": names[settings.LANGUAGE_CODE], "lang": settings.LANGUAGE_CODE, "crest": settings.PROVINCE_CREST}


def portal(request):
    """Menu, language links that keep the reader on the same page (no cookie), and the safety constants."""
    path = request.get_full_path()
    return {
        "unread_tips": _unread_tips(request),
        "nav_items": _nav_items(request.path),
        "site_government": site_government(),
        "language_links": [
            {"code": code, "url": language_link(path, code), **language_names(code)}
            for code, _name in settings.LANGUAGES
        ],
        "current_language": language_names(translation.get_language() or settings.LANGUAGE_CODE),
        "language_notice": language_notice(request),
        "source_language": {"code": settings.LANGUAGE_CODE, **language_names(settings.LANGUAGE_CODE)},
        "translation_review_email": settings.TRANSLATION_REVIEW_EMAIL,
        **SAFETY_LINE,
        "quick_exit_url": QUICK_EXIT_URL,
    }
