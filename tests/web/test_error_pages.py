"""The 403, 404 and 500 pages with DEBUG off, in Dutch and in English."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from pytest_django.fixtures import Settings

from plek.accounts.roles import Role
from plek.web.views import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production_like(settings: Settings) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.error_urls"


@pytest.fixture
def user_client(client_as: Callable[..., Client]) -> Client:
    client = client_as(Role.WIJKTEAM)
    client.raise_request_exception = False
    return client


def test_404_in_dutch(user_client: Client) -> None:
    response = user_client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert 'lang="nl"' in html
    # The whole layout: this is a logged-in user's page like any other.
    assert 'aria-label="Hoofdmenu"' in html and "Uitloggen" in html


def test_404_in_english(user_client: Client) -> None:
    user_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = user_client.get("/bestaat-niet/").content.decode()
    assert "Page not found" in html
    assert 'lang="en"' in html


def test_403_without_a_way_out(user_client: Client) -> None:
    response = user_client.get("/test/geweigerd/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Geen toegang" in html
    assert "Toegang doorbreken" not in html


def test_403_offers_to_break_the_glass(user_client: Client) -> None:
    response = user_client.get("/test/doorbreekbaar/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'href="/toegang/doorbreken/1/"' in html
    assert "Toegang doorbreken" in html
    assert "vastgelegd" in html and "privacy officer beoordeelt" in html


def test_403_in_english(user_client: Client) -> None:
    user_client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    html = user_client.get("/test/doorbreekbaar/").content.decode()
    assert "Access denied" in html
    assert "Break the glass" in html


def test_500_page(user_client: Client) -> None:
    response = user_client.get("/test/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert response["X-Request-ID"] in html  # the reference to give the helpdesk
    assert "Uitloggen" not in html  # rendered bare: no user, no session


def test_500_page_renders_with_no_request_context_and_no_database(
    django_assert_num_queries: Callable[..., object],
) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):  # type: ignore[operator]
        response = server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
