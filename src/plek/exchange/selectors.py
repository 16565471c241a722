"""Reads of import jobs, for the functional admin who runs imports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.exchange.models import ImportJob


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.BEHEER:
        raise PermissionDenied


def recent_jobs(actor: Actor, limit: int = 20) -> QuerySet[ImportJob]:
    _require_admin(actor)
    return ImportJob.objects.select_related("created_by")[:limit]


def job(actor: Actor, job_id: str) -> ImportJob:
    _require_admin(actor)
    return ImportJob.objects.select_related("created_by").get(pk=job_id)
