"""Anonymous visitors reach no page but the login: every URL the resolver knows is walked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

pytestmark = pytest.mark.django_db

# Public on purpose: the login itself, the language switch, the health check, static files.
# The API answers 401/403 in JSON itself and has its own tests.
PUBLIC_PREFIXES = ("/accounts/login/", "/i18n/", "/health/", "/static/", "/api/")


def _sample(converter: object) -> object:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "x"


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, url) for every named pattern, arguments filled with sample values."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif pattern.name:
            converters = getattr(pattern.pattern, "converters", {})
            sample = {key: _sample(conv) for key, conv in converters.items()}
            name = namespace + pattern.name
            yield name, reverse(name, kwargs=sample or None)


def page_urls() -> list[tuple[str, str]]:
    return [
        (name, url)
        for name, url in walk(get_resolver().url_patterns)
        if not url.startswith(PUBLIC_PREFIXES)
    ]


def test_the_walk_finds_the_pages_we_know() -> None:
    names = {name for name, _url in page_urls()}
    expected = {"web:home", "beheer:user-list", "beheer:membership-update", "accounts:logout"}
    assert expected <= names
    assert "accounts:login" not in names


@pytest.mark.parametrize(("name", "url"), page_urls())
def test_anonymous_visitors_are_sent_to_login(client: Client, name: str, url: str) -> None:
    response = client.get(url)
    if response.status_code == 405:  # a form target (logout, switch): try it as a form would
        response = client.post(url)
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:login")), name


def test_login_page_itself_is_public(client: Client) -> None:
    assert client.get(reverse("accounts:login")).status_code == 200
