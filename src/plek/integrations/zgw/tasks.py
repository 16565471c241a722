"""Celery tasks of the ZGW adapter: one attempt per registration, and the sweep for retries."""

from __future__ import annotations

from celery import shared_task

from plek.integrations.zgw import services


@shared_task(name="plek.integrations.zgw_register")
def register_zaak(registration_id: int) -> str:
    return str(services.register(registration_id).state)


@shared_task(name="plek.integrations.zgw_retry_due")
def retry_due() -> int:
    """Every waiting registration whose next attempt has come (run by celery beat)."""
    ids = services.due_registration_ids()
    for registration_id in ids:
        register_zaak.delay(registration_id)
    return len(ids)
