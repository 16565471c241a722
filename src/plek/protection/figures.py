"""The figures of the move from protected living to a protected home, set-based.

Read-only aggregates for the policy page, the monitor's output and the programmes' indicators;
nothing here returns a person. Definitions (period P = [start, end], dates inclusive; "BW" is the
facility category ``bw``: beschermd wonen and probeerplek):

- BW stock on a day: distinct persons with a BW stay with start ≤ day < end (open: no end).
- A BW stay *continues* another when the same person has a BW stay ending on its start day
  (a transfer between BW facilities); such a start is no inflow and such an end no outflow.
- BW inflow in P: distinct persons with a BW stay starting in P that continues none.
- BW outflow in P: distinct persons with a BW stay ending in P that no BW stay continues;
  of them, *to a protected home*: those with such an ending whose destination is beschermd thuis.
- Beschermd thuis on a day: distinct persons with a beschermd-thuis arrangement with
  start ≤ day ≤ end (the arrangement's end date is its last day).
- Indications expiring in P: indications not ended early whose last day (valid until) lies in P.

The municipality of origin is the one recorded when the stay, arrangement or indication started
(the person's current origin only where none was recorded). Cuts: origin municipality (code), sex,
age band (age on the last day of P, or on the day), and facility type (stays only).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from plek.housing.choices import Category
from plek.housing.models import Stay
from plek.protection.models import Arrangement, ArrangementKind, Indication

BESCHERMD_THUIS = "beschermd_thuis"


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Slice:
    """A cut of the figures; None means everyone."""

    municipality: str | None = None  # code of the municipality of origin
    sex: str | None = None
    min_age: int | None = None
    max_age: int | None = None  # inclusive
    facility_type: str | None = None

    def persons(self, prefix: str, on: datetime.date) -> Q:
        q = Q()
        if self.sex is not None:
            q &= Q(**{f"{prefix}sex": self.sex})
        if self.min_age is not None:
            q &= Q(**{f"{prefix}birth_date__lte": _years_before(on, self.min_age)})
            oldest = self.max_age if self.max_age is not None else 150
            q &= Q(**{f"{prefix}birth_date__gt": _years_before(on, oldest + 1)})
        return q


EVERYONE = Slice()


def _origin(query: QuerySet[Any], cut: Slice) -> QuerySet[Any]:
    if cut.municipality is None:
        return query
    return query.annotate(
        origin_code=Coalesce("origin_municipality__code", "person__origin_municipality__code")
    ).filter(origin_code=cut.municipality)


def bw_stays(cut: Slice, on: datetime.date) -> QuerySet[Stay]:
    query = Stay.objects.filter(facility__category=Category.BW).filter(cut.persons("person__", on))
    if cut.facility_type is not None:
        query = query.filter(facility__type=cut.facility_type)
    return _origin(query, cut)


def _continued_from() -> Exists:
    return Exists(
        Stay.objects.filter(
            facility__category=Category.BW,
            person_id=OuterRef("person_id"),
            end_date=OuterRef("start_date"),
        )
    )


def _continued_by() -> Exists:
    return Exists(
        Stay.objects.filter(
            facility__category=Category.BW,
            person_id=OuterRef("person_id"),
            start_date=OuterRef("end_date"),
        )
    )


def bw_stock(day: datetime.date, cut: Slice = EVERYONE) -> int:
    return (
        bw_stays(cut, day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=day), start_date__lte=day)
        .values("person_id")
        .distinct()
        .count()
    )


def bw_inflow(start: datetime.date, end: datetime.date, cut: Slice = EVERYONE) -> int:
    return (
        bw_stays(cut, end)
        .filter(start_date__gte=start, start_date__lte=end)
        .exclude(_continued_from())
        .values("person_id")
        .distinct()
        .count()
    )


def _outflow(start: datetime.date, end: datetime.date, cut: Slice) -> QuerySet[Stay]:
    return (
        bw_stays(cut, end).filter(end_date__gte=start, end_date__lte=end).exclude(_continued_by())
    )


def bw_outflow(start: datetime.date, end: datetime.date, cut: Slice = EVERYONE) -> dict[str, Any]:
    """Persons leaving protected living in P, and how many of them for a protected home."""
    out = _outflow(start, end, cut)
    persons = out.values("person_id").distinct().count()
    home = out.filter(exit_destination=BESCHERMD_THUIS).values("person_id").distinct().count()
    return {"persons": persons, "to_protected_home": home, "share": _share(home, persons)}


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def beschermd_thuis(day: datetime.date, cut: Slice = EVERYONE) -> int:
    query = Arrangement.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        kind=ArrangementKind.BESCHERMD_THUIS,
        start_date__lte=day,
    ).filter(cut.persons("person__", day))
    return _origin(query, cut).values("person_id").distinct().count()


def indications_expiring(
    start: datetime.date, end: datetime.date, cut: Slice = EVERYONE
) -> dict[str, int]:
    """Per kind, and in total, the indications whose last day lies in P."""
    query = Indication.objects.filter(
        ended_on__isnull=True, valid_until__gte=start, valid_until__lte=end
    ).filter(cut.persons("person__", end))
    rows = _origin(query, cut).values_list("kind", flat=True)
    counts: dict[str, int] = {}
    for kind in rows.order_by():
        counts[kind] = counts.get(kind, 0) + 1
    return {"total": sum(counts.values()), **dict(sorted(counts.items()))}


def all_figures(start: datetime.date, end: datetime.date, cut: Slice = EVERYONE) -> dict[str, Any]:
    """The figures of P as plain values (the monitor JSON's extension keys ``BW``)."""
    outflow = bw_outflow(start, end, cut)
    return {
        "stock_at_start": bw_stock(start, cut),
        "stock_at_end": bw_stock(end, cut),
        "inflow": bw_inflow(start, end, cut),
        "outflow": outflow["persons"],
        "to_protected_home": outflow["to_protected_home"],
        "to_protected_home_share": outflow["share"],
        "beschermd_thuis_at_end": beschermd_thuis(end, cut),
        "indications_expiring": indications_expiring(start, end, cut)["total"],
    }
