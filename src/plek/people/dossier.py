"""The person's dossier: one page with a timeline of everything the viewer may see.

Each chain app (signals, intake, plans, housing, postal, aftercare) contributes a section by
calling ``register_dossier_section`` in its ``AppConfig.ready``. Opening a dossier is one read
under the access policy, logged once with the data kinds of every section
(``plek.people.selectors.open_dossier``); only after that decision are the sections asked for
their entries about that person. A section's ``entries`` function is therefore never a way into
person data on its own: call it only through ``open_dossier``. Likewise a section's optional
``export`` function is called only by ``plek.people.selectors.inzage_export`` (the privacy
officer's access request export).

Each section, status and action may name its ``present`` query: the rows it reads about the person,
correlated to the person by ``OuterRef("pk")``. ``open_dossier`` asks all of them as ``EXISTS``
flags in the one statement that reads the person, and skips a contribution whose rows are not
there (issue 13: most sections are empty for most persons, and each asked a statement of its own).
A ``present`` query must find a row whenever the contribution could show something; its module is
a selector module (it is a person query).

Apps also register what the dossier offers at its top:

- ``DossierStatus``: one line or more on where the person stands in the app's part of the chain
  (an open signal, the plan and its case lead, a waiting position, the aftercare light), each
  with a link, an optional due date (the dossier shows the nearest as "next deadline") and an
  alert flag. Asked only after the dossier was opened, and only when the relation opens the
  status's kind of data.
- ``DossierAction``: a button or link for something the viewer may do with this person. Every
  action names the policy action and the kind of data it touches; it is shown only when the
  relation that opened the dossier allows both (and, where given, the role and ``available``
  check agree). The service behind the link checks the policy again: the button is a
  convenience, never the gate.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils.functional import Promise

from plek.access.choices import Action
from plek.access.kinds import DataKind
from plek.accounts.context import Actor
from plek.people.models import Person

Text = str | Promise
T = TypeVar("T")


@dataclass(frozen=True)
class TimelineEntry:
    day: datetime.date
    title: str
    detail: str = ""
    url: str = ""
    # Filled in by the dossier: which section the entry came from.
    section: str = ""


EntriesFunction = Callable[[Actor, Person], Iterable[TimelineEntry]]
# The rows a contribution reads about the person, with ``OuterRef("pk")`` for the person (or
# several such queries: present when any has a row): asked as EXISTS flags in the statement that
# reads the person.
Presence = Callable[[], QuerySet[Any] | tuple[QuerySet[Any], ...]]
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
    # Optional: without a row here the section has no entries and is not asked.
    present: Presence | None = None


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


def presences(
    contributions: Iterable[DossierSection | DossierStatus | DossierAction],
) -> list[Presence]:
    """The distinct ``present`` queries of these contributions, in their order."""
    found: list[Presence] = []
    for contribution in contributions:
        if contribution.present is not None and contribution.present not in found:
            found.append(contribution.present)
    return found


def remembered(person: Person, key: str, compute: Callable[[], T]) -> T:
    """A value about the person asked once per dossier page, kept on the person object: a
    status line, several action checks and their links often want the same row."""
    cache: dict[str, Any] = person.__dict__.setdefault("_plek_dossier_memo", {})
    if key not in cache:
        cache[key] = compute()
    value: T = cache[key]
    return value


def timeline(
    actor: Actor, person: Person, sections: Iterable[DossierSection] | None = None
) -> list[TimelineEntry]:
    """The sections' entries for an already authorised read, newest first (pass only the
    sections that have rows, see ``present``)."""
    entries = [
        TimelineEntry(entry.day, entry.title, entry.detail, entry.url, section.key)
        for section in (dossier_sections() if sections is None else sections)
        for entry in section.entries(actor, person)
    ]
    return sorted(entries, key=lambda entry: entry.day, reverse=True)


# --- status lines and actions at the top of the dossier ----------------------------------------


@dataclass(frozen=True)
class StatusLine:
    text: Text
    url: str = ""
    # A deadline the line is about (review date, re-assessment, check-in): the dossier shows
    # the nearest one as "next deadline", and a past one as overdue.
    due: datetime.date | None = None
    # Something needs attention now (an open alert, an overdue response).
    alert: bool = False


StatusFunction = Callable[[Actor, Person], Iterable[StatusLine]]


@dataclass(frozen=True)
class DossierStatus:
    key: str
    title: Text
    lines: StatusFunction
    kind: str = DataKind.IDENTITY
    order: int = 100
    # Optional: without a row here the status has no lines and is not asked.
    present: Presence | None = None


# Which actor may see an action at all, beyond what the relation allows (a role check).
ActorCheck = Callable[[Actor], bool]
# Whether the action makes sense for this person now (no second intake while one runs).
PersonCheck = Callable[[Actor, Person], bool]


def _anyone(actor: Actor) -> bool:
    return True


def _always(actor: Actor, person: Person) -> bool:
    return True


@dataclass(frozen=True)
class DossierAction:
    key: str
    label: Text
    # The page that does it, for this person.
    url: Callable[[Person], str]
    # The policy action the relation must allow (``plek.access.choices.Action``).
    action: str
    # The kind of data the action touches (``plek.access.kinds.DataKind``).
    kind: str
    group: Text = ""
    order: int = 100
    allowed_for: ActorCheck = _anyone
    available: PersonCheck = _always
    # Optional: without a row here ``available`` is not asked; the action is then offered when
    # ``if_absent`` (start a plan: no plan at all) and not offered otherwise (open the plan).
    present: Presence | None = None
    if_absent: bool = False


@dataclass(frozen=True)
class ActionLink:
    """An action as the dossier page shows it: its label and where it leads for this person."""

    label: Text
    href: str


_STATUSES: dict[str, DossierStatus] = {}
_ACTIONS: dict[str, DossierAction] = {}


def _check_kind(key: str, kind: str) -> None:
    if kind not in DataKind.values:
        raise ImproperlyConfigured(f"{key!r}: onbekende soort gegevens {kind!r}.")


def register_dossier_status(status: DossierStatus) -> None:
    if not callable(status.lines):
        raise ImproperlyConfigured(f"Dossierstatus {status.key!r} heeft geen bron (lines).")
    _check_kind(status.key, status.kind)
    _STATUSES[status.key] = status


def register_dossier_action(action: DossierAction) -> None:
    """Offer an action on the dossier; refused without a policy action and a kind of data."""
    if action.action not in Action.values:
        raise ImproperlyConfigured(
            f"Dossieractie {action.key!r} noemt geen geldige actie van het toegangsbeleid."
        )
    _check_kind(action.key, action.kind)
    if not callable(action.url):
        raise ImproperlyConfigured(f"Dossieractie {action.key!r} heeft geen adres (url).")
    _ACTIONS[action.key] = action


def dossier_statuses() -> list[DossierStatus]:
    return sorted(_STATUSES.values(), key=lambda status: (status.order, status.key))


def dossier_actions() -> list[DossierAction]:
    return sorted(_ACTIONS.values(), key=lambda action: (action.order, action.key))
