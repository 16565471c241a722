"""Respite (time-out) bookings: at most 14 nights unless the access consultant extends them."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from plek.access.choices import Action, LogAction
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.core.events import emit
from plek.housing import activities
from plek.housing.choices import Category
from plek.housing.loaders import (
    overlapping,
)
from plek.housing.models import (
    RespiteBooking,
    Stay,
    Unit,
)
from plek.housing.occupancy import check_capacity
from plek.housing.services.common import (
    RESPITE_EXTENSION_ROLES,
    RESPITE_MAX_NIGHTS,
    _immediate,
    _invalid,
    _lock_unit_and_person,
    _may_work_on,
)


def _check_respite_nights(start: datetime.date, end: datetime.date) -> int:
    nights = (end - start).days
    if nights < 1:
        raise _invalid("end_date", _("Vertrekdatum: moet na de eerste nacht liggen."))
    return nights


def book_respite(
    actor: Actor,
    person_id: int,
    unit_id: int,
    start: datetime.date,
    end: datetime.date,
    reason: str,
) -> RespiteBooking:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Aanleiding: beschrijf waarom een terugvalplek nodig is."))
    nights = _check_respite_nights(start, end)
    if nights > RESPITE_MAX_NIGHTS:
        raise _invalid(
            "end_date",
            _(
                "Vertrekdatum: een terugvalboeking duurt hoogstens %(max)s nachten; "
                "u vroeg er %(nights)s. Langer kan alleen via een verlenging."
            )
            % {"max": RESPITE_MAX_NIGHTS, "nights": nights},
        )
    purpose = _may_work_on(actor, Action.CREATE, person_id)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, person_id)
        if unit.facility.type != "terugval":
            raise _invalid("unit", _("Eenheid: dit is geen terugvalplek."))
        _check_respite_free(unit, start, end)
        _check_person_free(person.pk, start, end)
        check_capacity(unit.facility, start, end)
        if (
            Stay.objects.filter(overlapping(start, end), person=person)
            .exclude(facility__category=Category.HF)
            .exists()
        ):
            raise _invalid(
                "person",
                _(
                    "Persoon: verblijft in die periode in een voorziening, "
                    "niet in een eigen woning."
                ),
            )
        _immediate()
        booking = RespiteBooking.objects.create(
            unit=unit,
            person=person,
            start_date=start,
            end_date=end,
            reason=reason,
            created_by=actor.user,
        )
        record_processing(
            actor, LogAction.CREATE, activities.RESPITE_CHANGE, person_id, ["terugval"], purpose
        )
    emit("respite.booked", booking_id=booking.pk)
    return booking


def _check_respite_free(
    unit: Unit, start: datetime.date, end: datetime.date, ignore: int | None = None
) -> None:
    clash = RespiteBooking.objects.filter(unit=unit, start_date__lt=end, end_date__gt=start)
    if ignore is not None:
        clash = clash.exclude(pk=ignore)
    if clash.exists():
        raise _invalid("unit", _("Eenheid: deze terugvalplek is in die periode al geboekt."))


def _check_person_free(
    person_id: int, start: datetime.date, end: datetime.date, ignore: int | None = None
) -> None:
    """One place per night: no second respite booking for the same nights."""
    clash = RespiteBooking.objects.filter(
        person_id=person_id, start_date__lt=end, end_date__gt=start
    )
    if ignore is not None:
        clash = clash.exclude(pk=ignore)
    if clash.exists():
        raise _invalid(
            "person", _("Persoon: deze persoon heeft in die periode al een terugvalplek geboekt.")
        )


def extend_respite(
    actor: Actor, booking_id: int, new_end: datetime.date, reason: str
) -> RespiteBooking:
    """Longer than 14 nights: only an authorised role, and only with a reason."""
    if actor.role not in RESPITE_EXTENSION_ROLES:
        raise PermissionDenied(_("Alleen de Wmo-consulent mag een terugvalboeking verlengen."))
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("extension_reason", _("Reden verlenging: vul de reden in."))
    booking = RespiteBooking.objects.get(pk=booking_id)
    purpose = _may_work_on(actor, Action.CHANGE, booking.person_id)
    with transaction.atomic():
        unit, _person = _lock_unit_and_person(booking.unit_id, booking.person_id)
        booking = RespiteBooking.objects.select_for_update().get(pk=booking_id)
        if new_end <= booking.end_date:
            raise _invalid("end_date", _("Nieuwe vertrekdatum: moet na de huidige liggen."))
        _check_respite_free(unit, booking.end_date, new_end, ignore=booking.pk)
        _check_person_free(booking.person_id, booking.end_date, new_end, ignore=booking.pk)
        if (
            Stay.objects.filter(overlapping(booking.end_date, new_end), person_id=booking.person_id)
            .exclude(facility__category=Category.HF)
            .exists()
        ):
            raise _invalid(
                "end_date", _("Nieuwe vertrekdatum: de persoon verblijft dan in een voorziening.")
            )
        check_capacity(unit.facility, booking.end_date, new_end, ignore_respite=booking.pk)
        booking.end_date = new_end
        booking.extended_by = actor.user
        booking.extension_reason = reason
        _immediate()
        booking.save(update_fields=["end_date", "extended_by", "extension_reason"])
        record_processing(
            actor,
            LogAction.CHANGE,
            activities.RESPITE_CHANGE,
            booking.person_id,
            ["terugval"],
            purpose,
        )
    emit("respite.extended", booking_id=booking.pk)
    return booking
