"""The top of the dossier for placement: where the person stays now and their respite booking
(``DossierStatus``), and the buttons to book respite, place, transfer or end a stay
(``DossierAction``). Two queries for the status, one per action check."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import dates
from plek.housing import selectors_stays
from plek.housing.choices import Category
from plek.housing.models import Stay
from plek.housing.selectors import stay_or_respite_presence, stay_presence
from plek.housing.services.common import RESPITE_EXTENSION_ROLES
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    StatusLine,
    register_dossier_action,
    register_dossier_status,
)
from plek.people.models import Person

PLACEMENT = gettext_lazy("Wonen en opvang")


def _day(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else "–"


def _current_stay(person: Person) -> Stay | None:
    # The status line, three action checks and the section share one read of the stays.
    return selectors_stays.current_stay(person)


def status_lines(actor: Actor, person: Person) -> Iterable[StatusLine]:
    today = dates.today()
    lines = []
    stay = _current_stay(person)
    if stay is not None:
        where = f"{stay.facility.name} · {stay.unit.code}" if stay.unit else stay.facility.name
        text = _("Verblijft in %(where)s sinds %(day)s") % {
            "where": where,
            "day": _day(stay.start_date),
        }
        overdue = stay.expected_end_date is not None and stay.expected_end_date < today
        if stay.expected_end_date:
            text = f"{text}; " + _("verwacht vertrek %(day)s") % {
                "day": _day(stay.expected_end_date)
            }
        lines.append(
            StatusLine(
                text,
                reverse("housing:stay-detail", args=[stay.pk]),
                due=stay.expected_end_date,
                alert=overdue,
            )
        )
    booking = selectors_stays.next_respite(person)
    if booking is not None:
        lines.append(
            StatusLine(
                _("Terugvalplek %(unit)s van %(first)s tot %(last)s")
                % {
                    "unit": booking.unit,
                    "first": _day(booking.start_date),
                    "last": _day(booking.end_date),
                },
                reverse("housing:respite-extend", args=[booking.pk])
                if actor.role in RESPITE_EXTENSION_ROLES
                else reverse("housing:respite"),
                due=booking.end_date,
            )
        )
    return lines


def _no_stay_elsewhere(actor: Actor, person: Person) -> bool:
    """Respite is for someone living in their own home (Housing First counts as home)."""
    stay = _current_stay(person)
    return stay is None or stay.facility.category == Category.HF


def _is_provider(actor: Actor) -> bool:
    return actor.role == Role.AANBIEDER


def _own_running_stay(actor: Actor, person: Person) -> Stay | None:
    stay = _current_stay(person)
    if stay is not None and stay.facility.provider_id == actor.organisation_id:
        return stay
    return None


def _stay_url(person: Person) -> str:
    stay = _current_stay(person)
    return reverse("housing:stay-detail", args=[stay.pk]) if stay else ""


def register() -> None:
    register_dossier_status(
        DossierStatus(
            key="housing.stay",
            title=PLACEMENT,
            lines=status_lines,
            kind=DataKind.PLACEMENT,
            order=50,
            present=stay_or_respite_presence,
        )
    )
    register_dossier_action(
        DossierAction(
            key="housing.respite-book",
            label=gettext_lazy("Terugvalplek boeken"),
            url=lambda person: reverse("housing:respite-book", args=[person.pk]),
            action=Action.CREATE,
            kind=DataKind.PLACEMENT,
            group=PLACEMENT,
            order=520,
            available=_no_stay_elsewhere,
            present=stay_presence,
            if_absent=True,
        )
    )
    register_dossier_action(
        DossierAction(
            key="housing.place",
            label=gettext_lazy("Plaatsen in een voorziening"),
            url=lambda person: reverse("housing:place", args=[person.pk]),
            action=Action.CREATE,
            kind=DataKind.PLACEMENT,
            group=PLACEMENT,
            order=530,
            allowed_for=_is_provider,
            available=lambda actor, person: _current_stay(person) is None,
            present=stay_presence,
            if_absent=True,
        )
    )
    register_dossier_action(
        DossierAction(
            key="housing.stay-change",
            label=gettext_lazy("Overplaatsen of verblijf beëindigen"),
            url=_stay_url,
            action=Action.CHANGE,
            kind=DataKind.PLACEMENT,
            group=PLACEMENT,
            order=540,
            allowed_for=_is_provider,
            available=lambda actor, person: _own_running_stay(actor, person) is not None,
            present=stay_presence,
        )
    )
