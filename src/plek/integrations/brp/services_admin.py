"""Saving the BRP settings: one transaction with their history (area ``brp``)."""

from __future__ import annotations

from django.db import transaction

from plek.accounts import config_history
from plek.accounts.context import Actor
from plek.integrations.brp.forms import FIELDS, BrpConfigForm
from plek.integrations.models_brp import BrpConfig

HISTORY_AREA = "brp"


def _snapshot(config: BrpConfig) -> dict[str, str]:
    values = config_history.snapshot(config, FIELDS)
    values["api_key"] = "••••••" if config.api_key else ""
    return values


def save_config(actor: Actor, form: BrpConfigForm) -> BrpConfig:
    with transaction.atomic():
        stored = BrpConfig.objects.select_for_update().filter(pk=1).first()
        before = _snapshot(stored) if stored else {}
        old_key = stored.api_key if stored else ""
        config = form.save(commit=False)
        config.pk = 1
        config.save()
        after = _snapshot(config)
        if config.api_key and config.api_key != old_key:
            after["api_key"] = "•••••• (nieuw)"
        config_history.record(
            actor,
            HISTORY_AREA,
            config,
            before,
            after,
            config_history.field_labels(BrpConfig, FIELDS),
            key="brp",
        )
    return config
