"""What the housing services share: permission checks, the occupancy conditions and the one
way a stay is created.

Every change of placement and flow: one transaction each, with its processing-log row.

Double booking is impossible at two levels:

- the services lock the rows concerned (``select_for_update``: the unit first, then the
  person, always in that order so that two services never wait for each other crosswise) and
  check for overlapping stays inside the transaction;
- the database refuses what slips through: on PostgreSQL exclusion constraints over
  (unit, nights) and (person, nights) (migration 0003), switched to IMMEDIATE here so the
  refusal comes at the insert; on SQLite every transaction is IMMEDIATE (settings), so
  writers are serialised and the check-then-insert cannot interleave.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from plek.access.choices import Purpose
from plek.access.policy import decide
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.housing.choices import CATEGORY_OF_TYPE, Category, ExitDestination
from plek.housing.loaders import overlapping
from plek.housing.models import (
    Facility,
    RespiteBooking,
    Stay,
    Unit,
)
from plek.housing.occupancy import check_capacity
from plek.people.models import Person

RESPITE_MAX_NIGHTS = 14
# Who may extend a respite booking beyond 14 nights: the access consultant decides on provisions.
RESPITE_EXTENSION_ROLES = frozenset({Role.TOEGANG})
# Who may register on a waiting list with an access decision (protected living).
ACCESS_DECISION_ROLES = frozenset({Role.TOEGANG})
# Types whose registration needs the access consultant's decision and its validity end date.
DECISION_TYPES = frozenset({"beschermd_wonen"})
# Exit destination of a transfer, by the category of the facility moved to.
TRANSFER_DESTINATION: dict[str, str] = {
    Category.OPVANG: ExitDestination.ANDERE_OPVANG,
    Category.TUSSEN: ExitDestination.TUSSENVOORZIENING,
    Category.BW: ExitDestination.BESCHERMD_WONEN,
    Category.HF: ExitDestination.HOUSING_FIRST,
    Category.RESPIJT: ExitDestination.ANDERE_OPVANG,
}
# The database's guards against double occupancy (housing migrations 0005 and 0011).
CONSTRAINTS = "occupancy_unit_no_overlap, occupancy_person_no_overlap"


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _purpose_for_type(facility_type: str) -> str:
    return (
        Purpose.BESCHERMD_WONEN
        if CATEGORY_OF_TYPE[facility_type] == Category.BW
        else (Purpose.WMO_MO)
    )


def _immediate() -> None:
    """Let the exclusion constraints refuse at the statement, not only at commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {CONSTRAINTS} IMMEDIATE")


def _may_work_on(actor: Actor, action: str, person_id: int) -> str:
    """The purpose to log, when the policy lets the actor do this to the person's file."""
    decision = decide(actor, action, person_id)
    if not decision.allowed or decision.basis == "break_the_glass":
        raise PermissionDenied(_("U hebt geen relatie met deze persoon."))
    assert decision.purpose is not None
    return decision.purpose


def is_provider_staff(actor: Actor, facility: Facility) -> bool:
    return actor.role == Role.AANBIEDER and actor.organisation_id == facility.provider_id


def _require_provider(actor: Actor, facility: Facility) -> None:
    if not is_provider_staff(actor, facility):
        raise PermissionDenied(_("Alleen medewerkers van de aanbieder van deze voorziening."))


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))


# --- occupancy ---------------------------------------------------------------------------------


def _check_free(
    unit: Unit,
    person: Person,
    start: datetime.date,
    end: datetime.date | None,
    ignore_stay: int | None = None,
) -> None:
    """A stay on ``unit`` for ``person`` over [start, end): the unit is a place to stay, free
    on those nights (no stay, no respite booking), the person is nowhere else (no stay, and no
    respite booking unless the stay is their own Housing First home) and the facility stays
    within its capacity on every night (stays without a unit, as imported, count too)."""
    if unit.facility.category == Category.RESPIJT:
        raise _invalid(
            "unit",
            _(
                "Eenheid: een terugvalplek is alleen voor terugvalboekingen, "
                "niet voor een verblijf."
            ),
        )
    if not unit.active:
        raise _invalid("unit", _("Eenheid: deze eenheid is niet in gebruik."))
    stays = Stay.objects.filter(overlapping(start, end))
    if ignore_stay is not None:
        stays = stays.exclude(pk=ignore_stay)
    if stays.filter(unit=unit).exists():
        raise _invalid("unit", _("Eenheid: deze eenheid is op die datum al bezet."))
    if stays.filter(person=person).exists():
        raise _invalid("person", _("Persoon: deze persoon verblijft op die datum al ergens."))
    bookings = RespiteBooking.objects.filter(overlapping(start, end))
    if bookings.filter(unit=unit).exists():
        raise _invalid("unit", _("Eenheid: deze eenheid is op die datum al bezet."))
    if unit.facility.category != Category.HF and bookings.filter(person=person).exists():
        raise _invalid(
            "person", _("Persoon: deze persoon heeft in die periode een terugvalplek geboekt.")
        )
    check_capacity(unit.facility, start, end, ignore_stay=ignore_stay)


def _new_stay(
    unit: Unit,
    person: Person,
    start: datetime.date,
    previous: Stay | None = None,
    expected_end: datetime.date | None = None,
) -> Stay:
    _immediate()
    try:
        with transaction.atomic():
            return Stay.objects.create(
                external_id=f"plek-{uuid.uuid4().hex}",
                person=person,
                facility_id=unit.facility_id,
                unit=unit,
                start_date=start,
                previous=previous,
                expected_end_date=expected_end,
                origin_municipality_id=person.origin_municipality_id,
            )
    except IntegrityError as exc:  # the database's own refusal (PostgreSQL)
        raise _invalid(
            "unit", _("Eenheid: deze eenheid of persoon is op die datum al bezet.")
        ) from exc


def _lock_unit_and_person(unit_id: int, person_id: int) -> tuple[Unit, Person]:
    """Lock the unit's facility (its capacity), the unit and the person, in that order."""
    facility_id = Unit.objects.filter(pk=unit_id).values_list("facility_id", flat=True).first()
    if facility_id is None:
        raise _invalid("unit", _("Eenheid: deze eenheid bestaat niet."))
    list(Facility.objects.select_for_update().filter(pk=facility_id).values_list("pk", flat=True))
    unit = Unit.objects.select_for_update().select_related("facility").get(pk=unit_id)
    person = Person.objects.select_for_update().get(pk=person_id)
    return unit, person
