"""The golden kit: a small region checked by hand (expected values in the tests that use it).

Municipalities A and B; BW1 (100.00 a night, 120.00 from 1 July 2024), BW2 (150.00) and a
night shelter (40.00). Persons: P1 (A, woman, 1990), P2 (A, man, 1960), P3 (B, woman, 2000),
P4 (B, man, 1980).

- S1 P1 BW1 2023-10-01 → 2024-03-01, to beschermd thuis
- S2 P2 BW1 2024-02-01 → 2024-08-01, transfer; S3 P2 BW2 2024-08-01 → open
- S4 P3 BW2 2024-06-15 → 2024-09-15, to an own home
- S5 P4 night shelter 2024-01-10 → 2024-01-20
- R1 P1 beschermd thuis, 5 hours a week (70.00 an hour, 84.00 from 1 May 2024),
  2024-03-01 … 2024-06-30
- R2 P3 beschermd thuis, per week (700.00), 2024-09-16 … open
- I1 P1 BW 2023-10-01 … 2024-02-29; I2 P2 BW 2024-02-01 … 2025-01-31;
  I3 P3 BT 2024-09-01 … 2024-12-31 ended 2024-11-30; I4 P1 BT 2024-03-01 … 2024-08-31
- Allocation model from 2023 over 5 years; shares A 0.75/0.40, B 0.25/0.60; 2024 total 100,000.00
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from plek.accounts.models import Municipality, Organisation
from plek.finance.models import (
    AllocationModel,
    DayTariff,
    MunicipalityShare,
    ProductTariff,
    RegionalTotal,
)
from plek.housing.models import Facility, Stay
from plek.people.models import Person
from plek.protection.models import Arrangement, Indication, Product
from tests.factories import MunicipalityFactory, OrganisationFactory, PersonFactory

D = datetime.date


@dataclass
class Kit:
    a: Municipality
    b: Municipality
    provider: Organisation
    persons: list[Person]
    model: AllocationModel
    bw1: Facility


def _facility(
    key: str, type_: str, tariff: str, place: Municipality, provider: Organisation
) -> Facility:
    return Facility.objects.create(
        external_id=f"kit-{key}",
        name=f"Kit {key}",
        type=type_,
        provider=provider,
        municipality=place,
        scope="regional",
        day_tariff=Decimal(tariff),
    )


def _stay(
    n: int,
    person: Person,
    facility: Facility,
    start: datetime.date,
    end: datetime.date | None,
    dest: str = "",
) -> Stay:
    return Stay.objects.create(
        external_id=f"kit-s{n}",
        person=person,
        facility=facility,
        start_date=start,
        end_date=end,
        exit_destination=dest,
        origin_municipality_id=person.origin_municipality_id,
    )


def build() -> Kit:
    a = MunicipalityFactory(code="GM9801", name="Kitgemeente A")
    b = MunicipalityFactory(code="GM9802", name="Kitgemeente B")
    provider = OrganisationFactory(kind="zorgaanbieder", municipality=a)
    p1 = PersonFactory(origin_municipality=a, sex="V", birth_date=D(1990, 3, 1))
    p2 = PersonFactory(origin_municipality=a, sex="M", birth_date=D(1960, 1, 1))
    p3 = PersonFactory(origin_municipality=b, sex="V", birth_date=D(2000, 1, 1))
    p4 = PersonFactory(origin_municipality=b, sex="M", birth_date=D(1980, 1, 1))
    bw1 = _facility("bw1", "beschermd_wonen", "100.00", a, provider)
    bw2 = _facility("bw2", "beschermd_wonen", "150.00", b, provider)
    shelter = _facility("nacht", "nachtopvang", "40.00", a, provider)
    DayTariff.objects.create(facility=bw1, valid_from=D(2024, 7, 1), amount=Decimal("120.00"))
    _stay(1, p1, bw1, D(2023, 10, 1), D(2024, 3, 1), "beschermd_thuis")
    _stay(2, p2, bw1, D(2024, 2, 1), D(2024, 8, 1), "beschermd_wonen")
    _stay(3, p2, bw2, D(2024, 8, 1), None)
    _stay(4, p3, bw2, D(2024, 6, 15), D(2024, 9, 15), "eigen_woning")
    _stay(5, p4, shelter, D(2024, 1, 10), D(2024, 1, 20), "straat")
    hourly = Product.objects.create(code="KIT-UUR", name="Begeleiding per uur", unit="uur")
    weekly = Product.objects.create(code="KIT-WEEK", name="Beschermd thuis per week", unit="week")
    ProductTariff.objects.create(product=hourly, valid_from=D(2023, 1, 1), amount=Decimal("70.00"))
    ProductTariff.objects.create(product=hourly, valid_from=D(2024, 5, 1), amount=Decimal("84.00"))
    ProductTariff.objects.create(product=weekly, valid_from=D(2020, 1, 1), amount=Decimal("700.00"))
    Arrangement.objects.create(
        external_id="kit-r1",
        person=p1,
        kind="beschermd_thuis",
        provider=provider,
        product=hourly,
        hours_per_week=Decimal("5"),
        start_date=D(2024, 3, 1),
        end_date=D(2024, 6, 30),
        origin_municipality=a,
    )
    Arrangement.objects.create(
        external_id="kit-r2",
        person=p3,
        kind="beschermd_thuis",
        provider=provider,
        product=weekly,
        start_date=D(2024, 9, 16),
        origin_municipality=b,
    )
    for n, (person, kind, start, until, ended) in enumerate(
        [
            (p1, "beschermd_wonen", D(2023, 10, 1), D(2024, 2, 29), None),
            (p2, "beschermd_wonen", D(2024, 2, 1), D(2025, 1, 31), None),
            (p3, "beschermd_thuis", D(2024, 9, 1), D(2024, 12, 31), D(2024, 11, 30)),
            (p1, "beschermd_thuis", D(2024, 3, 1), D(2024, 8, 31), None),
        ],
        start=1,
    ):
        Indication.objects.create(
            external_id=f"kit-i{n}",
            person=person,
            kind=kind,
            decided_on=start,
            valid_from=start,
            valid_until=until,
            ended_on=ended,
            municipality=person.origin_municipality,
            origin_municipality=person.origin_municipality,
        )
    model = AllocationModel.objects.create(name="Kitmodel", first_year=2023, phase_out_years=5)
    RegionalTotal.objects.create(model=model, year=2024, amount=Decimal("100000.00"))
    MunicipalityShare.objects.create(
        model=model, municipality=a, historical=Decimal("0.75"), objective=Decimal("0.40")
    )
    MunicipalityShare.objects.create(
        model=model, municipality=b, historical=Decimal("0.25"), objective=Decimal("0.60")
    )
    return Kit(a, b, provider, [p1, p2, p3, p4], model, bw1)
