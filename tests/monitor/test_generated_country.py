"""The engine on a generated country: equal to the plain-Python reference for every cut, and the
stay figures read the stays in one statement (one pass), joining persons only where a cut needs
them."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plek.demo.country import generate_country
from plek.exchange.importer import import_directory
from plek.monitor import precomputed
from plek.monitor.engine import AGE_BANDS, Cut, Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference

YEAR = (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2025, 3, 31))
CUTS = [Cut(), Cut(sex="V"), Cut(age_band=AGE_BANDS[2]), Cut(facility_type="nachtopvang")]


@pytest.fixture
def country(db: None, tmp_path: Path) -> Path:
    generate_country(tmp_path, 300, years=4, seed=13)
    result = import_directory(tmp_path)
    assert result.ok, result.lines()[:5]
    return tmp_path


def expected(data: dict, period: Period, cut: Cut) -> dict:
    band = cut.age_band
    ages = None if band is None else (band.min_age, band.max_age or 150)
    figures = reference.compute(
        data,
        period.start,
        period.end,
        period.as_of,
        period.municipality,
        sex=cut.sex,
        ages=ages,
        facility_type=cut.facility_type,
    )
    return json.loads(to_json(figures))


def test_the_engine_equals_the_reference_on_a_generated_country(country: Path) -> None:
    data = reference.load(country)
    compared = 0
    for municipality in (None, "GM0363", "GM0599"):
        for cut in CUTS:
            period = Period(*YEAR, municipality)
            engine = json.loads(to_json(compute(period, cut=cut)))
            assert engine == expected(data, period, cut), (municipality, cut)
            compared += 1
    # Not an empty comparison: the country has shelter guests in the year.
    assert compute(Period(*YEAR))["M1"]["persons"] > 10
    assert compared == 12


def test_plek_monitor_prints_the_reference_figures_of_a_generated_country(country: Path) -> None:
    data = reference.load(country)
    start, end, as_of = (day.isoformat() for day in YEAR)
    for municipality in (None, "GM0363"):
        out = io.StringIO()
        where = [f"--municipality={municipality}"] if municipality else []
        call_command(
            "monitor", f"--from={start}", f"--to={end}", f"--as-of={as_of}", *where, stdout=out
        )
        assert json.loads(out.getvalue()) == expected(data, Period(*YEAR, municipality), Cut())


def test_the_precomputed_monitor_equals_the_engine_on_it(country: Path) -> None:
    period = Period(*YEAR, "GM0363")
    assert precomputed.figures(period) == compute(period)
    assert precomputed.figures(period, codes=["M13", "M7"]) == {
        key: value for key, value in compute(period).items() if key in {"period", "M13", "M7"}
    }


def stay_statements(period: Period, cut: Cut | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        compute(period, cut=cut)
    return [query["sql"] for query in queries.captured_queries if "housing_stay" in query["sql"]]


def test_the_stays_are_read_once_and_persons_only_for_a_cut(country: Path) -> None:
    national = stay_statements(Period(*YEAR))
    assert len(national) == 1
    # Persons only for the stays without a recorded origin (a probe by key), never a join.
    assert "JOIN people_person" not in national[0]
    assert "people_person p WHERE p.id = s.person_id" in national[0]
    assert "origin_municipality_id = (" not in national[0]
    # One municipality: the same single statement, its persons chosen by their origin first,
    # and M7's stays of the facilities located there read by facility.
    municipal = stay_statements(Period(*YEAR, "GM0363"))
    assert len(municipal) == 2
    assert "origin_municipality_id = (" in municipal[0]
    assert "WHERE facility_id IN (" in municipal[1]


@pytest.mark.postgres
def test_the_planner_settings_are_put_back_after_the_monitor(country: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner settings (jit, work_mem)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('work_mem')")
        before = cursor.fetchone()
        compute(Period(*YEAR))
        cursor.execute("SELECT current_setting('jit'), current_setting('work_mem')")
        assert cursor.fetchone() == before
