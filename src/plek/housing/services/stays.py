"""Stays: placing someone directly, ending a stay and moving it to another unit."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core.events import emit
from plek.housing import activities
from plek.housing.choices import ExitDestination, ProposalStatus
from plek.housing.models import (
    Proposal,
    Stay,
    Unit,
    WaitingEntry,
)
from plek.housing.services.common import (
    TRANSFER_DESTINATION,
    _check_free,
    _invalid,
    _lock_unit_and_person,
    _may_work_on,
    _new_stay,
    _require_provider,
)


def place(
    actor: Actor,
    person_id: int,
    unit_id: int,
    start: datetime.date,
    expected_end: datetime.date | None = None,
) -> Stay:
    """Record a stay directly (a walk-in at the night shelter): provider staff of the unit,
    with a relation to the person (registering the walk-in gives one)."""
    unit = Unit.objects.select_related("facility").get(pk=unit_id)
    _require_provider(actor, unit.facility)
    purpose = _may_work_on(actor, Action.CREATE, person_id)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, person_id)
        _check_free(unit, person, start, None)
        stay = _new_stay(unit, person, start, expected_end=expected_end)
        WaitingEntry.objects.filter(
            person_id=person_id,
            facility_type=unit.facility.type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).update(placed_on=start)
        Proposal.objects.filter(person_id=person_id, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.LAPSED
        )
        record_processing(
            actor,
            LogAction.CREATE,
            activities.STAY_CHANGE,
            person_id,
            ["verblijf"],
            purpose,
        )
    emit("stay.placed", stay_id=stay.pk, facility_type=unit.facility.type)
    return stay


def _open_stay_for_change(actor: Actor, stay_id: int) -> tuple[Stay, str]:
    """The stay and the purpose to log: provider staff of its facility, allowed by the policy."""
    stay = Stay.objects.select_related("facility").get(pk=stay_id)
    _require_provider(actor, stay.facility)
    return stay, _may_work_on(actor, Action.CHANGE, stay.person_id)


def end_stay(actor: Actor, stay_id: int, end: datetime.date, destination: str) -> Stay:
    if destination not in ExitDestination.values:
        raise _invalid("exit_destination", _("Uitstroombestemming: kies een bestemming."))
    stay, purpose = _open_stay_for_change(actor, stay_id)
    with transaction.atomic():
        stay = Stay.objects.select_for_update().select_related("facility").get(pk=stay_id)
        if stay.end_date is not None:
            raise _invalid("end_date", _("Einddatum: dit verblijf is al beëindigd."))
        if end < stay.start_date:
            raise _invalid("end_date", _("Einddatum: ligt vóór de begindatum."))
        stay.end_date = end
        stay.exit_destination = destination
        stay.save(update_fields=["end_date", "exit_destination"])
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.STAY_CHANGE,
            stay.person_id,
            ["verblijf", "uitstroom"],
            purpose,
        )
    emit("stay.ended", stay_id=stay_id, destination=destination)
    return stay


def transfer_stay(actor: Actor, stay_id: int, unit_id: int, on: datetime.date) -> Stay:
    """Step up or down: end the stay on ``on`` and start the next one the same day."""
    stay, purpose = _open_stay_for_change(actor, stay_id)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, stay.person_id)
        stay = Stay.objects.select_for_update().select_related("facility").get(pk=stay_id)
        if stay.end_date is not None:
            raise _invalid("unit", _("Dit verblijf is al beëindigd."))
        if on < stay.start_date:
            raise _invalid("on", _("Datum: ligt vóór de begindatum van het verblijf."))
        if unit.pk == stay.unit_id:
            raise _invalid("unit", _("Eenheid: kies een andere eenheid."))
        stay.end_date = on
        stay.exit_destination = TRANSFER_DESTINATION[unit.facility.category]
        stay.save(update_fields=["end_date", "exit_destination"])
        _check_free(unit, person, on, None)
        new = _new_stay(unit, person, on, previous=stay)
        WaitingEntry.objects.filter(
            person_id=person.pk,
            facility_type=unit.facility.type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).update(placed_on=on)
        record_processing(
            actor,
            LogAction.CREATE,
            activities.STAY_CHANGE,
            person.pk,
            ["verblijf", "overplaatsing"],
            purpose,
        )
    emit("stay.transferred", stay_id=stay_id, new_stay_id=new.pk)
    return new
