"""The national-scale benchmark runs start to end on a tiny country, so it cannot rot."""

from __future__ import annotations

import importlib.util
import resource
import time
from pathlib import Path

import pytest

from plek.demo.country import generate_country
from plek.exchange.importer import import_directory

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"


def _load_benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("plek_benchmark_scale", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _generate(target: Path) -> tuple[float, int]:
    started = time.perf_counter()
    generate_country(target, 150, years=3, seed=11)
    return time.perf_counter() - started, _peak_mb()


def _load(source: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = import_directory(source)
    assert result.ok, result.lines()[:5]
    return time.perf_counter() - started, _peak_mb()


@pytest.mark.django_db
def test_the_benchmark_measures_every_figure_against_its_baseline() -> None:
    benchmark = _load_benchmark()
    report = benchmark.run(150, runs=3, years=3, generate=_generate, load=_load)
    assert report["rows"] > 150
    assert report["import"]["rows_per_second"] > 0
    assert report["import"]["share_of_raw_copy"] > 0
    assert len(report["import"]["seconds_all"]) == 3
    assert report["monitor"]["national_vs_scan"] > 0
    assert report["monitor"]["municipality_seconds_median"] > 0
    assert benchmark.machine()["cpus"]


@pytest.mark.django_db
def test_the_monitor_part_runs_on_the_loaded_country(tmp_path: Path) -> None:
    benchmark = _load_benchmark()
    generate_country(tmp_path, 150, years=3, seed=12)
    assert import_directory(tmp_path).ok
    monitor = benchmark.measure_monitor(runs=3)
    # The largest municipality of origin is measured, with the scan of the same run beside it.
    assert monitor["municipality"].startswith("GM")
    assert len(monitor["sequential_scan_seconds_all"]) == 3
    assert monitor["national_vs_scan"] > 0 and monitor["municipality_vs_scan"] > 0
