"""The golden kit: a small hand-checked region and the figures it must give, on every database.

Each file in golden/expected/ holds the JSON the monitor must print; its `period` block names the
arguments. The expected values were checked by hand figure by figure (see docs/monitor.md); the
plain-Python reference must agree with them too.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from plek.monitor.engine import Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference
from tests.monitor.conftest import GOLDEN, REGION

CASES = sorted((GOLDEN / "expected").glob("*.json"))


def _period(expected: dict) -> Period:
    block = expected["period"]
    return Period(
        start=datetime.date.fromisoformat(block["from"]),
        end=datetime.date.fromisoformat(block["to"]),
        as_of=datetime.date.fromisoformat(block["as_of"]),
        municipality=block["municipality"],
    )


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_engine_gives_the_golden_figures(golden_region: Path, case: Path) -> None:
    expected = json.loads(case.read_text())
    assert json.loads(to_json(compute(_period(expected)))) == expected


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_reference_agrees_with_the_golden_figures(case: Path) -> None:
    expected = json.loads(case.read_text())
    period = _period(expected)
    result = reference.compute(
        reference.load(REGION), period.start, period.end, period.as_of, period.municipality
    )
    assert json.loads(to_json(result)) == expected


def test_command_prints_the_contract_json(golden_region: Path) -> None:
    expected = json.loads((GOLDEN / "expected" / "year-2024-zwijndrecht.json").read_text())
    out = io.StringIO()
    call_command(
        "monitor",
        "--from=2024-01-01",
        "--to=2024-12-31",
        "--as-of=2026-01-01",
        "--municipality=GM0642",
        "--format=json",
        stdout=out,
    )
    assert json.loads(out.getvalue()) == expected


def test_command_refuses_a_period_that_ends_before_it_starts(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="voor de begindatum"):
        call_command("monitor", "--from=2024-02-01", "--to=2024-01-01", stdout=io.StringIO())


def test_json_keys_are_exactly_the_contract(golden_region: Path) -> None:
    result = json.loads(
        to_json(
            compute(
                _period(
                    {
                        "period": {
                            "from": "2024-01-01",
                            "to": "2024-03-31",
                            "as_of": "2024-06-01",
                            "municipality": None,
                        }
                    }
                )
            )
        )
    )
    assert list(result) == ["period", *[f"M{n}" for n in range(1, 14)]]
    assert set(result["M3"]) == {
        "ended",
        "ended_median_nights",
        "ended_mean_nights",
        "open",
        "open_median_nights",
    }
    assert set(result["M9"]) == {
        "applications",
        "decisions",
        "within_term",
        "share",
        "median_days",
        "active",
    }


def test_norms_and_term_are_configuration(golden_region: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MONITOR_RESPONSE_NORMS = {"spoed": 1, "hoog": 3, "normaal": 8}
    settings.MONITOR_POSTAL_DECISION_DAYS = 57
    period = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2026, 1, 1)
    )
    result = compute(period)
    # g2 was contacted after 8 days and pa2 decided after 57: both count as in time now.
    assert result["M8"]["contacted_within_norm"] == 3
    assert result["M9"]["within_term"] == 2
