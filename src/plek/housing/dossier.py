"""The dossier section "Wonen en opvang": waiting entries, stays and respite bookings."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from plek.accounts.context import Actor
from plek.housing.selectors import dossier_entries, housing_presence
from plek.people.dossier import DossierSection, TimelineEntry, register_dossier_section
from plek.people.models import Person


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    return [
        TimelineEntry(day, title, detail, url)
        for day, title, detail, url in dossier_entries(person)
    ]


def register() -> None:
    register_dossier_section(
        DossierSection(
            key="wonen",
            title=str(_("Wonen en opvang")),
            data_kinds=("wachtlijst", "verblijven", "terugval"),
            entries=entries,
            order=50,
            kind="verblijf",
            present=housing_presence,
        )
    )
