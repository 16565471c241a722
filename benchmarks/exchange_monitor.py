"""Benchmark: plek-csv import (rows/s) and the monitor (seconds) on a generated region.

Runs against a throw-away test database of the configured backend (SQLite by default,
PostgreSQL with DATABASE_URL). Each figure is the median of --runs runs; each comes with a
baseline measured in the same run, because these machines are shared and noisy:

- import: the baseline is only reading and parsing the same CSV files (no checks, no writes);
- monitor: the baseline is the plain-Python reference (a loop over every row, as warehouse
  systems compute such measures) on the same data.

    uv run python benchmarks/exchange_monitor.py --scale 1 --runs 5

Writes benchmarks/results/exchange_monitor-<backend>-scale<scale>.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.monitor.reference
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from tests.monitor import reference  # noqa: E402

from plek.demo.flows import generate  # noqa: E402
from plek.exchange.importer import import_directory  # noqa: E402
from plek.monitor.engine import Period, compute  # noqa: E402

YEAR = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2026, 6, 30))


def timed(function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def parse_only(directory: Path) -> int:
    rows = 0
    for path in directory.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            rows += sum(1 for _ in csv.DictReader(handle))
    return rows


def empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            generate(
                directory, datetime.date(2024, 1, 1), datetime.date(2025, 12, 31), scale=args.scale
            )
            report = measure(directory, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report.update(
        {
            "backend": connection.vendor,
            "scale": args.scale,
            "runs": args.runs,
            "measured_on": datetime.date.today().isoformat(),
        }
    )
    out = (
        ROOT
        / "benchmarks"
        / "results"
        / (f"exchange_monitor-{connection.vendor}-scale{args.scale:g}.json")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def measure(directory: Path, runs: int) -> dict[str, object]:
    parse_seconds, import_seconds, rows = [], [], 0
    for _ in range(runs):
        empty_database()
        seconds, rows = timed(parse_only, directory)
        parse_seconds.append(seconds)
        seconds, result = timed(import_directory, directory)
        assert result.ok, [str(p) for p in result.problems[:5]]
        import_seconds.append(seconds)
    monitor_seconds, reference_seconds = [], []
    data = reference.load(directory)
    for _ in range(runs):
        seconds, _ = timed(compute, YEAR)
        monitor_seconds.append(seconds)
        seconds, _ = timed(reference.compute, data, YEAR.start, YEAR.end, YEAR.as_of)
        reference_seconds.append(seconds)
    import_median = statistics.median(import_seconds)
    monitor_median = statistics.median(monitor_seconds)
    return {
        "rows": rows,
        "import_seconds_median": round(import_median, 3),
        "import_rows_per_second": round(rows / import_median),
        "parse_only_seconds_median": round(statistics.median(parse_seconds), 3),
        "import_vs_parse_only": round(import_median / statistics.median(parse_seconds), 1),
        "monitor_seconds_median": round(monitor_median, 3),
        "reference_loop_seconds_median": round(statistics.median(reference_seconds), 3),
        "reference_loop_vs_monitor": round(
            statistics.median(reference_seconds) / monitor_median, 1
        ),
        "import_seconds_all": [round(s, 3) for s in import_seconds],
        "monitor_seconds_all": [round(s, 3) for s in monitor_seconds],
    }


if __name__ == "__main__":
    main()
