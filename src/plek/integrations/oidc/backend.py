"""The authentication backend for single sign-on: mozilla-django-oidc's, configured per request
from the database, linking only existing, active plek accounts."""

from __future__ import annotations

from typing import Any

import requests
import structlog
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from plek.accounts.models import User
from plek.integrations.models_sso import MatchClaim, OidcConfig, OidcIdentity
from plek.integrations.oidc import config as oidc_config

logger = structlog.get_logger(__name__)


class PlekOidcBackend(OIDCAuthenticationBackend):
    """Code flow against the identity provider in ``OidcConfig``.

    Django builds a backend for every login attempt and for every request of a user who logged
    in through it, so nothing is read in ``__init__``; the row is read when a login arrives.
    """

    config: OidcConfig

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = User

    def get_settings(self, attr: str, *args: Any) -> Any:
        return oidc_config.setting(self.config, attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback of a login plek started brings a nonce; a password login does not.
        if request is None or "nonce" not in kwargs:
            return None
        self.config = oidc_config.current_config()
        if not self.config.ready:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = self.config.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = self.config.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = self.config.jwks_endpoint
        self.OIDC_RP_CLIENT_ID = self.config.client_id
        self.OIDC_RP_CLIENT_SECRET = oidc_config.client_secret(self.config)
        self.OIDC_RP_SIGN_ALGO = self.config.sign_algorithm
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            # A forged, stale or misdirected token, or a provider that cannot be reached: the
            # login fails like any other (the class of error only, for the operator).
            logger.warning("sso_login_refused", reason=type(exc).__name__)
            return None
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The signature and nonce (the library), then who issued it and for whom (plek)."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.config.client_id not in audiences:
            raise SuspiciousOperation("id_token voor een andere client")
        if self.config.issuer and payload.get("iss") != self.config.issuer:
            raise SuspiciousOperation("id_token van een andere issuer")
        if not payload.get("sub"):
            raise SuspiciousOperation("id_token zonder sub")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The id_token's claims, completed by the userinfo endpoint when there is one; the
        subject always comes from the signed id_token."""
        claims = dict(payload)
        if self.config.userinfo_endpoint:
            extra = super().get_userinfo(access_token, id_token, payload)
            if extra.get("sub") not in (None, payload["sub"]):
                raise SuspiciousOperation("userinfo over een ander sub")
            claims.update({key: value for key, value in extra.items() if key != "sub"})
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        """Link the provider's account to an existing, active plek account; never create one."""
        claims = self.get_userinfo(access_token, id_token, payload)
        issuer = str(payload.get("iss") or self.config.issuer)
        user = linked_user(self.config, issuer, claims)
        if user is None:
            logger.info("sso_login_refused", reason="no_linked_active_user")
        else:
            logger.info("sso_login_succeeded", user_id=user.pk)
        return user


def linked_user(config: OidcConfig, issuer: str, claims: dict[str, Any]) -> User | None:
    """The active account tied to (issuer, sub); or, when linking by e-mail is on, the one
    active account with the e-mail the provider vouches for (then tied for next time)."""
    subject = str(claims["sub"])
    with transaction.atomic():
        identity = (
            OidcIdentity.objects.select_related("user")
            .select_for_update()
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is not None:
            if not identity.user.is_active:
                return None
            identity.last_login_at = timezone.now()
            identity.save(update_fields=["last_login_at"])
            return identity.user
        email = str(claims.get("email") or "").strip()
        if config.match_claim != MatchClaim.EMAIL or not email:
            return None
        # A provider that says the address is not verified cannot vouch for it.
        if claims.get("email_verified") is False:
            return None
        candidates = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
        if len(candidates) != 1:
            return None
        user = candidates[0]
        if OidcIdentity.objects.filter(user=user, issuer=issuer).exists():
            # Already tied to another subject at this provider: not silently re-linked.
            return None
        OidcIdentity.objects.create(
            user=user, issuer=issuer, subject=subject, last_login_at=timezone.now()
        )
        return user
