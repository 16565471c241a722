"""The protected-living figures as indicators the execution programmes can bind to a target.

Each indicator is a function of a period (dates inclusive) and an optional municipality of
origin (its code) that returns one exact number (None when it has no value, e.g. a share over
nobody). Stocks are taken on the last day of the period. Published values go through the
monitor's suppression where they are shown; these are the exact figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from plek.finance.costs import realised_cost
from plek.finance.models import Budget
from plek.protection import figures
from plek.protection.figures import Slice

Value = int | Decimal | None
Measure = Callable[[datetime.date, datetime.date, str | None], Value]


@dataclass(frozen=True)
class Indicator:
    code: str
    label: object  # a lazy translation
    unit: str  # "personen", "aandeel", "euro"
    measure: Measure


def _cut(code: str | None) -> Slice:
    return Slice(municipality=code)


def _cost(start: datetime.date, end: datetime.date, code: str | None) -> Decimal:
    costs = realised_cost(start, end)
    if code is not None:
        return costs[code].total if code in costs else Decimal("0.00")
    return sum((c.total for c in costs.values()), Decimal("0.00"))


def _budget_left(start: datetime.date, end: datetime.date, code: str | None) -> Decimal | None:
    """Budget minus realised cost for a calendar year (None for any other period)."""
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        return None
    budgets = Budget.objects.filter(year=start.year)
    if code is not None:
        budgets = budgets.filter(municipality__code=code)
    if not budgets.exists():
        return None
    return sum((b.amount for b in budgets), Decimal(0)) - _cost(start, end, code)


INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        Indicator(
            "bw.bestand",
            _("Bewoners beschermd wonen (einde periode)"),
            "personen",
            lambda a, b, code: figures.bw_stock(b, _cut(code)),
        ),
        Indicator(
            "bw.instroom",
            _("Instroom beschermd wonen"),
            "personen",
            lambda a, b, code: figures.bw_inflow(a, b, _cut(code)),
        ),
        Indicator(
            "bw.uitstroom",
            _("Uitstroom beschermd wonen"),
            "personen",
            lambda a, b, code: figures.bw_outflow(a, b, _cut(code))["persons"],
        ),
        Indicator(
            "bw.naar_beschermd_thuis",
            _("Aandeel uitstroom naar beschermd thuis"),
            "aandeel",
            lambda a, b, code: figures.bw_outflow(a, b, _cut(code))["share"],
        ),
        Indicator(
            "bt.bestand",
            _("Cliënten beschermd thuis (einde periode)"),
            "personen",
            lambda a, b, code: figures.beschermd_thuis(b, _cut(code)),
        ),
        Indicator(
            "indicaties.aflopend",
            _("Aflopende indicaties"),
            "personen",
            lambda a, b, code: figures.indications_expiring(a, b, _cut(code))["total"],
        ),
        Indicator("kosten.gerealiseerd", _("Gerealiseerde kosten"), "euro", _cost),
        Indicator("kosten.budget_over", _("Budget min kosten (jaar)"), "euro", _budget_left),
    )
}


def measure(
    code: str, start: datetime.date, end: datetime.date, municipality: str | None = None
) -> Value:
    return INDICATORS[code].measure(start, end, municipality)
