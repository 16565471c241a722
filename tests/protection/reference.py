"""Plain-Python reference for the protection figures and the cost per municipality of origin:
day by day, person by person, written from the definitions and nothing else."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class RStay:
    person: int
    category: str
    facility: str
    start: datetime.date
    end: datetime.date | None
    dest: str
    origin: str


@dataclass(frozen=True)
class RArrangement:
    person: int
    kind: str
    product: str
    unit: str
    hours: Decimal | None
    start: datetime.date
    end: datetime.date | None  # last day
    origin: str


@dataclass(frozen=True)
class RIndication:
    person: int
    kind: str
    until: datetime.date
    ended: datetime.date | None
    origin: str


def days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


def in_bw(stays: list[RStay], person: int, night: datetime.date) -> bool:
    return any(
        s.person == person
        and s.category == "bw"
        and s.start <= night
        and (s.end is None or night < s.end)
        for s in stays
    )


def stock(stays: list[RStay], day: datetime.date, origin: str | None = None) -> int:
    return len(
        {
            s.person
            for s in stays
            if s.category == "bw"
            and s.start <= day
            and (s.end is None or day < s.end)
            and (origin is None or s.origin == origin)
        }
    )


def _continued_from(stays: list[RStay], s: RStay) -> bool:
    return any(o.person == s.person and o.category == "bw" and o.end == s.start for o in stays)


def _continued_by(stays: list[RStay], s: RStay) -> bool:
    return any(o.person == s.person and o.category == "bw" and o.start == s.end for o in stays)


def inflow(
    stays: list[RStay], a: datetime.date, b: datetime.date, origin: str | None = None
) -> int:
    return len(
        {
            s.person
            for s in stays
            if s.category == "bw"
            and a <= s.start <= b
            and not _continued_from(stays, s)
            and (origin is None or s.origin == origin)
        }
    )


def outflow(
    stays: list[RStay], a: datetime.date, b: datetime.date, origin: str | None = None
) -> tuple[int, int]:
    leaving = [
        s
        for s in stays
        if s.category == "bw"
        and s.end is not None
        and a <= s.end <= b
        and not _continued_by(stays, s)
        and (origin is None or s.origin == origin)
    ]
    return len({s.person for s in leaving}), len(
        {s.person for s in leaving if s.dest == "beschermd_thuis"}
    )


def protected_home(
    arrangements: list[RArrangement], day: datetime.date, origin: str | None = None
) -> int:
    return len(
        {
            r.person
            for r in arrangements
            if r.kind == "beschermd_thuis"
            and r.start <= day
            and (r.end is None or day <= r.end)
            and (origin is None or r.origin == origin)
        }
    )


def expiring(
    indications: list[RIndication], a: datetime.date, b: datetime.date, origin: str | None = None
) -> int:
    return sum(
        1
        for i in indications
        if i.ended is None and a <= i.until <= b and (origin is None or i.origin == origin)
    )


def tariff_on(
    tariffs: list[tuple[datetime.date, Decimal]], base: Decimal | None, day: datetime.date
) -> Decimal | None:
    held = base
    for valid_from, amount in sorted(tariffs):
        if valid_from <= day:
            held = amount
    return held


def cents(value: Fraction) -> Decimal:
    # Half up, exactly: floor(100 × value + 1/2).
    n = value * 100 + Fraction(1, 2)
    return Decimal(n.numerator // n.denominator) / 100


def cost(
    stays: list[RStay],
    arrangements: list[RArrangement],
    day_tariffs: dict[str, tuple[Decimal, list[tuple[datetime.date, Decimal]]]],
    product_tariffs: dict[str, list[tuple[datetime.date, Decimal]]],
    a: datetime.date,
    b: datetime.date,
) -> dict[str, Decimal]:
    totals: dict[str, Fraction] = {}
    for s in stays:
        if s.category != "bw":
            continue
        base, changes = day_tariffs[s.facility]
        for night in days(a, b):
            if s.start <= night and (s.end is None or night < s.end):
                amount = tariff_on(changes, base, night)
                assert amount is not None
                totals[s.origin] = totals.get(s.origin, Fraction(0)) + Fraction(amount)
    for r in arrangements:
        for day in days(a, b):
            if r.start <= day and (r.end is None or day <= r.end):
                amount = tariff_on(product_tariffs[r.product], None, day)
                if amount is None:
                    continue
                weekly = Fraction(amount) * (Fraction(r.hours) if r.unit == "uur" else 1)
                totals[r.origin] = totals.get(r.origin, Fraction(0)) + weekly / 7
    return {origin: cents(value) for origin, value in sorted(totals.items())}


def budget(
    total: Decimal, historical: Decimal, objective: Decimal, first: int, years: int, year: int
) -> Decimal:
    weight = Fraction(1) if year < first else Fraction(max(0, years - (year - first + 1)), years)
    return cents(
        Fraction(total) * (weight * Fraction(historical) + (1 - weight) * Fraction(objective))
    )
