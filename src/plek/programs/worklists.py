"""The policy officer's start-page lists (sources for web.start_pages): real programme data."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.programs import selectors
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist

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
    """Register both lists on the policy officer's start page."""
    register_worklist(
        WorklistSpec(
            "programs.milestones",
            _lazy("Acties met een mijlpaal dit kwartaal"),
            (Role.BELEID,),
            milestones_this_quarter,
            _lazy("Mijlpalen die dit kwartaal af moeten en nog niet bereikt zijn"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "programs.moments",
            _lazy("Rapportages in voorbereiding"),
            (Role.BELEID,),
            reports_in_preparation,
            _lazy("Rapportagemomenten die nog niet zijn vastgesteld"),
            order=20,
        )
    )
