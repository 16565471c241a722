"""Single sign-on against a local OpenID Connect provider started by the test (fake_servers)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from plek.accounts.models import ConfigChange, User
from plek.integrations.models_sso import MatchClaim, OidcConfig, OidcIdentity
from tests.conftest import login_fully
from tests.factories import MembershipFactory
from tests.integrations.fake_servers import FakeOidcProvider

pytestmark = pytest.mark.django_db


def configure(provider: FakeOidcProvider, **overrides: object) -> OidcConfig:
    discovery = provider.discovery()
    values: dict[str, object] = {
        "enabled": True,
        "provider_name": "Testgemeente IdP",
        "issuer": discovery["issuer"],
        "authorization_endpoint": discovery["authorization_endpoint"],
        "token_endpoint": discovery["token_endpoint"],
        "userinfo_endpoint": discovery["userinfo_endpoint"],
        "jwks_endpoint": discovery["jwks_uri"],
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "provider_enforces_second_factor": True,
    }
    values.update(overrides)
    config, _ = OidcConfig.objects.update_or_create(pk=1, defaults=values)
    return config


def round_trip(client: Client) -> str:
    """Start at plek, let the provider approve, come back; return where plek sends us next."""
    start = client.get("/accounts/sso/")
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/accounts/sso/terug/"
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302
    return str(response["Location"])


def test_login_page_offers_the_provider_only_when_configured(provider: FakeOidcProvider) -> None:
    assert "Inloggen met" not in Client().get("/accounts/login/").content.decode()
    configure(provider)
    page = Client().get("/accounts/login/?next=/personen/zoeken/").content.decode()
    assert "Inloggen met Testgemeente IdP" in page
    assert 'href="/accounts/sso/?next=/personen/zoeken/"' in page


def test_existing_user_logs_in_and_lands_on_the_role_start_page(
    provider: FakeOidcProvider,
) -> None:
    membership = MembershipFactory(role="wijkteam", user__email=provider.email.upper())
    configure(provider)
    client = Client()
    next_url = round_trip(client)
    assert next_url.startswith("/accounts/tweede-factor/")
    home = client.get(next_url, follow=True)
    assert home.redirect_chain[-1][0] == "/"
    assert "Mijn werk in het wijkteam" in home.content.decode()
    assert int(client.session["_auth_user_id"]) == membership.user.pk
    identity = OidcIdentity.objects.get()
    assert (identity.user, identity.subject, identity.issuer) == (
        membership.user,
        provider.subject,
        provider.issuer,
    )
    # The code flow went through the provider's token, JWKS and userinfo endpoints.
    assert {"POST /token", "GET /jwks", "GET /userinfo"} <= set(provider.calls)


def test_plek_asks_its_own_second_factor_unless_the_provider_enforces_one(
    provider: FakeOidcProvider,
) -> None:
    MembershipFactory(role="wijkteam", user__email=provider.email)
    configure(provider, provider_enforces_second_factor=False)
    client = Client()
    round_trip(client)
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/tweede-factor/")


def test_after_the_first_login_the_subject_links_even_when_the_email_changes(
    provider: FakeOidcProvider,
) -> None:
    membership = MembershipFactory(role="regisseur", user__email=provider.email)
    configure(provider)
    round_trip(Client())
    provider.email = "nieuw-adres@gemeente.test"
    client = Client()
    round_trip(client)
    assert int(client.session["_auth_user_id"]) == membership.user.pk


@pytest.mark.parametrize("case", ["unknown", "inactive", "two_accounts", "unverified", "sub_only"])
def test_no_account_is_created_or_guessed(provider: FakeOidcProvider, case: str) -> None:
    if case == "inactive":
        MembershipFactory(user__email=provider.email, user__is_active=False)
    if case == "two_accounts":
        MembershipFactory(user__email=provider.email)
        MembershipFactory(user__email=provider.email)
    if case == "unverified":
        provider.email_verified = False
        MembershipFactory(user__email=provider.email)
    if case == "sub_only":
        MembershipFactory(user__email=provider.email)
    configure(provider, match_claim=MatchClaim.SUB if case == "sub_only" else MatchClaim.EMAIL)
    users_before = User.objects.count()
    client = Client()
    assert round_trip(client) == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == users_before
    assert not OidcIdentity.objects.exists()
    page = client.get("/accounts/login/").content.decode()
    assert "Inloggen via single sign-on is niet gelukt" in page


def test_a_token_for_another_client_or_issuer_is_refused(provider: FakeOidcProvider) -> None:
    MembershipFactory(user__email=provider.email)
    configure(provider, issuer="https://andere-idp.test")
    client = Client()
    assert round_trip(client) == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_switched_off_means_no_round_trip(provider: FakeOidcProvider) -> None:
    configure(provider, enabled=False)
    response = Client().get("/accounts/sso/")
    assert response["Location"] == "/accounts/login/"
    assert provider.calls == []


def test_password_login_still_reaches_the_second_factor(provider: FakeOidcProvider) -> None:
    membership = MembershipFactory(role="wijkteam")
    configure(provider)
    response = Client().post(
        "/accounts/login/",
        {"username": membership.user.username, "password": "correct-horse-battery-1"},
    )
    assert response["Location"].startswith("/accounts/tweede-factor/")


def test_functional_admin_configures_with_history_and_no_secret_shown(
    provider: FakeOidcProvider,
) -> None:
    admin = login_fully(Client(), MembershipFactory(role="beheer"))
    discovery = provider.discovery()
    form = {
        "enabled": "on",
        "provider_name": "Testgemeente IdP",
        "issuer": discovery["issuer"],
        "authorization_endpoint": discovery["authorization_endpoint"],
        "token_endpoint": discovery["token_endpoint"],
        "userinfo_endpoint": discovery["userinfo_endpoint"],
        "jwks_endpoint": discovery["jwks_uri"],
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "scopes": "openid email",
        "sign_algorithm": "RS256",
        "match_claim": "email",
    }
    assert admin.post("/beheer/single-sign-on/", form).status_code == 302
    config = OidcConfig.objects.get()
    assert config.ready and config.client_secret == provider.client_secret
    # Saved again without a secret: the stored one stays; a change of name is in the history.
    form.update({"client_secret": "", "provider_name": "Regio IdP"})
    assert admin.post("/beheer/single-sign-on/", form).status_code == 302
    assert OidcConfig.objects.get().client_secret == provider.client_secret
    changes = ConfigChange.objects.filter(area="sso")
    assert changes.filter(old_value="Testgemeente IdP", new_value="Regio IdP").exists()
    assert not changes.filter(new_value__contains=provider.client_secret).exists()
    page = admin.get("/beheer/single-sign-on/").content.decode()
    assert provider.client_secret not in page
    assert "http://testserver/accounts/sso/terug/" in page


def test_only_functional_admins_configure(provider: FakeOidcProvider) -> None:
    casework = login_fully(Client(), MembershipFactory(role="wijkteam"))
    assert casework.get("/beheer/single-sign-on/").status_code == 403


def test_switching_on_needs_the_endpoints() -> None:
    admin = login_fully(Client(), MembershipFactory(role="beheer"))
    response = admin.post(
        "/beheer/single-sign-on/",
        {"enabled": "on", "scopes": "email", "sign_algorithm": "RS256", "match_claim": "email"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Token endpoint: nodig om single sign-on aan te zetten." in page
    assert "Scopes: &#x27;openid&#x27; is nodig" in page
    assert not OidcConfig.objects.exists()
