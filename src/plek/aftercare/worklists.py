"""Aftercare worklists on the start pages of the coach and the case lead.

Registered from ``AftercareConfig.ready`` through ``register()``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.aftercare import selectors
from plek.core import dates
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def checkins_due(actor: Actor) -> list[WorklistItem]:
    """Open check-ins, the late ones first (the selector orders by due date)."""
    today = dates.today()
    return [
        WorklistItem(
            label=str(checkin.track.person),
            href=reverse("aftercare:checkin", args=[checkin.pk]),
            detail=_("contactmoment"),
            due=checkin.due_on,
            overdue=checkin.due_on < today,
        )
        for checkin in selectors.checkins_due(actor)
    ]


def open_alerts(actor: Actor) -> list[WorklistItem]:
    """Unseen alerts, newest first, each linking to its track."""
    return [
        WorklistItem(
            label=f"{alert.kind_label}: {alert.track.person}",
            href=reverse("aftercare:track", args=[alert.track.pk]),
            detail=f"{date_format(alert.day, 'j F Y')} · {alert.text}",
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
                "day": date_format(proposal.stay.end_date, "j F Y")
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
            gettext_lazy("Contactmomenten die eraan komen"),
            (Role.WAAKVLAM,),
            checkins_due,
            gettext_lazy("Binnen 14 dagen, en wat al te laat is (bovenaan)"),
            order=10,
            more="aftercare:checkins",
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
            more="aftercare:alerts",
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
            more="aftercare:alerts",
        )
    )
