"""The demo region's yearly flows land within ±15% of docs/domain.md ("The demo region")."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from plek.demo.chain import SEED
from plek.demo.flows import generate

START, END = datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture(scope="module")
def stays(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    directory: Path = tmp_path_factory.mktemp("demo")
    generate(directory, START, END, seed=SEED, steady=True)
    with (directory / "facilities.csv").open(encoding="utf-8") as handle:
        types = {row["id"]: row["type"] for row in csv.DictReader(handle)}
    rows = []
    with (directory / "stays.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "person": row["person"],
                    "facility": row["facility"],
                    "type": types[row["facility"]],
                    "start": datetime.date.fromisoformat(row["start_date"]),
                    "end": datetime.date.fromisoformat(row["end_date"])
                    if row["end_date"]
                    else None,
                }
            )
    return rows


def within(value: float, target: float) -> bool:
    return 0.85 * target <= value <= 1.15 * target


def started(stays, facility_type: str) -> list:  # type: ignore[no-untyped-def]
    return [s for s in stays if s["type"] == facility_type and YEAR[0] <= s["start"] <= YEAR[1]]


def test_night_shelter_registrations(stays) -> None:  # type: ignore[no-untyped-def]
    assert within(len(started(stays, "nachtopvang")), 290)


def test_protected_living_residents_in_and_out(stays) -> None:  # type: ignore[no-untyped-def]
    bw = [s for s in stays if s["type"] == "beschermd_wonen"]
    residents = {
        s["person"]
        for s in bw
        if s["start"] <= YEAR[1] and (s["end"] is None or s["end"] > YEAR[1])
    }
    inflow = len(started(stays, "beschermd_wonen"))
    outflow = sum(1 for s in bw if s["end"] is not None and YEAR[0] <= s["end"] <= YEAR[1])
    assert within(len(residents), 440), len(residents)
    assert within(inflow, 70), inflow
    assert within(outflow, 70), outflow


def test_housing_first_new_homes(stays) -> None:  # type: ignore[no-untyped-def]
    assert within(len(started(stays, "housing_first")), 25)


def test_women_in_crisis_shelter(stays) -> None:  # type: ignore[no-untyped-def]
    crisis = [s for s in started(stays, "vrouwenopvang") if s["facility"] == "vrouwen"]
    assert within(len(crisis), 50)
