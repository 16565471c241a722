"""The synthetic region: deterministic, importable as it is, shaped like docs/domain.md's region."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from plek.demo.flows import generate
from plek.exchange.importer import import_directory
from plek.housing.models import Stay

START, END = datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)
YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("region")
    generate(directory, START, END, seed=7)
    return directory


def test_same_seed_same_region(region: Path, tmp_path: Path) -> None:
    generate(tmp_path, START, END, seed=7)
    for path in region.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_region_imports_without_problems_and_has_a_realistic_year(db: None, region: Path) -> None:
    result = import_directory(region)
    assert result.ok, [str(problem) for problem in result.problems[:5]]
    night = Stay.objects.filter(facility__type="nachtopvang", start_date__range=YEAR)
    short = sum(
        1 for s in night if s.end_date is not None and (s.end_date - s.start_date).days <= 3
    )
    assert 200 <= night.count() <= 380  # docs/domain.md: about 290 registrations a year
    assert 0.25 <= short / night.count() <= 0.55  # about 40% leave within three nights
    protected_now = (
        Stay.objects.filter(facility__type="beschermd_wonen", start_date__lte=YEAR[1])
        .exclude(end_date__lte=YEAR[1])
        .count()
    )
    assert 330 <= protected_now <= 520  # about 440 residents in protected living
