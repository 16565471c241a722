"""Stays: placing someone directly, ending a stay and moving it to another unit."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core import dates
from plek.core.events import emit
from plek.housing import activities
from plek.housing.choices import Category, ExitDestination
from plek.housing.loaders import occupying, overlapping
from plek.housing.models import (
    Facility,
    Stay,
    Unit,
    WaitingEntry,
)
from plek.housing.services.common import (
    TRANSFER_DESTINATION,
    _check_free,
    _immediate,
    _invalid,
    _lock_unit_and_person,
    _may_work_on,
    _new_stay,
    _require_provider,
    is_provider_staff,
)
from plek.housing.services.proposals import lapse_open_proposals


def place(
    actor: Actor,
    person_id: int,
    unit_id: int,
    start: datetime.date,
    expected_end: datetime.date | None = None,
) -> Stay:
    """Record a stay directly (a walk-in at the night shelter): provider staff of the unit,
    with a relation to the person (registering the walk-in gives one)."""
    unit = Unit.objects.select_related("facility").filter(pk=unit_id).first()
    if unit is None:
        raise _invalid("unit", _("Eenheid: deze eenheid bestaat niet."))
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
        lapse_open_proposals(unit_id=unit.pk, person_id=person_id)
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
        if unit.facility.provider_id != stay.facility.provider_id:
            raise _invalid(
                "unit",
                _(
                    "Eenheid: overplaatsen kan naar een eenheid van dezelfde aanbieder; "
                    "voor een andere aanbieder schrijft de Wmo-consulent in op de wachtlijst."
                ),
            )
        stay.end_date = on
        stay.exit_destination = TRANSFER_DESTINATION[unit.facility.category]
        stay.save(update_fields=["end_date", "exit_destination"])
        _check_free(unit, person, on, None)
        new = _new_stay(unit, person, on, previous=stay)
        lapse_open_proposals(unit_id=unit.pk)
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


# --- units for stays without one (as imported) ---------------------------------------------------


def assign_unit(actor: Actor, stay_id: int, unit_id: int) -> Stay:
    """Give a running stay without a unit (imported) a free unit of its own facility."""
    stay, purpose = _open_stay_for_change(actor, stay_id)
    with transaction.atomic():
        unit, _person = _lock_unit_and_person(unit_id, stay.person_id)
        stay = Stay.objects.select_for_update().select_related("facility").get(pk=stay_id)
        _check_assignable(stay, unit)
        _assign(stay, unit)
        record_processing(
            actor, LogAction.CHANGE, activities.STAY_CHANGE, stay.person_id, ["verblijf"], purpose
        )
    emit("stay.unit_assigned", stay_id=stay.pk, unit_id=unit.pk)
    return stay


def _check_assignable(stay: Stay, unit: Unit) -> None:
    if stay.unit_id is not None:
        raise _invalid("unit", _("Eenheid: dit verblijf heeft al een eenheid."))
    if stay.end_date is not None and stay.end_date <= dates.today():
        raise _invalid("unit", _("Eenheid: dit verblijf is al beëindigd."))
    if unit.facility_id != stay.facility_id:
        raise _invalid("unit", _("Eenheid: kies een eenheid van de voorziening van dit verblijf."))
    if unit.facility.category == Category.RESPIJT or not unit.active:
        raise _invalid("unit", _("Eenheid: deze eenheid is niet voor een verblijf te gebruiken."))
    start = max(stay.start_date, dates.today())
    if (
        Stay.objects.filter(overlapping(start, stay.end_date), unit=unit)
        .exclude(pk=stay.pk)
        .exists()
    ):
        raise _invalid("unit", _("Eenheid: deze eenheid is al bezet."))


def _assign(stay: Stay, unit: Unit) -> None:
    stay.unit = unit
    _immediate()
    try:
        with transaction.atomic():
            stay.save(update_fields=["unit"])
    except IntegrityError as exc:
        raise _invalid("unit", _("Eenheid: deze eenheid is al bezet.")) from exc
    # The unit is taken: proposals for it must not keep a provider's access to candidates.
    lapse_open_proposals(unit_id=unit.pk)


def assign_units_automatically(actor: Actor, facility_id: int) -> int:
    """When a facility has exactly as many free units as running stays without a unit, give
    each such stay one (in order of start date and unit code); returns how many."""
    facility = Facility.objects.get(pk=facility_id)
    if not is_provider_staff(actor, facility):
        raise PermissionDenied(_("Alleen medewerkers van de aanbieder van deze voorziening."))
    today = dates.today()
    with transaction.atomic():
        list(Facility.objects.select_for_update().filter(pk=facility_id).values_list("pk"))
        stays = list(
            Stay.objects.select_for_update()
            .filter(occupying(today), facility_id=facility_id, unit__isnull=True)
            .order_by("start_date", "pk")
        )
        taken = Stay.objects.filter(overlapping(today, None), unit__isnull=False).values("unit_id")
        units = list(
            Unit.objects.select_for_update()
            .filter(facility_id=facility_id, active=True)
            .exclude(pk__in=taken)
            .order_by("code")
        )
        if not stays:
            raise _invalid("unit", _("Eenheid: er zijn geen verblijven zonder eenheid."))
        if len(units) != len(stays):
            raise _invalid(
                "unit",
                _(
                    "Eenheid: automatisch toewijzen kan alleen als er precies evenveel vrije "
                    "eenheden (%(units)s) als verblijven zonder eenheid (%(stays)s) zijn; "
                    "wijs ze een voor een toe."
                )
                % {"units": len(units), "stays": len(stays)},
            )
        purposes = {
            stay.person_id: _may_work_on(actor, Action.CHANGE, stay.person_id) for stay in stays
        }
        for stay, unit in zip(stays, units, strict=True):
            _assign(stay, unit)
        for stay in stays:
            record_processing(
                actor,
                LogAction.CHANGE,
                activities.STAY_CHANGE,
                stay.person_id,
                ["verblijf"],
                purposes[stay.person_id],
            )
    emit("stay.units_assigned", facility_id=facility_id, count=len(stays))
    return len(stays)
