"""The client's address, as the portal's trusted reverse proxies report it.

Every rate limit and lockout (tips, receipt codes, sign-in) asks this one function.

- The TCP peer (REMOTE_ADDR) is the client unless it is one of settings.TRUSTED_PROXIES (addresses or
  networks). An `X-Forwarded-For` from anyone else is ignored: anybody can write one.
- Behind the trusted proxies, the client is the entry that the outermost of our TRUSTED_PROXY_HOPS proxies
  appended, counted from the right: nginx's `$proxy_add_x_forwarded_for` appends the peer it saw at the end, so
  whatever the client wrote itself stays on the left, where it is never read. django-ipware parses the chain
  (IPv6, ports, junk) and picks that position.
- If the chain is shorter than it should be, or passes through a hop that is not one of ours, the last address a
  trusted proxy vouched for is used: never one the client chose.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from ipware import get_client_ip


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def _forwarded(request) -> list[str]:
    raw = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in raw.split(",") if part.strip()]


def client_ip(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "") or ""
    if not _trusted(peer):
        return peer
    hops = max(int(settings.TRUSTED_PROXY_HOPS), 1)
    chain = _forwarded(request)
    vouched = peer  # the last address one of our proxies vouched for
    for depth in range(1, hops):  # the proxies between the outermost one and us: each must be one of ours
        if len(chain) < depth:
            return vouched
        vouched = chain[-depth]
        if not _trusted(vouched):
            return vouched
    if len(chain) < hops:
        return vouched
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=hops - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,
    )
    return ip or vouched
