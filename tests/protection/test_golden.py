"""The figures on the hand-checked kit (see tests/protection/kit.py for the data)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from plek.protection import figures
from plek.protection.figures import Slice
from tests.protection import kit

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = (D(2024, 1, 1), D(2024, 12, 31))


def test_stock_on_a_day() -> None:
    kit.build()
    assert figures.bw_stock(D(2024, 1, 1)) == 1  # P1 (S1)
    assert figures.bw_stock(D(2024, 6, 30)) == 2  # P2 (S2), P3 (S4)
    assert figures.bw_stock(D(2024, 8, 1)) == 2  # P2 now in S3, P3
    assert figures.bw_stock(D(2024, 12, 31)) == 1  # P2
    # A stay does not hold the night of its end date.
    assert figures.bw_stock(D(2024, 3, 1)) == 1  # P2 only: P1 left that day


def test_inflow_and_outflow_skip_transfers() -> None:
    kit.build()
    assert figures.bw_inflow(*YEAR) == 2  # P2, P3; S3 continues S2
    assert figures.bw_outflow(*YEAR) == {
        "persons": 2,
        "to_protected_home": 1,
        "share": Decimal("0.5000"),
    }
    assert figures.bw_inflow(D(2024, 8, 1), D(2024, 8, 31)) == 0
    assert figures.bw_outflow(D(2024, 8, 1), D(2024, 8, 31))["persons"] == 0


def test_beschermd_thuis_counts_the_last_day() -> None:
    kit.build()
    assert figures.beschermd_thuis(D(2024, 6, 30)) == 1  # R1's last day
    assert figures.beschermd_thuis(D(2024, 7, 1)) == 0
    assert figures.beschermd_thuis(D(2024, 12, 31)) == 1  # R2


def test_indications_expiring() -> None:
    kit.build()
    assert figures.indications_expiring(*YEAR) == {
        "total": 2,
        "beschermd_thuis": 1,
        "beschermd_wonen": 1,
    }
    assert figures.indications_expiring(D(2024, 1, 1), D(2024, 3, 31))["total"] == 1
    assert figures.indications_expiring(D(2024, 10, 1), D(2024, 12, 31))["total"] == 0


def test_cuts() -> None:
    k = kit.build()
    a = Slice(municipality=k.a.code)
    assert figures.bw_stock(D(2024, 12, 31), a) == 1
    assert figures.bw_inflow(*YEAR, a) == 1
    assert figures.bw_outflow(*YEAR, a)["persons"] == 1
    assert figures.beschermd_thuis(D(2024, 12, 31), a) == 0
    assert figures.indications_expiring(*YEAR, a)["total"] == 2
    women = Slice(sex="V")
    assert figures.bw_stock(D(2024, 12, 31), women) == 0
    assert figures.bw_inflow(*YEAR, women) == 1
    assert figures.bw_outflow(*YEAR, women)["persons"] == 2
    # Age on the last day of the period: P1 is 34, P2 64, P3 24.
    assert figures.bw_outflow(*YEAR, Slice(min_age=27, max_age=49))["persons"] == 1
    assert figures.bw_inflow(*YEAR, Slice(min_age=50, max_age=64)) == 1
    assert figures.bw_stock(D(2024, 12, 31), Slice(facility_type="probeerplek")) == 0


def test_all_figures_of_the_year() -> None:
    kit.build()
    assert figures.all_figures(*YEAR) == {
        "stock_at_start": 1,
        "stock_at_end": 1,
        "inflow": 2,
        "outflow": 2,
        "to_protected_home": 1,
        "to_protected_home_share": Decimal("0.5000"),
        "beschermd_thuis_at_end": 1,
        "indications_expiring": 2,
    }
