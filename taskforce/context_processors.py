from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import gettext_lazy as _

NATIONAL_HOTLINE = "1-833-900-1010"
QUICK_EXIT_URL = "https://weather.gc.ca/"

# The public areas, in menu order. An area whose app has no such page yet is left out.
NAV = [
    ("actionplan:index", _("Action plan")),
    ("tips:report", _("Report a tip")),
    ("tips:hotlines", _("Hotlines")),
    ("training:catalogue", _("Training")),
    ("publications:registry_list", _("Business registry")),
    ("publications:publication_list", _("Publications")),
    ("firstcontact:assess", _("Assessment tool")),
    ("firstcontact:rights", _("Know your rights")),
]


def _nav_items(path: str) -> list[dict]:
    items = []
    for name, label in NAV:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": path.startswith(url)})
    return items


def portal(request):
    """Menu, language links that keep the reader on the same page (no cookie), and the safety constants."""
    path = request.get_full_path()
    return {
        "nav_items": _nav_items(request.path),
        "language_links": [{"code": code, "url": translate_url(path, code)} for code, _name in settings.LANGUAGES],
        "national_hotline": NATIONAL_HOTLINE,
        "quick_exit_url": QUICK_EXIT_URL,
    }
