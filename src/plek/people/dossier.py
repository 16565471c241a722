"""The person's dossier: one page with a timeline of everything the viewer may see.

Each chain app (signals, intake, plans, housing, postal, aftercare) contributes a section by
calling ``register_dossier_section`` in its ``AppConfig.ready``. Opening a dossier is one read
under the access policy, logged once with the data kinds of every section
(``plek.people.selectors.open_dossier``); only after that decision are the sections asked for
their entries about that person. A section's ``entries`` function is therefore never a way into
person data on its own: call it only through ``open_dossier``. Likewise a section's optional
``export`` function is called only by ``plek.people.selectors.inzage_export`` (the privacy
officer's access request export).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from plek.accounts.context import Actor
from plek.people.models import Person


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    # Filled in by the dossier: which section the entry came from.
    section: str = ""


EntriesFunction = Callable[[Actor, Person], Iterable[TimelineEntry]]
# For the inzage export: everything the section stores about the person, as JSON-able dicts.
ExportFunction = Callable[[Person], Iterable[dict[str, Any]]]


@dataclass(frozen=True)
class DossierSection:
    key: str
    title: str
    # What the section shows, for the processing log ("signalen", "ZRM-scores", ...).
    data_kinds: tuple[str, ...]
    entries: EntriesFunction
    order: int = 100
    # The kind of data the section shows (``plek.access.kinds.DataKind``): shown only to a
    # relation whose purpose opens it.
    kind: str = "identiteit"
    # Optional: the section's full data for the inzage export. Without it the export lists the
    # section's timeline entries.
    export: ExportFunction | None = None


_SECTIONS: dict[str, DossierSection] = {}


def register_dossier_section(section: DossierSection) -> None:
    _SECTIONS[section.key] = section


def dossier_sections() -> list[DossierSection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def data_kinds_of_dossier(sections: Iterable[DossierSection] | None = None) -> tuple[str, ...]:
    kinds: list[str] = []
    for section in dossier_sections() if sections is None else sections:
        kinds.extend(kind for kind in section.data_kinds if kind not in kinds)
    return tuple(kinds)


def timeline(
    actor: Actor, person: Person, sections: Iterable[DossierSection] | None = None
) -> list[TimelineEntry]:
    """The sections' entries for an already authorised read, newest first."""
    entries = [
        TimelineEntry(entry.day, entry.title, entry.detail, entry.url, section.key)
        for section in (dossier_sections() if sections is None else sections)
        for entry in section.entries(actor, person)
    ]
    return sorted(entries, key=lambda entry: entry.day, reverse=True)
