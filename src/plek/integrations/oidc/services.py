"""Saving the single sign-on settings: one transaction with their history."""

from __future__ import annotations

from django.db import transaction

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.integrations.models_sso import OidcConfig
from plek.integrations.oidc.forms import FIELDS, OidcConfigForm

HISTORY_AREA = "sso"
SECRET_FIELDS = frozenset({"client_secret"})


def _snapshot(config: OidcConfig) -> dict[str, str]:
    values = config_history.snapshot(config, FIELDS)
    # The history says that a secret changed, never what it is.
    for name in SECRET_FIELDS:
        values[name] = "••••••" if getattr(config, name) else ""
    return values


def save_config(actor: Actor, form: OidcConfigForm) -> OidcConfig:
    with transaction.atomic():
        stored = OidcConfig.objects.select_for_update().filter(pk=1).first()
        before = _snapshot(stored) if stored else {}
        old_secret = stored.client_secret if stored else ""
        config = form.save(commit=False)
        config.pk = 1
        config.save()
        after = _snapshot(config)
        if config.client_secret != old_secret and config.client_secret:
            after["client_secret"] = "•••••• (nieuw)"  # noqa: S105 (a mask, not a secret)
        config_history.record(
            actor,
            HISTORY_AREA,
            config,
            before,
            after,
            config_history.field_labels(OidcConfig, FIELDS),
            key="oidc",
        )
    return config
