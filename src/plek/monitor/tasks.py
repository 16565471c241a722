from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from plek.accounts.models import Municipality
from plek.core.dates import today
from plek.core.leases import one_at_a_time
from plek.core.tasks import enqueue
from plek.monitor import precomputed
from plek.monitor.dashboard import build_dashboard
from plek.monitor.engine import Period

QUEUED = "plek.monitor.refresh.queued"
REFRESH_LOCK = 0x706C656B6D6F6E  # "plekmon"
# A queued dashboard computation is not queued again for this long: a national one took more than
# ten minutes on two busy cores; a worker killed mid-way frees it only when this runs out.
DASHBOARD_QUEUED_SECONDS = 1800


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


@shared_task(name="plek.monitor.dashboard")
def compute_dashboard(start: str, end: str, municipality: str | None) -> None:
    """Compute (and so store) every figure the dashboard shows for this period, as of today."""
    period = Period(
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), today(), municipality
    )
    try:
        build_dashboard(period)
    finally:
        cache.delete(_dashboard_key(period))


def _dashboard_key(period: Period) -> str:
    return f"plek.monitor.dashboard.queued:{period.start}:{period.end}:{period.municipality or ''}"


def queue_dashboard(period: Period) -> bool:
    """Queue the dashboard's figures once (a second ask while queued is the same job); False
    when the broker cannot be reached."""
    key = _dashboard_key(period)
    if not cache.add(key, True, timeout=DASHBOARD_QUEUED_SECONDS):
        return True
    arguments = (period.start.isoformat(), period.end.isoformat(), period.municipality)
    if enqueue(compute_dashboard, *arguments):
        return True
    cache.delete(key)
    return False


def computes_in_background() -> bool:
    """Whether a worker computes queued work (Redis configured), not the caller itself."""
    return not settings.CELERY_TASK_ALWAYS_EAGER
