"""The section of the person's dossier with indications and ambulatory arrangements."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.utils.translation import gettext_lazy

from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.people.dossier import DossierSection, TimelineEntry
from plek.people.models import Person
from plek.protection.activities import ARRANGEMENT_DATA_KINDS, INDICATION_DATA_KINDS
from plek.protection.selectors import dossier_entries, dossier_presence


def entries(actor: Actor, person: Person) -> Iterable[TimelineEntry]:
    """Read by the dossier under the policy (kind ``verblijf``), which logs the section."""
    return [
        TimelineEntry(day, title, detail, url)
        for day, title, detail, url in dossier_entries(person)
    ]


SECTION = DossierSection(
    key="protection",
    title=cast(str, gettext_lazy("Indicaties en ondersteuning thuis")),
    data_kinds=INDICATION_DATA_KINDS + ARRANGEMENT_DATA_KINDS,
    entries=entries,
    order=75,
    kind=DataKind.PLACEMENT,
    present=dossier_presence,
)
