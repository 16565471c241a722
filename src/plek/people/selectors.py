"""Every read of person data: through the access policy, and logged.

A selector asks ``plek.access.policy.decide``, raises ``AccessDenied`` when it says no (with the
break-the-glass offer for roles that may use it), and otherwise reads and writes exactly one
processing-log entry in the same transaction. A denied read writes no entry: nothing was
processed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from plek.access.activities import PERSON_FILE_LOOKUP, PERSON_VIEW
from plek.access.choices import Action, LogAction, Purpose
from plek.access.exceptions import AccessDenied
from plek.access.policy import (
    BREAK_GLASS_BASIS,
    DENIED_NO_RELATION,
    Decision,
    decide,
    may_break_glass,
    may_read_person_files,
)
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.people.bsn import is_valid_bsn
from plek.people.dossier import TimelineEntry, data_kinds_of_dossier, timeline
from plek.people.models import Person

PERSON_DATA_KINDS = ("identificatie", "naam", "geboortedatum", "geslacht", "gemeente van herkomst")


def break_glass_url(actor: Actor, person_id: int) -> str | None:
    if not may_break_glass(actor):
        return None
    return reverse("access:break-glass", args=[person_id])


def _denied(actor: Actor, person_id: int) -> AccessDenied:
    return AccessDenied(break_glass_url=break_glass_url(actor, person_id))


def _allowed(actor: Actor, action: str, person_id: int, purpose: str | None) -> Decision:
    decision = decide(actor, action, person_id, purpose)
    if not decision.allowed:
        # Only casework roles learn that the file exists (GUIDE §5); others get a plain 403.
        if decision.basis != DENIED_NO_RELATION:
            raise AccessDenied()
        if not Person.objects.filter(pk=person_id).exists():
            raise Person.DoesNotExist(person_id)
        raise _denied(actor, person_id)
    return decision


@dataclass(frozen=True)
class OpenedPerson:
    """A person read under the policy, with the decision that allowed it (for the page banner)."""

    person: Person
    decision: Decision


def open_person(
    actor: Actor,
    person_id: int,
    purpose: str | None = None,
    data_kinds: tuple[str, ...] = PERSON_DATA_KINDS,
) -> OpenedPerson:
    """Read a person's basic data under the policy and log it once; see ``get_person``."""
    decision = _allowed(actor, Action.VIEW, person_id, purpose)
    assert decision.purpose is not None
    with transaction.atomic():
        person = Person.objects.select_related("origin_municipality").get(pk=person_id)
        record_processing(
            actor,
            LogAction.READ,
            PERSON_VIEW,
            person.pk,
            data_kinds,
            decision.purpose,
            break_glass_id=decision.break_glass_id,
            break_glass=decision.basis == BREAK_GLASS_BASIS,
        )
    return OpenedPerson(person, decision)


@dataclass(frozen=True)
class Dossier:
    opened: OpenedPerson
    timeline: list[TimelineEntry]


def open_dossier(actor: Actor, person_id: int, purpose: str | None = None) -> Dossier:
    """The person and the timeline of every dossier section: one decision, one log row."""
    kinds = PERSON_DATA_KINDS + data_kinds_of_dossier()
    opened = open_person(actor, person_id, purpose, data_kinds=kinds)
    return Dossier(opened, timeline(actor, opened.person))


def get_person(actor: Actor, person_id: int, purpose: str | None = None) -> Person:
    """The person's basic data, when the policy allows the actor to view them.

    ``purpose`` None logs the purpose of the relation (or break-the-glass) that gives access.
    Raises AccessDenied (with the break-the-glass offer for casework roles) or, for casework
    roles only, ``Person.DoesNotExist``.
    """
    return open_person(actor, person_id, purpose).person


def person_exists(actor: Actor, person_id: int) -> bool:
    """Whether this person id is in use: the one fact casework may learn without a relation."""
    if not may_read_person_files(actor):
        raise AccessDenied()
    return Person.objects.filter(pk=person_id).exists()


def find_file(actor: Actor, bsn: str, purpose: str = Purpose.WMO_MO) -> int | None:
    """The id of the person with this BSN, or None: existence and nothing more.

    For casework roles, so they can ask for access or break the glass. Each lookup is logged,
    also a miss (without a person).
    """
    if not may_read_person_files(actor):
        raise AccessDenied()
    if not is_valid_bsn(bsn):
        raise ValueError("Geen geldig BSN")
    with transaction.atomic():
        person_id = Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
        record_processing(
            actor, LogAction.READ, PERSON_FILE_LOOKUP, person_id, ["bestaan dossier"], purpose
        )
    return person_id


def person_id_for_bsn(bsn: str) -> int | None:
    """For the privacy officer's log search only: which id the log uses for this BSN.

    The search that uses it is logged by ``plek.access.selectors.search_log``.
    """
    return Person.objects.filter(bsn=bsn).values_list("pk", flat=True).first()
