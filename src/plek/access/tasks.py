"""Periodic work of the access app, run by `celery beat` (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from plek.access import chain


@shared_task(name="plek.access.anchor_log")
def anchor_log() -> str:
    """Write a signed checkpoint of the processing log outside the database."""
    return str(chain.anchor().path)
