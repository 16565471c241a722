"""Browser: from the login page, through the local identity provider, onto the role's start page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from plek.integrations.models_sso import OidcConfig
from tests.browser import axe_check
from tests.factories import MembershipFactory
from tests.integrations.fake_servers import FakeOidcProvider

pytestmark = pytest.mark.e2e


def test_single_sign_on_lands_on_the_start_page(
    page: Page, live_server: LiveServer, provider: FakeOidcProvider, transactional_db: None
) -> None:
    MembershipFactory(role="wijkteam", user__email=provider.email)
    discovery = provider.discovery()
    OidcConfig.objects.create(
        pk=1,
        enabled=True,
        provider_name="Testgemeente IdP",
        issuer=discovery["issuer"],
        authorization_endpoint=discovery["authorization_endpoint"],
        token_endpoint=discovery["token_endpoint"],
        userinfo_endpoint=discovery["userinfo_endpoint"],
        jwks_endpoint=discovery["jwks_uri"],
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        provider_enforces_second_factor=True,
    )

    page.goto("/accounts/login/")
    axe_check(page)
    page.get_by_role("link", name="Inloggen met Testgemeente IdP").click()

    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk in het wijkteam")
    axe_check(page)
    assert "GET /authorize" in provider.calls and "POST /token" in provider.calls
