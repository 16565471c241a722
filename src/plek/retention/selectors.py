"""Reads of the retention app (no personal data: periods and counts)."""

from __future__ import annotations

from plek.retention.models import RetentionRun


def latest_runs(count: int = 10) -> list[RetentionRun]:
    return list(RetentionRun.objects.order_by("-started_at", "-id")[:count])
