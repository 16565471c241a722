from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from plek.accounts.models import Municipality
from plek.monitor import precomputed

QUEUED = "plek.monitor.refresh.queued"


@shared_task(name="plek.monitor.refresh")
def refresh_monitor() -> int:
    """Recompute the stale figures of the precomputed monitor (months × municipalities)."""
    cache.delete(QUEUED)
    codes: list[str | None] = [None, *Municipality.objects.values_list("code", flat=True)]
    return precomputed.refresh(timezone.localdate(), settings.MONITOR_PRECOMPUTE_MONTHS, codes)


def queue_refresh() -> None:
    """Queue one refresh for now and the changes that follow it in the next half minute."""
    if cache.add(QUEUED, True, timeout=300):
        refresh_monitor.apply_async(countdown=30)
