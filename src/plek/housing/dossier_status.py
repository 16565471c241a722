"""Where the person stands on the waiting lists: a status line per open entry (position,
parked, open proposal) and the action "Aanmelden op wachtlijst" on the dossier page."""

from __future__ import annotations

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
from plek.housing.selectors import waiting_presence
from plek.housing.waiting_list import open_proposals_of, positions_of
from plek.people.dossier import (
    DossierAction,
    DossierStatus,
    StatusLine,
    register_dossier_action,
    register_dossier_status,
)
from plek.people.models import Person

REGISTERING_ROLES = frozenset({Role.TOEGANG, Role.REGISSEUR, Role.WIJKTEAM, Role.VELDWERK})


def lines(actor: Actor, person: Person) -> Iterable[StatusLine]:
    today = dates.today()
    result = []
    for entry, position, total in positions_of(person.pk):
        text = _("Wachtlijst %(type)s: positie %(position)s van %(total)s (%(priority)s)") % {
            "type": entry.get_facility_type_display(),
            "position": position,
            "total": total,
            "priority": entry.get_priority_display(),
        }
        if entry.parked_until and entry.parked_until >= today:
            text += " · " + _("geparkeerd tot en met %(day)s") % {
                "day": date_format(entry.parked_until, "j F Y")
            }
        result.append(StatusLine(text, reverse("housing:waiting-detail", args=[entry.pk])))
    for proposal in open_proposals_of(person.pk):
        result.append(
            StatusLine(
                _("Voorgesteld voor %(unit)s") % {"unit": proposal.unit},
                reverse("housing:proposal-detail", args=[proposal.pk]),
                due=proposal.expires_on,
                alert=proposal.expires_on is not None and proposal.expires_on < today,
            )
        )
    return result


def _register_url(person: Person) -> str:
    return reverse("housing:waiting-register", args=[person.pk])


def _may_register(actor: Actor) -> bool:
    return actor.role in REGISTERING_ROLES


def register() -> None:
    register_dossier_status(
        DossierStatus(
            key="housing.waiting",
            title=gettext_lazy("Wachtlijst en voorstellen"),
            lines=lines,
            kind=DataKind.PLACEMENT,
            order=50,
            present=waiting_presence,
        )
    )
    register_dossier_action(
        DossierAction(
            key="housing.waiting-register",
            label=gettext_lazy("Aanmelden op wachtlijst"),
            url=_register_url,
            action=Action.CREATE,
            # Registering needs a relation with the person, as the service checks; the entry
            # then founds its own (wonen:wachtlijst), which opens the placement data.
            kind=DataKind.IDENTITY,
            group=gettext_lazy("Wonen en opvang"),
            order=50,
            allowed_for=_may_register,
        )
    )
