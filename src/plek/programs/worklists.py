"""The policy officer's start-page lists (sources for web.start_pages): real programme data."""

from __future__ import annotations

import importlib
import importlib.util

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.programs import selectors
from plek.web.components import WorklistItem

LIMIT = 20


def milestones_this_quarter(actor: Actor) -> list[WorklistItem]:
    rows = selectors.milestones_due_this_quarter(timezone.localdate())[:LIMIT]
    return [
        WorklistItem(
            label=f"{row.action.number} {row.action.title}",
            href=reverse("programs:planning", args=[row.action.programme_id]),
            detail=_("%(milestone)s · gepland %(when)s · %(programme)s")
            % {
                "milestone": row.title,
                "when": row.planned_label,
                "programme": row.action.programme.name,
            },
        )
        for row in rows
    ]


def reports_in_preparation(actor: Actor) -> list[WorklistItem]:
    rows = selectors.moments_in_preparation()[:LIMIT]
    return [
        WorklistItem(
            label=f"{row.title} · {row.programme.name}",
            href=reverse("programs:moment", args=[row.pk]),
            detail=_("peildatum %(date)s") % {"date": date_format(row.reference_date)},
        )
        for row in rows
    ]


def register() -> None:
    """Register both lists with the start pages' registry (`plek.web.worklists`), where it
    exists; until then `plek.web.start_pages` names these sources itself."""
    if importlib.util.find_spec("plek.web.worklists") is None:
        return
    registry = importlib.import_module("plek.web.worklists")
    for order, (key, title, description, source) in enumerate(
        [
            (
                "programs.milestones",
                _lazy("Acties met een mijlpaal dit kwartaal"),
                _lazy("Mijlpalen die dit kwartaal af moeten en nog niet bereikt zijn"),
                milestones_this_quarter,
            ),
            (
                "programs.moments",
                _lazy("Rapportages in voorbereiding"),
                _lazy("Rapportagemomenten die nog niet zijn vastgesteld"),
                reports_in_preparation,
            ),
        ],
        start=1,
    ):
        registry.register_worklist(
            registry.WorklistSpec(key, title, (Role.BELEID,), source, description, order * 10)
        )
