"""National-scale benchmark: generate a country, import it, compute the monitor, each against
a baseline measured in the same run on the same machine (these machines are shared and noisy).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plek_bench \\
        uv run python benchmarks/scale.py --persons 100000 --runs 3 --name scale-100k

The database in DATABASE_URL is migrated and EMPTIED (truncated) before every import: give it a
database of its own. Figures (medians of --runs runs):

- generate: rows/s and peak RSS of `plek generate --persons` (a child process);
- import: rows/s and peak RSS of `plek import` (a child process), against a raw `COPY` of the
  same CSV files into text tables (PostgreSQL; SQLite: executemany) → import / raw COPY;
- monitor: `engine.compute` for one year, nationally and for the largest municipality, against
  one sequential scan of the stays with parallel workers off → monitor / scan;
- start-up: wall time of `plek --help` and `plek monitor --help` (a Django command) before
  any work, against starting the bare interpreter (`--startup-only` for this part alone);
- pages (PostgreSQL, a full run; `--no-pages` leaves them out): the person page, the start
  pages' worklists, the search and the monitor dashboard under 20 concurrent users against
  gunicorn, against `/health/` in the same run, with the peak RSS of the gunicorn and
  database processes (`benchmarks/pages.py` on the country just imported).

Writes benchmarks/results/<name>.json with the machine, the commit and the date.
`run(...)` is also what the test suite calls with a tiny country (tests/test_benchmarks.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2025, 12, 31))
DATA_TABLES = (
    "housing_stay",
    "housing_capacityperiod",
    "housing_waitingentry",
    "housing_facility",
    "people_person",
    "accounts_organisation",
    "accounts_municipality",
    "monitor_monitorfigure",
    "monitor_monitorchange",
)


def child(args: list[str]) -> tuple[float, int, str]:
    """Run a child process; (seconds, its own peak RSS in MB, its standard output)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, text=True)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{args[:3]} failed: {err.read()[-2000:]}")
        return seconds, usage.ru_maxrss // 1024, out.read()  # ru_maxrss: kB on Linux


def csv_rows(directory: Path) -> int:
    return sum(
        max(0, sum(1 for _ in path.open(encoding="utf-8")) - 1) for path in directory.glob("*.csv")
    )


def raw_copy(directory: Path) -> float:
    """Seconds to load the same files as plain text tables: the floor for any import."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for n, path in enumerate(sorted(directory.glob("*.csv"))):
            with path.open(encoding="utf-8") as handle:
                header = next(csv.reader(handle))
            table = f"raw_copy_{n}"
            columns = ", ".join(f'"{name}" text' for name in header)
            cursor.execute(f"CREATE TEMP TABLE {table} ({columns})")  # names from our own files
            if connection.vendor == "postgresql":
                with (
                    path.open("rb") as handle,
                    cursor.cursor.copy(
                        f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)"
                    ) as copy,
                ):
                    while block := handle.read(1 << 20):
                        copy.write(block)
            else:
                with path.open(encoding="utf-8") as handle:
                    reader = csv.reader(handle)
                    next(reader)
                    marks = ", ".join("%s" for _ in header)
                    insert = f"INSERT INTO {table} VALUES ({marks})"  # noqa: S608 - our own names
                    cursor.executemany(insert, list(reader))
            cursor.execute(f"DROP TABLE {table}")
    return time.perf_counter() - started


def sequential_scan() -> float:
    """Seconds for one sequential scan of the stays, parallel workers off."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET max_parallel_workers_per_gather = 0")
        started = time.perf_counter()
        cursor.execute("SELECT COUNT(*), COUNT(end_date), MAX(start_date) FROM housing_stay")
        cursor.fetchall()
        seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            cursor.execute("RESET max_parallel_workers_per_gather")
    return seconds


def empty_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in DATA_TABLES:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
            cursor.execute("PRAGMA foreign_keys = ON")


def median(values: list[float]) -> float:
    # Never zero: a tiny database's scan can take less than the clock's resolution.
    return max(round(statistics.median(values), 6), 1e-6)


