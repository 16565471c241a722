"""System clients authenticate with a JWT signed per client (HS256), as the ZGW APIs do.

The client sends ``Authorization: Bearer <jwt>`` with at least ``client_id`` and ``iat`` in the
payload, signed with its own secret. A token older than ``PLEK_API_TOKEN_MAX_AGE`` seconds, a
revoked client, a bad signature or a missing claim is a 401.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
from django.conf import settings
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from plek.access.exceptions import AccessDenied
from plek.accounts.context import Actor, actor_from_request
from plek.accounts.models import Membership, User
from plek.accounts.permissions import IsVerifiedUser
from plek.api.models import SystemClient

ALGORITHMS = ["HS256"]
# Clock difference between the client and us that we accept, in seconds.
LEEWAY = 30


def _refuse() -> AuthenticationFailed:
    # One message for every reason: a caller learns nothing about which clients exist.
    return AuthenticationFailed("Het token is ongeldig, verlopen of van een ingetrokken client.")


class ClientTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[User, SystemClient] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise _refuse()
        token = parts[1].decode("latin-1")
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as exc:
            raise _refuse() from exc
        client_id = unverified.get("client_id")
        if not isinstance(client_id, str):
            raise _refuse()
        client = (
            SystemClient.objects.select_related("service_user", "membership__organisation")
            .filter(client_id=client_id, revoked_at__isnull=True)
            .first()
        )
        if client is None or not client.service_user.is_active:
            raise _refuse()
        try:
            claims = jwt.decode(
                token,
                client.secret,
                algorithms=ALGORITHMS,
                options={"require": ["iat", "client_id"]},
                leeway=LEEWAY,
            )
        except jwt.PyJWTError as exc:
            raise _refuse() from exc
        issued = claims["iat"]
        if not isinstance(issued, (int, float)) or time.time() - issued > max_age() + LEEWAY:
            raise _refuse()
        return client.service_user, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="plek"'


def max_age() -> int:
    return int(getattr(settings, "PLEK_API_TOKEN_MAX_AGE", 3600))


def client_of(request: Request) -> SystemClient | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SystemClient) else None


def api_actor(request: Request) -> Actor:
    """Who acts: a system client in its own membership, else the logged-in professional."""
    client = client_of(request)
    if client is None:
        return actor_from_request(request)
    # The same rule as for a person: only an active, approved membership counts (a case-file
    # role waits for a second admin's approval; an ended one no longer opens anything).
    membership = Membership.objects.active().filter(pk=client.membership_id).first()
    if membership is None:
        raise AccessDenied(
            "Het lidmaatschap van deze systeemclient is (nog) niet actief: het wacht op "
            "goedkeuring door een tweede functioneel beheerder of is beëindigd."
        )
    django_request: Any = getattr(request, "_request", request)
    return Actor(
        user=client.service_user,
        membership=membership,
        request_id=getattr(django_request, "request_id", ""),
    )


class ScopedClientOrVerifiedUser(BasePermission):
    """A system client needs the view's scope for the method; a person the usual login checks."""

    message = "Deze client heeft geen scope voor deze bewerking."

    def has_permission(self, request: Request, view: Any) -> bool:
        client = client_of(request)
        if client is None:
            return IsVerifiedUser().has_permission(request, view)
        scope = view.required_scopes.get(request.method or "GET")
        return scope is not None and client.has_scope(scope)
