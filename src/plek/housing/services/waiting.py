"""Waiting lists: registering, the access decision, parking and withdrawing an entry.

Every change that moves an entry in the ranking works out its stored sort key again in the same
transaction (``plek.housing.waiting_list.refresh_rank_keys``).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core import dates
from plek.core.events import emit
from plek.housing import activities
from plek.housing.choices import ProposalStatus
from plek.housing.models import (
    Proposal,
    WaitingEntry,
)
from plek.housing.services.common import (
    ACCESS_DECISION_ROLES,
    DECISION_TYPES,
    _invalid,
    _may_work_on,
)
from plek.housing.waiting_list import refresh_rank_keys
from plek.people.models import Person


@dataclass(frozen=True)
class Registration:
    facility_type: str
    priority: str
    registered_on: datetime.date
    children_involved: bool = False
    safety_risk: bool = False
    needs_accessible: bool = False
    access_decision_on: datetime.date | None = None
    access_decision_until: datetime.date | None = None


def register_waiting(actor: Actor, person_id: int, data: Registration) -> WaitingEntry:
    purpose = _may_work_on(actor, Action.CREATE, person_id)
    if data.facility_type in DECISION_TYPES:
        if actor.role not in ACCESS_DECISION_ROLES:
            raise PermissionDenied(
                _("Alleen de Wmo-consulent schrijft in voor beschermd wonen (toegangsbesluit).")
            )
        if data.access_decision_on is None:
            raise _invalid("access_decision_on", _("Toegangsbesluit op: vul de datum in."))
        if data.access_decision_until is None:
            raise _invalid(
                "access_decision_until", _("Toegangsbesluit geldig tot: vul de einddatum in.")
            )
        if data.access_decision_until < data.access_decision_on:
            raise _invalid(
                "access_decision_until",
                _("Toegangsbesluit geldig tot: ligt vóór de datum van het besluit."),
            )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        if WaitingEntry.objects.filter(
            person_id=person_id,
            facility_type=data.facility_type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).exists():
            raise _invalid(
                "facility_type",
                _("Soort voorziening: deze persoon staat hier al op de wachtlijst."),
            )
        entry = WaitingEntry.objects.create(
            external_id=f"plek-{uuid.uuid4().hex}",
            person_id=person_id,
            facility_type=data.facility_type,
            priority=data.priority,
            registered_on=data.registered_on,
            children_involved=data.children_involved,
            safety_risk=data.safety_risk,
            needs_accessible=data.needs_accessible,
            access_decision_on=data.access_decision_on,
            access_decision_until=data.access_decision_until,
            access_decided_by=actor.user if data.access_decision_on else None,
            registered_by_id=actor.organisation_id,
        )
        refresh_rank_keys(entry_ids=[entry.pk])
        record_processing(
            actor,
            LogAction.CREATE,
            activities.WAITING_REGISTER,
            person_id,
            ["wachtlijst", "rangschikkingsgegevens"],
            purpose,
        )
    emit("waiting.registered", entry_id=entry.pk, facility_type=entry.facility_type)
    return entry


def withdraw_waiting(
    actor: Actor, entry_id: int, reason: str, on: datetime.date | None = None
) -> WaitingEntry:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Reden: geef aan waarom de inschrijving vervalt."))
    entry = WaitingEntry.objects.get(pk=entry_id)
    purpose = _may_work_on(actor, Action.CHANGE, entry.person_id)
    with transaction.atomic():
        entry = WaitingEntry.objects.select_for_update().get(pk=entry_id)
        if entry.placed_on or entry.withdrawn_on:
            raise _invalid("reason", _("Deze inschrijving is al afgesloten."))
        entry.withdrawn_on = on or dates.today()
        entry.withdrawal_reason = reason
        entry.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        Proposal.objects.filter(waiting_entry=entry, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.LAPSED
        )
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.WAITING_CHANGE,
            entry.person_id,
            ["wachtlijst"],
            purpose,
        )
    emit("waiting.withdrawn", entry_id=entry.pk)
    return entry


def _open_entry_for_update(actor: Actor, entry_id: int, field: str) -> tuple[WaitingEntry, str]:
    entry = WaitingEntry.objects.get(pk=entry_id)
    purpose = _may_work_on(actor, Action.CHANGE, entry.person_id)
    entry = WaitingEntry.objects.select_for_update().get(pk=entry_id)
    if entry.placed_on or entry.withdrawn_on:
        raise _invalid(field, _("Deze inschrijving is al afgesloten."))
    return entry, purpose


def decide_access(
    actor: Actor,
    entry_id: int,
    granted: bool,
    decided_on: datetime.date | None,
    valid_until: datetime.date | None,
    reason: str = "",
) -> WaitingEntry:
    """The access consultant's decision on an application for protected living: granted with
    its validity, or refused with a reason (the entry is then withdrawn)."""
    if actor.role not in ACCESS_DECISION_ROLES:
        raise PermissionDenied(_("Alleen de Wmo-consulent neemt een toegangsbesluit."))
    reason = (reason or "").strip()
    if granted:
        if decided_on is None:
            raise _invalid("decided_on", _("Datum besluit: vul de datum in."))
        if valid_until is None:
            raise _invalid("valid_until", _("Geldig tot en met: vul de einddatum in."))
        if valid_until < decided_on:
            raise _invalid(
                "valid_until", _("Geldig tot en met: ligt vóór de datum van het besluit.")
            )
    elif not reason:
        raise _invalid("reason", _("Reden: geef aan waarom de toegang wordt geweigerd."))
    with transaction.atomic():
        entry, purpose = _open_entry_for_update(actor, entry_id, "decided_on")
        if granted:
            entry.access_decision_on = decided_on
            entry.access_decision_until = valid_until
            entry.access_decided_by = actor.user
            entry.save(
                update_fields=["access_decision_on", "access_decision_until", "access_decided_by"]
            )
        else:
            entry.withdrawn_on = decided_on or dates.today()
            entry.withdrawal_reason = _("Toegang geweigerd: %(reason)s") % {"reason": reason}
            entry.save(update_fields=["withdrawn_on", "withdrawal_reason"])
            Proposal.objects.filter(waiting_entry=entry, status=ProposalStatus.OPEN).update(
                status=ProposalStatus.LAPSED
            )
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.WAITING_CHANGE,
            entry.person_id,
            ["wachtlijst", "toegangsbesluit"],
            purpose,
        )
    return entry


def park_entry(
    actor: Actor, entry_id: int, reason: str, until: datetime.date | None
) -> WaitingEntry:
    """Skip an entry in the matching until a date (it keeps its score and position)."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Reden: geef aan waarom de inschrijving wordt geparkeerd."))
    if until is None:
        raise _invalid("until", _("Geparkeerd tot en met: vul de einddatum in."))
    if until < dates.today():
        raise _invalid("until", _("Geparkeerd tot en met: ligt in het verleden."))
    with transaction.atomic():
        entry, purpose = _open_entry_for_update(actor, entry_id, "reason")
        entry.parked_until = until
        entry.park_reason = reason
        entry.save(update_fields=["parked_until", "park_reason"])
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.WAITING_CHANGE,
            entry.person_id,
            ["wachtlijst", "parkeren"],
            purpose,
        )
    return entry
