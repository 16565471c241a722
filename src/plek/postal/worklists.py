"""The postal-address team's worklists on its start page (registered from its AppConfig)."""

from __future__ import annotations

from functools import partial

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.postal import selectors
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def _list_with(query: str) -> str:
    """The full list of applications, opened with this filter."""
    return f"{reverse('postal:list')}?{query}"


def _items(rows: list[selectors.WorkItem]) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=f"{row.application.person} · {row.application.external_id}",
            href=reverse("postal:detail", args=[row.application.pk]),
            detail=row.detail,
            due=row.due,
            overdue=row.overdue,
        )
        for row in rows
    ]


def open_applications(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.open_applications(actor))


def at_term(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.applications_at_term(actor))


def reviews_and_plans(actor: Actor) -> list[WorklistItem]:
    return _items(selectors.reviews_and_plans_due(actor))


def register() -> None:
    for order, (key, title, description, source, query) in enumerate(
        [
            (
                "postal.open",
                _("Aanvragen om te beoordelen"),
                _("Open aanvragen met hun beslistermijn; oudste eerst"),
                open_applications,
                "status=open",
            ),
            (
                "postal.at-term",
                _("Besluiten die over de termijn dreigen te gaan"),
                _("Over de termijn of binnen 14 dagen"),
                at_term,
                "status=termijn",
            ),
            (
                "postal.reviews",
                _("Herbeoordelingen"),
                _("Herbeoordeling binnenkort of te laat, of plan ontbreekt; te laat bovenaan"),
                reviews_and_plans,
                "status=lopend",
            ),
        ],
        start=1,
    ):
        register_worklist(
            WorklistSpec(
                key,
                title,
                (Role.BRIEFADRES,),
                source,
                description,
                order * 10,
                more=partial(_list_with, query),
            )
        )
