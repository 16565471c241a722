"""Dutch notation in the report, and the quarters a period is split into."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from plek.monitor.engine import Period
from plek.monitor.report import formatting as f
from plek.monitor.report.periods import quarter_label, quarters
from plek.monitor.report.suppression import Kind, Published, count, share, statistic


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (count(0), "0"),
        (count(3), "<5"),
        (count(12345), "12.345"),
        (share(Decimal("0.3726"), 620), "37,3%"),
        (share(Decimal("0.1667"), 6), "–"),
        (share(None, 0), "n.v.t."),
        (statistic(Decimal("52.50"), 12), "52,5"),
        (Published(Kind.MONEY, Decimal("4071.50")), "€ 4.071,50"),
        (Published(Kind.UNIT_NIGHTS, 87600), "87.600"),
    ],
)
def test_display_in_dutch(cell: Published, text: str) -> None:
    assert f.display(cell) == text


def test_changes_carry_their_sign() -> None:
    assert f.display(statistic(Decimal("0.48"), 20), change=True) == "+0,48"
    assert f.display(statistic(Decimal("-1.00"), 20), change=True) == "−1,00"
    assert f.display(statistic(Decimal("0.00"), 20), change=True) == "0,00"


def test_rounding_is_half_away_from_zero() -> None:
    assert f.decimal(Decimal("0.125"), 2) == "0,13"
    assert f.decimal(Decimal("-0.125"), 2) == "−0,13"
    assert f.percentage(Decimal("0.0005")) == "0,1%"


def test_dates_in_dutch() -> None:
    assert f.long_date(datetime.date(2026, 6, 30)) == "30 juni 2026"
    assert f.period_text(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)) == (
        "1 januari 2025 tot en met 31 maart 2025"
    )
    assert f.short_period_text(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)) == (
        "1-1-2025 t/m 31-3-2025"
    )


def test_a_year_has_four_quarters() -> None:
    year = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2026, 1, 1))
    pieces = quarters(year)
    assert [quarter_label(q.start) for q in pieces] == ["2025-K1", "2025-K2", "2025-K3", "2025-K4"]
    assert [(q.start, q.end) for q in pieces][1] == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    assert all(q.as_of == year.as_of for q in pieces)


def test_a_period_across_quarters_gets_partial_ends() -> None:
    period = Period(
        datetime.date(2024, 2, 15), datetime.date(2024, 7, 10), datetime.date(2024, 12, 1), "GM0505"
    )
    assert [(q.start, q.end) for q in quarters(period)] == [
        (datetime.date(2024, 2, 15), datetime.date(2024, 3, 31)),
        (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)),
        (datetime.date(2024, 7, 1), datetime.date(2024, 7, 10)),
    ]
    assert {q.municipality for q in quarters(period)} == {"GM0505"}
