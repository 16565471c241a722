"""Synthetic facilities, units and waiting entries for the housing tests."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from plek.accounts.models import Membership, Organisation
from plek.core.dates import today as plek_today
from plek.housing.models import CapacityPeriod, Facility, Stay, Unit, WaitingEntry
from plek.people.models import Person
from tests.factories import MunicipalityFactory, OrganisationFactory, PersonFactory

TODAY = plek_today()


def facility(
    facility_type: str = "nachtopvang",
    provider: Organisation | None = None,
    units: int = 2,
    **rules: object,
) -> Facility:
    provider = provider or OrganisationFactory(kind="opvang_aanbieder")
    made = Facility.objects.create(
        external_id=f"f-{uuid.uuid4().hex[:8]}",
        name=f"Voorziening {facility_type} {uuid.uuid4().hex[:4]}",
        type=facility_type,
        provider=provider,
        municipality=MunicipalityFactory(),
        scope="regional",
        day_tariff=Decimal("50.00"),
        **rules,
    )
    CapacityPeriod.objects.create(facility=made, valid_from=datetime.date(2020, 1, 1), units=units)
    for number in range(1, units + 1):
        Unit.objects.create(facility=made, code=f"{number:02d}", kind="kamer")
    return made


def entry(
    person: Person | None = None,
    facility_type: str = "nachtopvang",
    registered_on: datetime.date | None = None,
    priority: str = "normaal",
    **fields: object,
) -> WaitingEntry:
    return WaitingEntry.objects.create(
        external_id=f"w-{uuid.uuid4().hex}",
        person=person or PersonFactory(),
        facility_type=facility_type,
        registered_on=registered_on or TODAY - datetime.timedelta(days=10),
        priority=priority,
        **fields,
    )


def imported_stay(person: Person, made: Facility, start: datetime.date) -> Stay:
    return Stay.objects.create(
        external_id=f"s-{uuid.uuid4().hex}", person=person, facility=made, start_date=start
    )


def provider_member(member, made: Facility) -> Membership:  # type: ignore[no-untyped-def]
    return member("aanbieder", organisation=made.provider)
