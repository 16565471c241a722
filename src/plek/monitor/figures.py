"""Exact arithmetic for the monitor: shares, means and medians rounded as docs/monitor.md says.

SQL delivers exact integers (counts, sums, the middle values of a sorted list); only here do they
become decimals, rounded half away from zero, never through a binary float.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SHARE_PLACES = Decimal("0.0001")
AMOUNT_PLACES = Decimal("0.01")


def _round(value: Decimal, places: Decimal) -> Decimal:
    # ROUND_HALF_UP in Python's decimal rounds a tie away from zero, also for negative values.
    return value.quantize(places, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return _round(Decimal(part) / Decimal(whole), SHARE_PLACES)


def mean(total: int | Decimal, count: int) -> Decimal | None:
    if not count:
        return None
    return _round(Decimal(total) / Decimal(count), AMOUNT_PLACES)


def median_of_middle(middle_sum: int | None, middle_count: int | None) -> Decimal | None:
    """The median from the sum of the one (odd count) or two (even count) middle values."""
    if not middle_count:
        return None
    return mean(int(middle_sum or 0), middle_count)


def amount(value: Decimal) -> Decimal:
    return _round(value, AMOUNT_PLACES)
