from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from plek.monitor import figures


def test_ties_round_away_from_zero() -> None:
    assert figures.mean(1, 8) == Decimal("0.13")  # 0.125
    assert figures.mean(-1, 8) == Decimal("-0.13")
    assert figures.share(1, 32) == Decimal("0.0313")  # 0.03125


def test_zero_denominator_gives_none() -> None:
    assert figures.share(0, 0) is None
    assert figures.mean(0, 0) is None
    assert figures.median_of_middle(None, 0) is None


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_share_is_the_exact_fraction_rounded(part: int, whole: int) -> None:
    result = figures.share(part, whole)
    assert result is not None
    assert abs(result - Decimal(part) / Decimal(whole)) <= Decimal("0.00005")
