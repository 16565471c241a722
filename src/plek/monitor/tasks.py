from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from plek.accounts.models import Municipality
from plek.core.dates import today
from plek.core.leases import one_at_a_time
from plek.core.tasks import enqueue
from plek.monitor import precomputed

QUEUED = "plek.monitor.refresh.queued"
REFRESH_LOCK = 0x706C656B6D6F6E  # "plekmon"


@shared_task(name="plek.monitor.refresh")
def refresh_monitor() -> int:
    """Recompute the stale figures of the precomputed monitor (months × municipalities).

    Nothing here can be left "running": each figure is stored as it is computed, so a worker
    killed halfway leaves the rest stale, which the next refresh, or the page that asks for
    them, recomputes. Two workers refresh one after the other, not both at once.
    """
    cache.delete(QUEUED)
    codes: list[str | None] = [None, *Municipality.objects.values_list("code", flat=True)]
    with one_at_a_time(REFRESH_LOCK):
        return precomputed.refresh(today(), settings.MONITOR_PRECOMPUTE_MONTHS, codes)


def queue_refresh() -> None:
    """Queue one refresh for now and the changes that follow it in the next half minute."""
    if cache.add(QUEUED, True, timeout=300) and not enqueue(refresh_monitor, countdown=30):
        # The broker is away: stale figures are recomputed when a page asks for them, and the
        # next change may queue a refresh again.
        cache.delete(QUEUED)