def largest_municipality() -> str:
    """The code of the municipality most persons come from (the hardest single one)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.code FROM people_person p "
            "JOIN accounts_municipality m ON m.id = p.origin_municipality_id "
            "GROUP BY m.code ORDER BY COUNT(*) DESC, m.code LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else ""


def measure_monitor(runs: int) -> dict[str, Any]:
    """`engine.compute` for one year, nationally and for the largest municipality, each run
    next to one sequential scan of the stays (parallel workers off), on the loaded database."""
    from django.db import connection

    from plek.monitor.engine import Period, compute

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The loaded tables only: a database-wide ANALYZE also takes the shared catalogs and
            # waits for any other database's session that holds them.
            cursor.execute(f"ANALYZE {', '.join(DATA_TABLES)}")
    start, end, as_of = YEAR
    municipality = largest_municipality()
    national, municipal, scans = [], [], []
    for _ in range(runs):
        scans.append(sequential_scan())
        began = time.perf_counter()
        compute(Period(start, end, as_of))
        national.append(time.perf_counter() - began)
        began = time.perf_counter()
        compute(Period(start, end, as_of, municipality or None))
        municipal.append(time.perf_counter() - began)
    scan_median = median(scans)
    return {
        "municipality": municipality,
        "national_seconds_median": median(national),
        "municipality_seconds_median": median(municipal),
        "sequential_scan_seconds_median": scan_median,
        "national_vs_scan": round(median(national) / scan_median, 1),
        "municipality_vs_scan": round(median(municipal) / scan_median, 1),
        "national_seconds_all": [round(s, 3) for s in national],
        "municipality_seconds_all": [round(s, 3) for s in municipal],
        "sequential_scan_seconds_all": [round(s, 3) for s in scans],
    }


def measure_import(
    directory: Path, runs: int, load: Callable[[Path], tuple[float, int]], rows: int
) -> dict[str, Any]:
    """`plek import` into an emptied database against a raw COPY of the same files, per run."""
    import_seconds, copy_seconds, import_peaks = [], [], []
    for _ in range(runs):
        empty_database()
        copy_seconds.append(raw_copy(directory))
        seconds, peak = load(directory)
        import_seconds.append(seconds)
        import_peaks.append(peak)
    import_median, copy_median = median(import_seconds), median(copy_seconds)
    return {
        "seconds_median": import_median,
        "rows_per_second": round(rows / import_median),
        "peak_rss_mb": max(import_peaks),
        "raw_copy_seconds_median": copy_median,
        "raw_copy_rows_per_second": round(rows / copy_median),
        "share_of_raw_copy": round(copy_median / import_median, 4),
        "seconds_all": [round(s, 3) for s in import_seconds],
        "raw_copy_seconds_all": [round(s, 3) for s in copy_seconds],
    }


def measure_startup(runs: int) -> dict[str, Any]:
    """Wall time of plek's commands before any work, against the bare interpreter's start."""
    plek = str(Path(sys.executable).parent / "plek")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "plek --help": [plek, "--help"],
        "plek monitor --help": [plek, "monitor", "--help"],
    }
    figures = {}
    for label, args in commands.items():
        seconds = [child(args)[0] for _ in range(runs)]
        figures[label] = {
            "seconds_median": round(median(seconds), 3),
            "seconds_all": [round(s, 3) for s in seconds],
        }
    return figures


def import_child(source: Path) -> tuple[float, int]:
    plek = str(Path(sys.executable).parent / "plek")
    return child([plek, "import", str(source), "--no-progress"])[:2]


def run(
    persons: int,
    runs: int,
    years: int = 10,
    directory: Path | None = None,
    generate: Callable[[Path], tuple[float, int]] | None = None,
    load: Callable[[Path], tuple[float, int]] | None = None,
) -> dict[str, Any]:
    """Every figure of the benchmark; `generate`/`load` default to child processes."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = directory or Path(tmp) / "country"
        plek = str(Path(sys.executable).parent / "plek")
        generate = generate or (
            lambda target: child(
                [plek, "generate", str(target), f"--persons={persons}", f"--years={years}"]
            )[:2]
        )
        load = load or import_child
        generated_seconds, generate_peak = generate(directory)
        rows = csv_rows(directory)
        import_figures = measure_import(directory, runs, load, rows)
    monitor = measure_monitor(runs)
    startup = measure_startup(runs)
    return {
        "persons": persons,
        "years": years,
        "rows": rows,
        "runs": runs,
        "generate": {
            "seconds": round(generated_seconds, 3),
            "rows_per_second": round(rows / generated_seconds),
            "peak_rss_mb": generate_peak,
        },
        "import": import_figures,
        "monitor": monitor,
        "startup": startup,
    }


def measure_pages(runs: int, database_url: str = "", **options: Any) -> dict[str, Any]:
    """The page benchmark (`benchmarks/pages.py`, its defaults unless `options` say otherwise)
    on the country just imported, served by gunicorn from `database_url` (DATABASE_URL)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import pages

    # The benchmark's own requests are not plek's outgoing calls: no log line for each.
    logging.getLogger("plek.outgoing").setLevel(logging.WARNING)
    return pages.run(database_url or os.environ["DATABASE_URL"], runs=runs, **options)


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        database = cursor.fetchone()[0]
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":")[1].strip()
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": database,
    }


def commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="")
    parser.add_argument(
        "--monitor-only",
        action="store_true",
        help="only the monitor, on the country already in the database (no generate, no import)",
    )
    parser.add_argument(
        "--import-only",
        type=Path,
        metavar="DIR",
        help="only the import figures, for a country already generated in DIR",
    )
    parser.add_argument(
        "--pages",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="a full run on PostgreSQL also measures the pages (benchmarks/pages.py)",
    )
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="only the command line's start-up (no database work)",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    report = {
        "name": args.name or f"scale-{args.persons}",
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
    }
    if args.startup_only:
        report["startup"] = measure_startup(args.runs)
    elif args.monitor_only:
        report["monitor"] = measure_monitor(args.runs)
    elif args.import_only:
        rows = csv_rows(args.import_only)
        report.update(rows=rows, runs=args.runs)
        report["import"] = measure_import(args.import_only, args.runs, import_child, rows)
    else:
        report.update(run(args.persons, args.runs, args.years))
        if args.pages and connection.vendor == "postgresql":
            report["pages"] = measure_pages(args.runs)
    out = ROOT / "benchmarks" / "results" / f"{report['name']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
