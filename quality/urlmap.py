"""Every URL pattern of the portal, read from the URL configuration, so that a new page cannot be missed.

`routes()` walks `get_resolver()` recursively (into `i18n_patterns`, app includes, the API and the admin) and
returns one `Route` per pattern. `concrete_paths(route, samples, language)` turns a route into the paths to
request, with parameter values from `quality.samples`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, e.g. "actionplan:item"; "" when the pattern has none
    pattern: str  # the pattern as written, prefixes included (language prefix shown as "<lang>/")
    params: tuple[str, ...]
    localized: bool  # inside i18n_patterns: served at /en/... and /fr/...
    defaults: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def area(self) -> str:
        if self.pattern.startswith("admin/"):
            return "admin"
        if self.pattern.startswith("api/"):
            return "api"
        return "pages" if self.localized else "other"

    @property
    def is_admin(self) -> bool:
        return self.area == "admin"

    @property
    def is_api(self) -> bool:
        return self.area == "api"

    def __str__(self) -> str:
        return self.name or self.pattern


def _params(pattern) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):
        return tuple(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return tuple(pattern.regex.groupindex)
    return ()


def _walk(resolver: URLResolver, prefix: str, namespace: str, localized: bool) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            is_locale = isinstance(entry.pattern, LocalePrefixPattern)
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            part = "<lang>/" if is_locale else str(entry.pattern)
            inner = _walk(entry, prefix + part, ns, localized or is_locale)
            for route in inner:
                yield Route(
                    name=route.name,
                    pattern=route.pattern,
                    params=_params(entry.pattern) + route.params,
                    localized=route.localized,
                    defaults=route.defaults,
                )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield Route(
                name=name,
                pattern=prefix + str(entry.pattern).lstrip("^").rstrip("$"),
                params=_params(entry.pattern),
                localized=localized,
                defaults=dict(entry.default_args),
            )


def routes() -> list[Route]:
    """Every pattern of the root URL configuration, in the order Django tries them."""
    return list(_walk(get_resolver(), "", "", False))


def portal_routes() -> list[Route]:
    """The portal's own patterns: everything except Django's admin site (covered on its own, by model)."""
    return [r for r in routes() if not r.is_admin]


def path_for(route: Route, kwargs: dict, language: str = "en") -> str:
    if not route.name:
        raise LookupError(f"URL pattern {route.pattern!r} has no name, so it cannot be reversed")
    with translation.override(language):
        return reverse(route.name, kwargs=kwargs or None)


def concrete_paths(route: Route, samples: dict[str, list[dict]], language: str = "en") -> list[str]:
    """The paths to request for this route: one per sample (or the route itself when it has no parameters)."""
    if not route.params:
        return [path_for(route, {}, language)]
    return [path_for(route, kwargs, language) for kwargs in samples.get(route.name, [])]
