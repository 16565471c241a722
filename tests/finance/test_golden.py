"""Cost, budget and difference on the hand-checked kit (tests/protection/kit.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from plek.finance import allocation, services
from plek.finance.costs import ambulatory_cost, realised_cost, stay_cost
from plek.finance.models import Budget
from tests.protection import kit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_stay_cost_with_a_tariff_change() -> None:
    k = kit.build()
    # A: S1 60 × 100 + S2 (151 × 100 + 31 × 120) + S3 153 × 150 = 6000 + 18820 + 22950
    # B: S4 92 × 150
    assert stay_cost(D(2024, 1, 1), D(2024, 12, 31)) == {
        k.a.code: Decimal("47770.00"),
        k.b.code: Decimal("13800.00"),
    }
    # Every category (as M13 counts): the night shelter's 10 nights × 40 go to B as well.
    assert stay_cost(D(2024, 1, 1), D(2024, 12, 31), categories=None)[k.b.code] == Decimal(
        "14200.00"
    )


def test_ambulatory_cost_per_hour_and_per_week() -> None:
    k = kit.build()
    # R1: 61 days × 5 × 70 / 7 + 61 days × 5 × 84 / 7 = 3050 + 3660; R2: 107 days × 100
    assert ambulatory_cost(D(2024, 1, 1), D(2024, 12, 31)) == {
        k.a.code: Decimal("6710.00"),
        k.b.code: Decimal("10700.00"),
    }


def test_quarter_cost() -> None:
    k = kit.build()
    q1 = realised_cost(D(2024, 1, 1), D(2024, 3, 31))
    # S1 60 × 100 + S2 60 × 100 + R1 31 days × 50
    assert q1[k.a.code].total == Decimal("13550.00")
    # S5 is a night shelter stay: not in the BW budget.
    assert k.b.code not in q1


def test_allocation_model_phases_out() -> None:
    assert allocation.historical_weight(2023, 5, 2022) == 1
    assert allocation.historical_weight(2023, 5, 2023) == Fraction(4, 5)
    assert allocation.historical_weight(2023, 5, 2024) == Fraction(3, 5)
    assert allocation.historical_weight(2023, 5, 2027) == 0
    assert allocation.historical_weight(2023, 5, 2030) == 0


def test_budgets_and_difference() -> None:
    k = kit.build()
    services.apply_allocation(None, k.model.pk, 2024)
    budgets = {b.municipality.code: b for b in Budget.objects.select_related("municipality")}
    # A: 100000 × (0.6 × 0.75 + 0.4 × 0.40); B: 100000 × (0.6 × 0.25 + 0.4 × 0.60)
    assert budgets[k.a.code].amount == Decimal("61000.00")
    assert budgets[k.a.code].historical_part == Decimal("45000.00")
    assert budgets[k.b.code].amount == Decimal("39000.00")
    assert budgets[k.b.code].historical_part == Decimal("15000.00")
    cost = realised_cost(D(2024, 1, 1), D(2024, 12, 31))
    assert budgets[k.a.code].amount - cost[k.a.code].total == Decimal("6520.00")
    assert budgets[k.b.code].amount - cost[k.b.code].total == Decimal("14500.00")


def test_shares_must_add_up_to_one() -> None:
    from django.core.exceptions import ValidationError

    from plek.finance.models import MunicipalityShare

    k = kit.build()
    MunicipalityShare.objects.filter(municipality=k.b).update(historical=Decimal("0.3"))
    with pytest.raises(ValidationError, match=r"historische aandelen tellen op tot 1\.05"):
        services.apply_allocation(None, k.model.pk, 2024)
    assert not Budget.objects.exists()
