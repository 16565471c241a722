"""`plek generate --persons`: a country of synthetic persons that imports and gives the reference's
figures, and the municipality data it is built on."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from plek.demo.country import CENTRES, DATA, MUNICIPALITIES, generate_country, municipalities
from plek.exchange.importer import import_directory
from plek.monitor.engine import Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference


def digest(directory: Path) -> str:
    files = sorted(directory.glob("*.csv"))
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


def test_the_data_file_holds_the_municipalities_and_their_centres() -> None:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [row["code"] for row in rows]
    assert len(rows) == MUNICIPALITIES == len(set(codes)) == len({row["name"] for row in rows})
    assert all(re.fullmatch(r"GM\d{4}", code) for code in codes)
    assert 17_900_000 <= sum(int(row["inhabitants"]) for row in rows) <= 18_100_000
    centres = {row["centre_code"] for row in rows}
    assert len(centres) == CENTRES
    by_code = {row["code"]: row for row in rows}
    # Every municipality belongs to an existing centre (a centre to itself), in its safety region.
    for row in rows:
        centre = by_code[row["centre_code"]]
        assert centre["centre_code"] == centre["code"]
        assert centre["safety_region"] == row["safety_region"]
    known = {
        "GM0363": "Amsterdam",
        "GM0599": "Rotterdam",
        "GM0518": "'s-Gravenhage",
        "GM0344": "Utrecht",
        "GM0505": "Dordrecht",
    }
    assert {code: by_code[code]["name"] for code in known} == known
    assert 900_000 < int(by_code["GM0363"]["inhabitants"]) < 960_000
    assert municipalities()[0].code == "GM0363"


def test_the_generated_municipalities_are_the_real_ones(tmp_path: Path) -> None:
    generate_country(tmp_path, 50, years=2, seed=4)
    with (tmp_path / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        written = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert len(written) == MUNICIPALITIES and written["GM0505"] == "Dordrecht"
    with (tmp_path / "facilities.csv").open(encoding="utf-8", newline="") as handle:
        hosts = {row["municipality"] for row in csv.DictReader(handle)}
    assert len(hosts) == CENTRES and {"GM0363", "GM0599", "GM0518", "GM0344"} <= hosts


def test_the_country_is_deterministic_per_seed(tmp_path: Path) -> None:
    generate_country(tmp_path / "a", 500, years=4, seed=1)
    generate_country(tmp_path / "b", 500, years=4, seed=1)
    generate_country(tmp_path / "c", 500, years=4, seed=2)
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_a_million_persons_would_carry_more_than_five_million_stays(tmp_path: Path) -> None:
    counts = generate_country(tmp_path, 20_000, years=10, seed=3)
    assert counts["municipalities"] == MUNICIPALITIES
    assert counts["facilities"] == CENTRES * 11
    assert counts["stays"] / counts["persons"] >= 5.0


@pytest.mark.django_db
def test_the_country_imports_and_the_monitor_equals_the_reference(tmp_path: Path) -> None:
    generate_country(tmp_path, 400, years=3, seed=5)
    result = import_directory(tmp_path)
    assert result.ok, result.lines()[:5]
    data = reference.load(tmp_path)
    for municipality in (None, "GM0363"):
        period = Period(
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
            datetime.date(2025, 6, 30),
            municipality,
        )
        expected = reference.compute(data, period.start, period.end, period.as_of, municipality)
        assert json.loads(to_json(compute(period))) == json.loads(to_json(expected))


def test_the_command_writes_the_country(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("generate", str(tmp_path), "--persons=300", "--years=2", "--seed=9", stdout=out)
    assert "persons 300" in out.getvalue() and "rijen/s" in out.getvalue()
    assert (tmp_path / "stays.csv").is_file()
