"""Periodic work of the retention app, run by `celery beat` (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from plek.retention import services


@shared_task(name="plek.retention.run")
def run_retention() -> dict[str, object]:
    """Delete or anonymise what has passed its retention period; counts only, no personal data."""
    outcome = services.run()
    return {
        "run": outcome.run.pk,
        "kinds": outcome.run.counts,
        "log_rows_pruned": outcome.run.log_rows_pruned,
        "log_problems": len(outcome.log_problems),
    }
