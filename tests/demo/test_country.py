"""`plek generate --persons`: a synthetic country that imports and gives the reference's figures."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from plek.demo.country import CENTRES, MUNICIPALITIES, generate_country
from plek.exchange.importer import import_directory
from plek.monitor.engine import Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference


def digest(directory: Path) -> str:
    files = sorted(directory.glob("*.csv"))
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()


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
    for municipality in (None, "GM9000"):
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
