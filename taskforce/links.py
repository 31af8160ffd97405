"""Absolute links, for whatever leaves the page: mails, feeds of data (CSV, JSON, API), certificates, citations.

They always start from settings.SITE_URL, the portal's public address, never from the Host header of the
request at hand: a link printed on a certificate or sent by mail must be the same whoever asked for it."""

from django.conf import settings
from django.urls import reverse


def id_url_parts(name: str) -> tuple[str, str]:
    """A URL that takes one id, reversed once for a whole list: what comes before the id and what after it, so
    that a link on every row is `f"{before}{id}{after}"` and costs no reversal (a list's cost is its rows)."""
    marker = 2**31 - 1
    before, after = reverse(name, args=[marker]).split(str(marker))
    return before, after


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    """`absolute_url("/en/tips/")`, `absolute_url("tips:follow_up")`, `absolute_url("publications:registry_entry",
    public_id)`. An address that is already absolute (an external link) is returned as it is."""
    if path_or_name.startswith(("https://", "http://")):
        return path_or_name
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args, kwargs=kwargs or None)
    return f"{settings.SITE_URL}{path}"
