"""Every route under /api/ refuses anonymous callers: found by walking the URL resolver, so an
endpoint added later is covered without touching this file."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from plek.api.routes import Route, api_routes

SAMPLES = {
    "int": ["1"],
    "uuid": [str(uuid.UUID(int=1))],
    "regex": ["1", str(uuid.UUID(int=1)), "x"],
}
DEFAULT_SAMPLES = ["1", "x", str(uuid.UUID(int=1))]


def concrete_url(route: Route) -> str:
    """Fill every parameter with a value its converter accepts, checked by resolving."""
    url = route.path
    for name, kind in route.params.items():
        for value in SAMPLES.get(kind, DEFAULT_SAMPLES):
            candidate = url.replace("{" + name + "}", value)
            if "{" in candidate or _resolves(candidate):
                url = candidate
                break
        else:
            pytest.fail(f"no sample value for {{{name}}} ({kind}) in {route.path}")
    assert _resolves(url), f"{url} does not resolve"
    return url


def _resolves(url: str) -> bool:
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


ROUTES = api_routes("/api/")


def test_the_api_has_routes() -> None:
    # Guards the parametrisation below against silently finding nothing.
    paths = {route.path for route in ROUTES}
    assert {"/api/v1/", "/api/v1/schema/", "/api/v1/docs/"} <= paths


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.path for r in ROUTES])
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_anonymous_caller_is_refused(route: Route, method: str) -> None:
    # No CSRF enforcement: the refusal must come from authentication, not from a missing token.
    client = Client()
    url = concrete_url(route)
    response = getattr(client, method)(url)
    assert response.status_code in (401, 403), f"{method.upper()} {url}: {response.status_code}"
    # A refusal says nothing about the data behind it.
    assert not re.search(rb"\b9999\d{5}\b", response.content)
