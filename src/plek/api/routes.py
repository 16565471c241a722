"""Walk the URL configuration: which routes exist, under which path, with which parameters.

Used by the API root to list its endpoints and by the tests to call every one of them, so a new
endpoint is listed and checked without anyone editing a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.admindocs.views import simplify_regex
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    path: str  # as shown to people: /api/v1/things/{pk}/
    name: str | None  # reverse name, with namespaces: "people:person-detail"
    # parameter name -> converter kind ("int", "uuid", "str", "slug", "path" or "regex")
    params: dict[str, str] = field(default_factory=dict)


def _params(pattern: object) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        return {
            name: type(conv).__name__.removesuffix("Converter").lower()
            for name, conv in pattern.converters.items()
        }
    if isinstance(pattern, RegexPattern):
        return dict.fromkeys(pattern.regex.groupindex, "regex")
    return {}


def display_path(raw: str) -> str:
    return _ROUTE_PARAM.sub(r"{\1}", simplify_regex(raw))


def iter_routes(
    resolver: URLResolver | None = None,
    prefix: str = "",
    namespace: str = "",
    params: dict[str, str] | None = None,
) -> Iterator[Route]:
    """Every leaf route of the URL configuration, depth first, in resolution order."""
    resolver = resolver or get_resolver()
    inherited = params or {}
    for entry in resolver.url_patterns:
        raw = prefix + str(entry.pattern)
        here = {**inherited, **_params(entry.pattern)}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, raw, inner, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(path=display_path(raw), name=name, params=here)


def api_routes(prefix: str = "/api/") -> list[Route]:
    return [route for route in iter_routes() if route.path.startswith(prefix)]
