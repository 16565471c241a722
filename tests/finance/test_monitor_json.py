"""Protected living and its money as the monitor JSON's extension key ``beschermd_wonen``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from plek.finance import services
from plek.monitor.engine_types import Period
from plek.monitor.extensions import register_extension
from tests.protection import kit

pytestmark = pytest.mark.django_db


def _monitor(*args: str) -> dict:
    out = io.StringIO()
    call_command("monitor", *args, "--as-of", "2025-01-31", "--with-extensions", stdout=out)
    return json.loads(out.getvalue())


def test_the_json_keeps_the_contract_and_adds_protected_living() -> None:
    k = kit.build()
    services.apply_allocation(None, k.model.pk, 2024)
    result = _monitor("--from", "2024-01-01", "--to", "2024-12-31")
    assert [key for key in result if key != "beschermd_wonen"] == [
        "period",
        *(f"M{n}" for n in range(1, 14)),
    ]
    extension = result["beschermd_wonen"]
    assert extension["BW"]["inflow"] == 2 and extension["BW"]["outflow"] == 2
    assert extension["BW"]["to_protected_home_share"] == 0.5
    money = extension["kosten"][k.a.code]
    # The kit's hand-checked figures for municipality A (tests/finance/test_indicators.py).
    assert money["verschil"] == "6520.00"
    assert float(money["budget"]) - float(money["totaal"]) == pytest.approx(6520.00)


def test_a_quarter_gets_its_days_share_of_the_year_budget() -> None:
    k = kit.build()
    services.apply_allocation(None, k.model.pk, 2024)
    year = _monitor("--from", "2024-01-01", "--to", "2024-12-31")["beschermd_wonen"]["kosten"]
    first = _monitor("--from", "2024-01-01", "--to", "2024-03-31")["beschermd_wonen"]["kosten"]
    for code, money in year.items():
        expected = round(float(money["budget"]) * 91 / 366, 2)
        assert float(first[code]["budget"]) == pytest.approx(expected, abs=0.01)


def test_a_municipality_cut_keeps_only_that_origin() -> None:
    k = kit.build()
    services.apply_allocation(None, k.model.pk, 2024)
    result = _monitor("--from", "2024-01-01", "--to", "2024-12-31", "--municipality", k.b.code)
    assert list(result["beschermd_wonen"]["kosten"]) == [k.b.code]
    assert result["beschermd_wonen"]["BW"]["inflow"] == 1


def test_contract_keys_cannot_be_taken_by_an_extension() -> None:
    def nothing(period: Period) -> dict:
        return {}

    for key in ("M1", "M13", "period"):
        with pytest.raises(ValueError):
            register_extension(key, nothing)
