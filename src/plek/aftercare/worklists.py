"""Aftercare worklists on the start pages of the coach and the case lead.

Registered from ``AftercareConfig.ready`` through ``register()``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.aftercare import selectors
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def checkins_due(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(checkin.track.person),
            href=reverse("aftercare:checkin", args=[checkin.pk]),
            detail=_("contactmoment gepland op %(day)s")
            % {"day": checkin.due_on.strftime("%d-%m-%Y")},
        )
        for checkin in selectors.checkins_due(actor)
    ]


def open_alerts(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=f"{alert.kind_label}: {alert.track.person}",
            href=reverse("aftercare:alerts"),
            detail=f"{alert.day.strftime('%d-%m-%Y')} · {alert.text}",
        )
        for alert in selectors.alert_inbox(
            actor, include_seen=False, limit=selectors.WORKLIST_LIMIT
        )
    ]


def proposals(actor: Actor) -> list[WorklistItem]:
    return [
        WorklistItem(
            label=str(proposal.stay.person),
            href=reverse("aftercare:start-from-stay", args=[proposal.stay.pk]),
            detail=_("uit %(facility)s naar %(destination)s op %(day)s")
            % {
                "facility": proposal.stay.facility.name,
                "destination": proposal.stay.get_exit_destination_display(),
                "day": proposal.stay.end_date.strftime("%d-%m-%Y")
                if proposal.stay.end_date
                else "",
            },
        )
        for proposal in selectors.proposals(actor)
    ]


def register() -> None:
    alerts = gettext_lazy("Rood, gemist contactmoment, nieuw signaal of terugval")
    register_worklist(
        WorklistSpec(
            "aftercare.checkins-due",
            gettext_lazy("Check-ins die eraan komen"),
            (Role.WAAKVLAM,),
            checkins_due,
            gettext_lazy("Binnen 14 dagen, en wat al te laat is"),
            order=10,
        )
    )
    register_worklist(
        WorklistSpec(
            "aftercare.alerts",
            gettext_lazy("Signaleringen"),
            (Role.WAAKVLAM,),
            open_alerts,
            alerts,
            20,
        )
    )
    register_worklist(
        WorklistSpec(
            "aftercare.proposals",
            gettext_lazy("Voorgestelde nazorgtrajecten"),
            (Role.REGISSEUR,),
            proposals,
            gettext_lazy("Uitgestroomd naar een woning, nog zonder nazorg"),
            order=60,
        )
    )
    register_worklist(
        WorklistSpec(
            "aftercare.alerts.case-lead",
            gettext_lazy("Signaleringen nazorg"),
            (Role.REGISSEUR,),
            open_alerts,
            alerts,
            order=70,
        )
    )
