"""The pages the reverse proxy serves itself when a request never reaches the portal, or the portal cannot answer
(deploy/nginx/portal.conf, `error_page`): a request nginx cannot read, a path nginx refuses, a body over its limit,
the application down, the application too slow.

They are rendered from one template (templates/errors/proxy.html), in every language of the portal, with the 911 line
and the national hotline worded as on every other page, by a staticfiles finder (STATICFILES_FINDERS):
`collectstatic` writes them into STATIC_ROOT/errors/<status>.html like any static file, and the development server
serves them under /static/errors/. Nothing is typed twice and nothing built is committed. Their JSON twins for
/api/ (static/errors/<status>.json) are plain files.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .context_processors import SAFETY_LINE

PAGES = {
    400: {
        "title": _("Something in that request could not be understood"),
        "advice": _("The address or a value sent with it could not be read. Please check it and try again."),
    },
    404: {
        "title": _("We could not find that page"),
        "advice": _("It may have moved, or the address may be mistyped."),
    },
    413: {
        "title": _("What you sent is too large"),
        "advice": _(
            "Nothing was saved. Go back with your browser's Back button (it usually keeps what you typed), attach "
            "fewer or smaller files, or none, and send it again."
        ),
    },
    # 503 too (the application refused the connection or is being restarted): one page for both.
    502: {
        "title": _("The portal is not available right now"),
        "advice": _("Please try again in a few minutes."),
    },
    504: {
        "title": _("The portal took too long to answer"),
        "advice": _("Nothing may have been saved. Please try again in a few minutes."),
    },
}


def page_name(status: int) -> str:
    return f"errors/{status}.html"


def render_page(status: int) -> str:
    return render_to_string(
        "errors/proxy.html",
        {
            "page": PAGES[status],
            "languages": [code for code, _name in settings.LANGUAGES],
            **SAFETY_LINE,
        },
    )


class ProxyErrorPagesFinder(BaseFinder):
    """Finds errors/<status>.html, rendered once per process into a temporary folder removed at exit."""

    @cached_property
    def _root(self) -> Path:
        root = Path(tempfile.mkdtemp(prefix="portal-error-pages-"))
        atexit.register(shutil.rmtree, root, True)
        (root / "errors").mkdir()
        for status in PAGES:
            (root / page_name(status)).write_text(render_page(status), encoding="utf-8")
        return root

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)  # Django 5.2 still passes `all` from older callers
        names = {page_name(status) for status in PAGES}
        if path not in names:
            return []  # as Django's own finders answer "not here"
        found = str(self._root / path)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=self._root)
        for status in PAGES:
            yield page_name(status), storage
