"""Realised cost per municipality of origin, in set-based SQL with exact decimals.

Stays (category ``bw``: beschermd wonen and probeerplek) cost their nights in the period × the
facility's day tariff of each night: the tariff in force on that night (``DayTariff``), the
facility's own ``day_tariff`` before its first tariff row. A stay occupies the nights
start … end − 1 (an open stay every night from its start).

Ambulatory arrangements cost their days in the period (start … end, both inclusive) × a day's
share of the week: hours per week × the hourly tariff / 7 for products paid per hour, the weekly
tariff / 7 for products paid per week; the tariff in force on that day.

SQL returns, per (origin, tariff amount), whole nights or days (and hundredths of hours); the
tariffs are applied here in exact fractions and each municipality's total is rounded half up to
cents once. The origin is the one recorded at the start (the person's current one only where
none was recorded).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from plek.finance.allocation import to_cents
from plek.monitor.sql import Dialect, current_dialect, fetch_all

UNKNOWN = "onbekend"
EPOCH = "0001-01-01"


@dataclass(frozen=True)
class Cost:
    stays: Decimal
    ambulatory: Decimal

    @property
    def total(self) -> Decimal:
        return self.stays + self.ambulatory


def _segments(d: Dialect, tariff_table: str, key: str, base_sql: str) -> str:
    """(key, seg_start, seg_end exclusive or NULL, amount) for every tariff period."""
    return (
        f"SELECT t.{key} AS k, t.valid_from AS seg_start, "
        f"(SELECT MIN(t2.valid_from) FROM {tariff_table} t2 WHERE t2.{key} = t.{key} "
        "AND t2.valid_from > t.valid_from) AS seg_end, t.amount AS amount "
        f"FROM {tariff_table} t UNION ALL {base_sql}"
    )


def _stay_nights(d: Dialect, categories: tuple[str, ...] | None) -> str:
    segments = _segments(
        d,
        "finance_daytariff",
        "facility_id",
        f"SELECT f.id, {d.date()}, (SELECT MIN(t.valid_from) FROM finance_daytariff t "
        "WHERE t.facility_id = f.id), f.day_tariff FROM housing_facility f",
    )
    first = d.greatest(d.greatest("s.start_date", "g.seg_start"), d.date())
    last = d.least(
        d.least(f"COALESCE(s.end_date, {d.date()})", f"COALESCE(g.seg_end, {d.date()})"),
        d.date(),
    )
    nights = d.days(last, first)
    category = ""
    if categories is not None:
        category = "AND f.category IN (" + ", ".join(f"'{c}'" for c in categories) + ") "
    return (
        f"SELECT COALESCE(ms.code, mp.code, '{UNKNOWN}'), g.amount, SUM({nights}) "
        "FROM housing_stay s JOIN housing_facility f ON f.id = s.facility_id "
        f"JOIN ({segments}) g ON g.k = s.facility_id "
        "JOIN people_person p ON p.id = s.person_id "
        "LEFT JOIN accounts_municipality ms ON ms.id = s.origin_municipality_id "
        "LEFT JOIN accounts_municipality mp ON mp.id = p.origin_municipality_id "
        f"WHERE {nights} > 0 {category}"
        f"GROUP BY COALESCE(ms.code, mp.code, '{UNKNOWN}'), g.amount"
    )


def stay_cost(
    start: datetime.date,
    end: datetime.date,
    categories: tuple[str, ...] | None = ("bw",),
) -> dict[str, Decimal]:
    """Per origin code: nights in [start, end] × day tariff; all categories when None (M13)."""
    d = current_dialect()
    a, b1 = start.isoformat(), (end + datetime.timedelta(days=1)).isoformat()
    # Parameters in order of appearance: `nights` (select), the base segment's start, `nights`.
    per_nights = [b1, b1, b1, a]
    rows = fetch_all(_stay_nights(d, categories), [*per_nights, EPOCH, *per_nights])
    totals: dict[str, Fraction] = defaultdict(Fraction)
    for code, amount, nights in rows:
        totals[code] += Fraction(Decimal(str(amount))) * int(nights)
    return {code: to_cents(value) for code, value in sorted(totals.items())}


def _arrangement_days(d: Dialect) -> str:
    segments = _segments(
        d,
        "finance_producttariff",
        "product_id",
        f"SELECT pr.id, {d.date()}, (SELECT MIN(t.valid_from) FROM finance_producttariff t "
        "WHERE t.product_id = pr.id), NULL FROM protection_product pr",
    )
    first = d.greatest(d.greatest("a.start_date", "g.seg_start"), d.date())
    after = d.plus_days("a.end_date", 1)
    last = d.least(
        d.least(f"COALESCE({after}, {d.date()})", f"COALESCE(g.seg_end, {d.date()})"),
        d.date(),
    )
    days = d.days(last, first)
    centi_hours = "CAST(ROUND(COALESCE(a.hours_per_week, 0) * 100) AS INTEGER)"
    return (
        f"SELECT COALESCE(ma.code, mp.code, '{UNKNOWN}'), pr.unit, g.amount, "
        f"SUM({days}), SUM({days} * {centi_hours}) "
        "FROM protection_arrangement a JOIN protection_product pr ON pr.id = a.product_id "
        f"JOIN ({segments}) g ON g.k = a.product_id "
        "JOIN people_person p ON p.id = a.person_id "
        "LEFT JOIN accounts_municipality ma ON ma.id = a.origin_municipality_id "
        "LEFT JOIN accounts_municipality mp ON mp.id = p.origin_municipality_id "
        f"WHERE g.amount IS NOT NULL AND {days} > 0 "
        f"GROUP BY COALESCE(ma.code, mp.code, '{UNKNOWN}'), pr.unit, g.amount"
    )


def ambulatory_cost(start: datetime.date, end: datetime.date) -> dict[str, Decimal]:
    """Per origin code: days of ambulatory support in [start, end] × the tariff's day share."""
    d = current_dialect()
    a, b1 = start.isoformat(), (end + datetime.timedelta(days=1)).isoformat()
    per_days = [b1, b1, b1, a]
    rows = fetch_all(_arrangement_days(d), [*per_days, *per_days, EPOCH, *per_days])
    totals: dict[str, Fraction] = defaultdict(Fraction)
    for code, unit, amount, days, day_centi_hours in rows:
        tariff = Fraction(Decimal(str(amount)))
        if unit == "uur":
            totals[code] += tariff * int(day_centi_hours) / 700
        else:
            totals[code] += tariff * int(days) / 7
    return {code: to_cents(value) for code, value in sorted(totals.items())}


def realised_cost(start: datetime.date, end: datetime.date) -> dict[str, Cost]:
    stays = stay_cost(start, end)
    ambulatory = ambulatory_cost(start, end)
    zero = Decimal("0.00")
    return {
        code: Cost(stays.get(code, zero), ambulatory.get(code, zero))
        for code in sorted(set(stays) | set(ambulatory))
    }
