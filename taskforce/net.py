"""The client's address, as the portal's trusted reverse proxies report it.

Every rate limit and lockout (tips, receipt codes, sign-in) asks this one function. Issue 14 replaces the body
with the trusted-proxy chain (django-ipware); until then it answers REMOTE_ADDR.
"""

from __future__ import annotations


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""
