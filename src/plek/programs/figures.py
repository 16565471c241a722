"""Figures the execution programmes need beyond M1–M13, in set-based SQL on the chain's tables.

Each function answers one figure for a period (or a day) and a scope, with the exact base count
its publication rule needs; `plek.programs.indicators` publishes them through the monitor's
suppression rules. The definitions (docs/programmes.md):

- ``hf_new``: stays in a Housing First facility (category ``hf``) that start in the period.
- ``capacity``: places of the facilities of one type on a day, each facility with the capacity
  period valid that day (the latest ``valid_from`` on or before it).
- ``respite_places``: the same for the respite category (``respijt``).
- ``postal_median_days``: median days from application to decision of the postal-address
  applications decided (granted or refused) in the period.
- ``bw_stock``: persons with a protected-living stay (category ``bw``) open on the day;
  ``bw_inflow`` / ``bw_outflow``: persons with such a stay starting / ending in the period.

Persons are scoped by their municipality of origin, facilities by their own municipality.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from plek.monitor import figures as exact
from plek.monitor.sql import current_dialect, fetch_one


@dataclass(frozen=True)
class Figure:
    """An exact value and the number of items it is taken over (for a median: the values)."""

    value: int | Decimal | None
    base: int


def _persons(municipality: str | None) -> tuple[str, list[object]]:
    if municipality is None:
        return "", []
    return (
        " AND s.person_id IN (SELECT p.id FROM people_person p "
        "JOIN accounts_municipality m ON m.id = p.origin_municipality_id WHERE m.code = %s)",
        [municipality],
    )


def _count(sql: str, params: list[object]) -> Figure:
    (value,) = fetch_one(sql, params)
    return Figure(int(value or 0), int(value or 0))


def hf_new(start: datetime.date, end: datetime.date, municipality: str | None) -> Figure:
    d = current_dialect()
    scope, params = _persons(municipality)
    return _count(
        "SELECT COUNT(*) FROM housing_stay s JOIN housing_facility f ON f.id = s.facility_id "
        f"WHERE f.category = 'hf' AND s.start_date BETWEEN {d.date()} AND {d.date()}{scope}",
        [start.isoformat(), end.isoformat(), *params],
    )


def _capacity(condition: str, value: str, day: datetime.date, municipality: str | None) -> Figure:
    d = current_dialect()
    scope, params = "", []
    if municipality is not None:
        scope = " AND f.municipality_id IN (SELECT id FROM accounts_municipality WHERE code = %s)"
        params = [municipality]
    sql = (
        "SELECT COALESCE(SUM(c.units), 0) FROM housing_capacityperiod c "
        "JOIN housing_facility f ON f.id = c.facility_id "
        f"WHERE f.{condition} = %s AND c.valid_from <= {d.date()} "
        "AND NOT EXISTS (SELECT 1 FROM housing_capacityperiod later "
        "WHERE later.facility_id = c.facility_id AND later.valid_from > c.valid_from "
        f"AND later.valid_from <= {d.date()}){scope}"
    )
    (units,) = fetch_one(sql, [value, day.isoformat(), day.isoformat(), *params])
    return Figure(int(units or 0), int(units or 0))


def capacity(facility_type: str, day: datetime.date, municipality: str | None) -> Figure:
    return _capacity("type", facility_type, day, municipality)


def respite_places(day: datetime.date, municipality: str | None) -> Figure:
    return _capacity("category", "respijt", day, municipality)


def postal_median_days(
    start: datetime.date, end: datetime.date, municipality: str | None
) -> Figure:
    d = current_dialect()
    scope, params = _persons(municipality)
    values = (
        f"SELECT {d.days('s.decided_on', 's.applied_on')} AS v FROM postal_postalapplication s "
        f"WHERE s.decided_on BETWEEN {d.date()} AND {d.date()} "
        f"AND s.decision IN ('toegekend', 'afgewezen'){scope}"
    )
    sql = (
        "SELECT COUNT(*), "
        "SUM(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN v END), "
        "SUM(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN 1 ELSE 0 END) "
        "FROM (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n "
        f"FROM ({values}) AS vals) AS ranked"
    )
    count, middle_sum, middle_count = fetch_one(sql, [start.isoformat(), end.isoformat(), *params])
    return Figure(exact.median_of_middle(middle_sum, middle_count), int(count or 0))


def _bw(condition: str, params: list[object], municipality: str | None) -> Figure:
    scope, scope_params = _persons(municipality)
    return _count(
        "SELECT COUNT(DISTINCT s.person_id) FROM housing_stay s "
        "JOIN housing_facility f ON f.id = s.facility_id "
        f"WHERE f.category = 'bw' AND {condition}{scope}",
        [*params, *scope_params],
    )


def bw_stock(day: datetime.date, municipality: str | None) -> Figure:
    d = current_dialect()
    on = day.isoformat()
    return _bw(
        f"s.start_date <= {d.date()} AND (s.end_date IS NULL OR s.end_date > {d.date()})",
        [on, on],
        municipality,
    )


def bw_inflow(start: datetime.date, end: datetime.date, municipality: str | None) -> Figure:
    d = current_dialect()
    return _bw(
        f"s.start_date BETWEEN {d.date()} AND {d.date()}",
        [start.isoformat(), end.isoformat()],
        municipality,
    )


def bw_outflow(start: datetime.date, end: datetime.date, municipality: str | None) -> Figure:
    d = current_dialect()
    return _bw(
        f"s.end_date BETWEEN {d.date()} AND {d.date()}",
        [start.isoformat(), end.isoformat()],
        municipality,
    )
