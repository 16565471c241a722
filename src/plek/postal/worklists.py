"""The postal-address team's worklists on its start page (sources for web.start_pages)."""

from __future__ import annotations

from django.urls import reverse

from plek.accounts.context import Actor
from plek.postal import selectors
from plek.web.components import WorklistItem


def _items(rows: list[selectors.WorkItem]) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=f"{row.application.person} · {row.application.external_id}",
            href=reverse("postal:detail", args=[row.application.pk]),
            detail=row.detail,
        )
        for row in rows
    ]


def open_applications(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.open_applications(actor))


def at_term(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.applications_at_term(actor))


def reviews_and_plans(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.reviews_and_plans_due(actor))
