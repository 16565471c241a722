"""Provider staff's worklists on the start page (registered from ``HousingConfig.ready``):
proposals to decide, running stays and departures still to register. Each is a fixed number of
queries and logs every person it shows (``plek.housing.selectors_stays``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing import selectors_stays
from plek.web.components import WorklistItem
from plek.web.worklists import WorklistSpec, register_worklist


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else "–"


def proposals(actor: Actor) -> list[WorklistItem]:
    today = dates.today()
    return [
        WorklistItem(
            label=str(row.person) if row.person else _("Kandidaat"),
            href=reverse("housing:proposal-detail", args=[row.proposal.pk]),
            detail=_("voorgesteld voor %(facility)s, eenheid %(unit)s")
            % {"facility": row.proposal.unit.facility.name, "unit": row.proposal.unit.code},
            due=row.proposal.available_on,
            overdue=row.proposal.available_on < today,
        )
        for row in selectors_stays.open_proposals(actor)
    ]


def _stay_item(row: selectors_stays.StayRow, detail: str) -> WorklistItem:
    return WorklistItem(
        label=str(row.person) if row.person else _("Bewoner"),
        href=reverse("housing:stay-detail", args=[row.stay.pk]),
        detail=detail,
        due=row.stay.expected_end_date,
        overdue=row.overdue,
    )


def running(actor: Actor) -> list[WorklistItem]:
    items = []
    for row in selectors_stays.running_stays_worklist(actor):
        stay = row.stay
        where = f"{stay.facility.name} · {stay.unit.code}" if stay.unit else stay.facility.name
        detail = _("%(where)s, sinds %(day)s") % {"where": where, "day": _day(stay.start_date)}
        if stay.unit_id is None:
            detail = f"{detail} · {_('nog geen eenheid toegewezen')}"
        items.append(_stay_item(row, detail))
    return items


def departures(actor: Actor) -> list[WorklistItem]:
    return [
        _stay_item(
            row,
            _("%(facility)s: verwacht vertrek %(day)s, nog niet geregistreerd")
            % {"facility": row.stay.facility.name, "day": _day(row.stay.expected_end_date)},
        )
        for row in selectors_stays.departures_worklist(actor)
    ]


def _stays_href(status: str) -> str:
    return f"{reverse('housing:stays')}?status={status}"


def register() -> None:
    register_worklist(
        WorklistSpec(
            "housing.proposals",
            gettext_lazy("Voorstellen voor plaatsing"),
            (Role.AANBIEDER,),
            proposals,
            gettext_lazy("Kandidaten voor uw eenheden: accepteren of afwijzen"),
            order=10,
            more=lambda: reverse("housing:proposals"),
        )
    )
    register_worklist(
        WorklistSpec(
            "housing.departures",
            gettext_lazy("Vertrek nog te registreren"),
            (Role.AANBIEDER,),
            departures,
            gettext_lazy("Verblijven voorbij de verwachte vertrekdatum; te late bovenaan"),
            order=20,
            more=lambda: _stays_href(selectors_stays.STATUS_DEPARTURE),
        )
    )
    register_worklist(
        WorklistSpec(
            "housing.running",
            gettext_lazy("Lopende verblijven"),
            (Role.AANBIEDER,),
            running,
            gettext_lazy("Zonder eenheid eerst, dan op verwacht vertrek"),
            order=30,
            more=lambda: _stays_href(selectors_stays.STATUS_RUNNING),
        )
    )
