"""Aftercare worklists on the start pages of the coach and the case lead."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from plek.accounts.context import Actor
from plek.aftercare import selectors
from plek.web.components import WorklistItem


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
