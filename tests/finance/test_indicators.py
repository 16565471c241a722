"""The indicators for the programmes give the golden kit's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from plek.finance import services
from plek.finance.indicators import INDICATORS, measure
from tests.protection import kit

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_indicators_on_the_kit() -> None:
    k = kit.build()
    services.apply_allocation(None, k.model.pk, 2024)
    assert {code: measure(code, *YEAR) for code in INDICATORS} == {
        "bw.bestand": 1,
        "bw.instroom": 2,
        "bw.uitstroom": 2,
        "bw.naar_beschermd_thuis": Decimal("0.5000"),
        "bt.bestand": 1,
        "indicaties.aflopend": 2,
        "kosten.gerealiseerd": Decimal("78980.00"),
        "kosten.budget_over": Decimal("21020.00"),
    }
    assert measure("kosten.budget_over", *YEAR, k.a.code) == Decimal("6520.00")
    assert (
        measure("kosten.budget_over", datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)) is None
    )
    assert measure("bw.instroom", *YEAR, k.b.code) == 1
