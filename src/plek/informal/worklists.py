"""Worklists of informal care on the start pages (sources for ``plek.web.start_pages``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.informal import selectors
from plek.informal.models import RequestStatus
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist

WORKLIST_SIZE = 10


def new_requests(actor: Actor) -> list[WorklistItem]:
    """Open help requests: new ones first, then urgent, then oldest (summaries only)."""
    if actor.role != Role.VRIJWILLIGERS:
        return []
    return [
        WorklistItem(
            label=f"{row.first_name}, {row.area}",
            href=reverse("informal:request", args=[row.pk]),
            detail=_("%(status)s · %(kind)s · ontvangen %(day)s")
            % {
                "status": row.get_status_display(),
                "kind": row.skill.name,
                "day": date_format(row.received_on),
            },
        )
        for row in selectors.request_inbox(actor, "open", limit=WORKLIST_SIZE)
        if row.status in (RequestStatus.NIEUW, RequestStatus.IN_BEHANDELING)
    ]


def follow_ups(actor: Actor) -> list[WorklistItem]:
    if actor.role != Role.VRIJWILLIGERS:
        return []
    return [
        WorklistItem(
            label=f"{match.volunteer.first_name} ↔ {match.request.first_name}, "
            f"{match.request.area}",
            href=reverse("informal:request", args=[match.request_id]),
            detail=_("nazorggesprek gepland op %(day)s")
            % {"day": date_format(match.follow_up_on) if match.follow_up_on else ""},
        )
        for match in selectors.follow_ups_due(actor)[:WORKLIST_SIZE]
    ]


def carers(actor: Actor) -> list[WorklistItem]:
    """Carers of the actor's team (casework), newest first."""
    return [
        WorklistItem(
            label=str(carer),
            href=reverse("informal:carer", args=[carer.pk]),
            detail=_("geregistreerd op %(day)s") % {"day": date_format(carer.registered_on)},
        )
        for carer in selectors.team_carers(actor, limit=WORKLIST_SIZE)
    ]


def register() -> None:
    register_worklist(
        WorklistSpec(
            "informal.carers",
            gettext_lazy("Mantelzorgers"),
            (Role.WIJKTEAM,),
            carers,
            gettext_lazy("Van uw team, nieuwste eerst"),
            order=60,
        )
    )
    register_worklist(
        WorklistSpec(
            "informal.new-requests",
            gettext_lazy("Open hulpvragen"),
            (Role.VRIJWILLIGERS,),
            new_requests,
            gettext_lazy("Nieuwe eerst, dan de urgentste"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "informal.follow-ups",
            gettext_lazy("Nazorggesprekken"),
            (Role.VRIJWILLIGERS,),
            follow_ups,
            gettext_lazy("Binnen 14 dagen, en wat al te laat is"),
            order=20,
        )
    )
