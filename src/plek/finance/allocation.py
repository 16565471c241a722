"""The allocation model (verdeelmodel) as arithmetic: pure functions, exact fractions.

For a model with first year Y0 and a phase-out of N years, the weight of the historical share in
year Y is 1 before Y0 and 1 − (Y − Y0 + 1) / N from Y0 on, never below 0: with N = 5 it is
80%, 60%, 40%, 20% and 0% in the five phase-out years. A municipality's budget in year Y is

    total(Y) × (w(Y) × historical share + (1 − w(Y)) × objective share)

rounded half up to cents. The shares of the municipalities each add up to 1.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")


def historical_weight(first_year: int, phase_out_years: int, year: int) -> Fraction:
    if year < first_year:
        return Fraction(1)
    return max(Fraction(0), 1 - Fraction(year - first_year + 1, phase_out_years))


def to_cents(value: Fraction) -> Decimal:
    """Round an exact non-negative amount half up to cents, without any intermediate rounding."""
    cents = math.floor(value * 100 + Fraction(1, 2))
    return (Decimal(cents) / 100).quantize(CENT)


def budget(
    total: Decimal,
    historical: Decimal,
    objective: Decimal,
    first_year: int,
    phase_out_years: int,
    year: int,
) -> tuple[Decimal, Decimal]:
    """(the budget, its historical part) of one municipality in `year`."""
    weight = historical_weight(first_year, phase_out_years, year)
    whole = Fraction(total)
    historical_part = whole * weight * Fraction(historical)
    objective_part = whole * (1 - weight) * Fraction(objective)
    return to_cents(historical_part + objective_part), to_cents(historical_part)
