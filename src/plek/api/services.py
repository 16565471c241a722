"""Creating, scoping and revoking system clients: the functional admin's work, with history.

The client's service user and membership are made through the accounts services, so the same
rules hold as for a person: a membership in a case-file role waits for a second admin's approval
(four eyes) before the policy lets the client read any person. Every change is a row in the
configuration history (``ConfigChange``, area ``api``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.accounts import config_history
from plek.accounts import services as account_services
from plek.accounts.context import Actor
from plek.accounts.models import Membership, Organisation, User
from plek.accounts.roles import Role
from plek.api.models import SystemClient
from plek.api.scopes import SCOPE_CODES

AREA = "api"
SERVICE_USER_PREFIX = "systeem-"
HISTORY_FIELDS = ("name", "organisation", "role", "scopes", "revoked_at")


def _require_functional_admin(actor: Actor) -> None:
    if actor.role != Role.BEHEER:
        raise PermissionDenied


def _checked_scopes(scopes: Iterable[str]) -> list[str]:
    chosen = sorted(set(scopes))
    unknown = [code for code in chosen if code not in SCOPE_CODES]
    if unknown:
        raise ValidationError({"scopes": _("Scopes: onbekend: %s.") % ", ".join(unknown)})
    return chosen


def _labels() -> dict[str, object]:
    return {
        name: getattr(SystemClient._meta.get_field(name), "verbose_name", name)
        for name in HISTORY_FIELDS
    }


def create_client(
    actor: Actor,
    *,
    name: str,
    client_id: str,
    organisation: Organisation,
    role: str,
    scopes: Iterable[str],
) -> tuple[SystemClient, str]:
    """A new client with a fresh secret; returns the secret, which is never shown again."""
    _require_functional_admin(actor)
    chosen = _checked_scopes(scopes)
    if SystemClient.objects.filter(client_id=client_id).exists():
        raise ValidationError({"client_id": _("Client-id: deze is al in gebruik.")})
    secret = secrets.token_urlsafe(48)
    with transaction.atomic():
        user = User(username=f"{SERVICE_USER_PREFIX}{client_id}", first_name=name[:150])
        # A service user never logs in on the pages: it only acts through signed API calls.
        user.set_unusable_password()
        account_services.save_user(actor, user)
        membership = account_services.save_membership(
            actor,
            Membership(
                user=user, organisation=organisation, role=role, start_date=timezone.localdate()
            ),
        )
        client = SystemClient.objects.create(
            name=name,
            client_id=client_id,
            secret=secret,
            organisation=organisation,
            role=role,
            service_user=user,
            membership=membership,
            scopes=chosen,
        )
        after = config_history.snapshot(client, HISTORY_FIELDS)
        before = dict.fromkeys(HISTORY_FIELDS, "")
        config_history.record(actor, AREA, client, before, after, _labels(), key=client.client_id)
    return client, secret


def set_scopes(actor: Actor, client_id: int, scopes: Iterable[str]) -> SystemClient:
    _require_functional_admin(actor)
    chosen = _checked_scopes(scopes)
    with transaction.atomic():
        client = SystemClient.objects.select_for_update().get(pk=client_id)
        before = config_history.snapshot(client, HISTORY_FIELDS)
        client.scopes = chosen
        client.save(update_fields=["scopes"])
        after = config_history.snapshot(client, HISTORY_FIELDS)
        config_history.record(actor, AREA, client, before, after, _labels(), key=client.client_id)
    return client


def revoke_client(actor: Actor, client_id: int) -> SystemClient:
    """Revoke at once: the next call with any token of this client is refused (401)."""
    _require_functional_admin(actor)
    with transaction.atomic():
        client = SystemClient.objects.select_for_update().get(pk=client_id)
        if client.revoked_at is not None:
            raise ValidationError(_("Deze client is al ingetrokken."))
        before = config_history.snapshot(client, HISTORY_FIELDS)
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        account_services.set_user_active(actor, client.service_user, False)
        after = config_history.snapshot(client, HISTORY_FIELDS)
        config_history.record(actor, AREA, client, before, after, _labels(), key=client.client_id)
    return client
