"""Dutch notation for published cells and dates: 1.234 · 37,3% · 10,5 · € 4.071,50 · 1 maart 2025.

Written out here rather than through Django's localisation, so a report reads the same whatever
the language of the process that renders it.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.dateformat import format as date_format

from plek.monitor.report.suppression import Kind, Number, Published

MINUS = "−"  # U+2212: a real minus sign, as wide as the plus


def _grouped(whole: int) -> str:
    return f"{whole:,}".replace(",", ".")


def decimal(value: Number, places: int) -> str:
    """`value` with `places` decimals, a decimal comma and a dot between thousands."""
    exact = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if exact < 0 else ""
    whole, _, fraction = f"{abs(exact):f}".partition(".")
    return sign + _grouped(int(whole)) + ("," + fraction if fraction else "")


def signed(value: Number, places: int = 2) -> str:
    """A change: always with its sign (+0,50 / −1,00); zero without one."""
    text = decimal(value, places)
    return text if Decimal(value) <= 0 else "+" + text


def percentage(share: Number) -> str:
    # Shares are exact to 4 places: one decimal in percent is all a reader needs.
    return decimal(Decimal(share) * 100, 1) + "%"


def euros(amount: Number, places: int = 2) -> str:
    return "€ " + decimal(amount, places)


def display(cell: Published, *, change: bool = False) -> str:
    """The text of a published cell: its mark when it has one, else the value in Dutch."""
    if cell.mark is not None or cell.value is None:
        return cell.mark or ""
    value = cell.value
    if cell.kind in (Kind.COUNT, Kind.UNIT_NIGHTS):
        return _grouped(int(value))
    if cell.kind in (Kind.SHARE, Kind.OCCUPANCY):
        return percentage(value)
    if cell.kind is Kind.MONEY:
        return euros(value)
    return signed(value) if change else decimal(value, 1)


def long_date(day: datetime.date) -> str:
    """1 januari 2025: month names from Django's Dutch translations."""
    with translation.override("nl"):
        return date_format(day, "j F Y")


def period_text(start: datetime.date, end: datetime.date) -> str:
    return f"{long_date(start)} tot en met {long_date(end)}"


def short_period_text(start: datetime.date, end: datetime.date) -> str:
    """1-1-2025 t/m 31-3-2025, for table cells."""
    return f"{start.day}-{start.month}-{start.year} t/m {end.day}-{end.month}-{end.year}"
