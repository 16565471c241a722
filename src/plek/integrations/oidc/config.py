"""The identity provider's configuration as mozilla-django-oidc asks for it, read per request.

mozilla-django-oidc reads its settings from Django's settings module; plek keeps them in the
database (``OidcConfig``, edited by functional admins), so the backend and views below answer
the library's ``get_settings`` from that row instead. Settings the row does not hold fall back
to Django's settings, then to plek's defaults here.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

from plek.integrations.models_sso import OidcConfig

# What plek fixes whatever the row says: no accounts are created (only existing, active users
# are linked), PKCE and a nonce on every login, and the tokens are not kept in the session.
FIXED: dict[str, Any] = {
    "OIDC_CREATE_USER": False,
    "OIDC_USE_PKCE": True,
    "OIDC_USE_NONCE": True,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc:callback",
}
DEFAULTS: dict[str, Any] = {"OIDC_TIMEOUT": 10, "OIDC_VERIFY_SSL": True}


def current_config() -> OidcConfig:
    """The stored row, or an unsaved one that is switched off."""
    return OidcConfig.objects.filter(pk=1).first() or OidcConfig(pk=1)


def client_secret(config: OidcConfig) -> str:
    return os.environ.get("PLEK_OIDC_CLIENT_SECRET") or config.client_secret


def setting(config: OidcConfig, name: str, *default: Any) -> Any:
    """One setting in mozilla-django-oidc's name, from the row."""
    from_row = {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": config.authorization_endpoint,
        "OIDC_OP_TOKEN_ENDPOINT": config.token_endpoint,
        "OIDC_OP_USER_ENDPOINT": config.userinfo_endpoint,
        "OIDC_OP_JWKS_ENDPOINT": config.jwks_endpoint,
        "OIDC_RP_CLIENT_ID": config.client_id,
        "OIDC_RP_CLIENT_SECRET": client_secret(config),
        "OIDC_RP_SIGN_ALGO": config.sign_algorithm,
        "OIDC_RP_SCOPES": config.scopes,
    }
    if name in FIXED:
        return FIXED[name]
    if name in from_row:
        return from_row[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    if name in DEFAULTS:
        return DEFAULTS[name]
    if default:
        return default[0]
    return None
