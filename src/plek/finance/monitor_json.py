"""Protected living and its money as an extension of the monitor's JSON (key ``beschermd_wonen``).

``BW``: the flow figures of ``plek.protection.figures`` for the period (with ``--municipality``,
only persons whose origin, as recorded at the start, is that municipality).
``kosten``: per municipality of origin the realised cost of the period (stays, ambulatory,
total), the budget that falls in the period and the difference (budget − total). A year's
budget is spread over its days: the period's share of a year is the number of its days in that
year / the days of the year, so a whole year gets the whole budget and a quarter about a
quarter. Amounts are strings with two decimals, as exact decimals cannot be JSON numbers
without a binary floating-point detour; ``null`` where no budget is known.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from typing import Any

from plek.finance.allocation import to_cents
from plek.finance.costs import realised_cost
from plek.finance.models import Budget
from plek.monitor.engine_types import Period
from plek.protection.figures import EVERYONE, Slice, all_figures


def _budget_in_period(start: datetime.date, end: datetime.date) -> dict[str, Decimal]:
    """Per municipality code: the budgets of the years the period touches, pro rata by days."""
    shares: dict[str, Fraction] = defaultdict(Fraction)
    budgets = Budget.objects.filter(year__gte=start.year, year__lte=end.year).values_list(
        "municipality__code", "year", "amount"
    )
    for code, year, amount in budgets:
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        days_in_year = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
        days = (last - first).days + 1
        shares[code] += Fraction(Decimal(amount)) * days / days_in_year
    return {code: to_cents(value) for code, value in shares.items()}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def protected_living(period: Period) -> dict[str, Any]:
    cut = Slice(municipality=period.municipality) if period.municipality else EVERYONE
    costs = realised_cost(period.start, period.end)
    budgets = _budget_in_period(period.start, period.end)
    codes = sorted(set(costs) | set(budgets))
    if period.municipality:
        codes = [code for code in codes if code == period.municipality]
    zero = Decimal("0.00")
    money: dict[str, Any] = {}
    for code in codes:
        cost = costs.get(code)
        stays = cost.stays if cost else zero
        ambulatory = cost.ambulatory if cost else zero
        budget = budgets.get(code)
        money[code] = {
            "verblijf": _money(stays),
            "ambulant": _money(ambulatory),
            "totaal": _money(stays + ambulatory),
            "budget": _money(budget),
            "verschil": _money(None if budget is None else budget - stays - ambulatory),
        }
    return {"BW": all_figures(period.start, period.end, cut), "kosten": money}
