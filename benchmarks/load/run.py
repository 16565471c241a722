"""The load test (issue 18, item 1): the locust mix at --rate requests/s for --minutes minutes.

    uv run python benchmarks/load/run.py --database postgres://postgres@127.0.0.1:5432/plek_pages \\
        --rate 50 --minutes 10 --name load

The database must hold a country already (benchmarks/pages.py fills one). The script makes the
benchmark users set-based (kit.prepare_users), starts `gunicorn plek.wsgi` on 127.0.0.1:--port,
runs locust headless (benchmarks/load/locustfile.py) with --rate users at one request a second
each (casework users and, a tenth, aftercare coaches recording check-ins) plus one policy
officer, and writes locust's CSV statistics (benchmarks/results/<name>_stats.csv and friends)
and benchmarks/results/<name>.json with the p50/p95 per endpoint, the requests and failures, the
achieved rate, the peak RSS, the machine and the commit. It exits non-zero when any request failed.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import kit  # noqa: E402

RESULTS = HERE.parent / "results"


def run(
    database_url: str,
    *,
    rate: int = 50,
    seconds: int = 600,
    port: int = 8733,
    workers: int = 4,
    name: str = "load",
    results: Path = RESULTS,
    persons_each: int = 200,
    signals_each: int = 50,
    redis_url: str = "",
) -> dict[str, Any]:
    # A tenth of the rate comes from aftercare coaches recording check-ins, one request a second
    # each; every coach gets enough open check-ins for the run (two of its five requests).
    coaches = max(1, rate // 10)
    users = kit.prepare_users(
        casework=max(rate - coaches, 2),
        policy=1,
        persons_each=persons_each,
        signals_each=signals_each,
        coaches=coaches,
        checkins_each=seconds // 2 + 10,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump([dataclasses.asdict(u) for u in users], handle)
        users_file = handle.name
    prefix = results / name
    # With Redis, as in production: a Celery worker beside gunicorn, so the dashboard is served
    # from the store and its computation queued. The worker and its database sessions run at
    # idle CPU priority (kit.BackgroundPriority), standing in for a deployment's worker hosts.
    # The refresh after every saved change is off: it would recompute every municipality's
    # months all run long.
    background = (
        {"REDIS_URL": redis_url, "PLEK_MONITOR_REFRESH_AFTER_CHANGES": "0"} if redis_url else {}
    )
    worker_env = {**os.environ, **kit.SERVER_ENV, "DATABASE_URL": database_url, **background}
    worker_log = Path(f"{prefix}_worker.log")
    worker_log.unlink(missing_ok=True)
    warm_up = warm_dashboard() if redis_url else None
    worker = (
        kit.start_worker(worker_env, worker_log, kit.beat_schedule(), background=True)
        if redis_url
        else None
    )
    server = kit.start_gunicorn(database_url, port, workers=workers, extra_env=background)
    try:
        with (
            kit.RssSampler(server.pid, kit.database_name(database_url)) as rss,
            kit.BackgroundPriority(database_url, worker.pid if worker else None) as priority,
        ):
            completed = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(HERE / "locustfile.py"),
                    "--headless",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--users",
                    str(max(rate - coaches, 2) + coaches + 1),
                    "--spawn-rate",
                    str(max(1, rate // 5)),
                    "--run-time",
                    f"{seconds}s",
                    "--stop-timeout",
                    "30",
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={**os.environ, "PLEK_LOAD_USERS": users_file},
                capture_output=True,
                text=True,
                timeout=seconds + 600,
            )
    finally:
        kit.stop(server)
        if worker is not None:
            kit.stop(worker)
        Path(users_file).unlink(missing_ok=True)
    endpoints = read_stats(Path(f"{prefix}_stats.csv"))
    total = endpoints.pop("Aggregated", {})
    total["steady_requests_per_second"] = steady_rate(Path(f"{prefix}_stats_history.csv"))
    return {
        "target_rate": rate,
        "seconds": seconds,
        "workers": workers,
        "celery_worker": bool(redis_url),
        "dashboard_warm_up_seconds": warm_up,
        "background_processes_at_idle_priority": len(priority.moved),
        "background_priority_failed": priority.failed,
        "locust_exit": completed.returncode,
        "locust_stderr_tail": completed.stderr[-1500:],
        "total": total,
        "endpoints": endpoints,
        "peak_rss_mb": rss.megabytes(),
    }


def warm_dashboard() -> float:
    """Store the figures of the policy officer's first look (the dashboard's default period)
    before the run, as a region in use has them (the refresh after an import stores them); the
    officer's looks are then served from the store, and the worker recomputes what the run's
    writes make stale. Seconds taken (next to nothing when nothing changed since the last run)."""
    from django.utils import timezone

    from plek.monitor.dashboard import build_dashboard
    from plek.monitor.engine import Period
    from plek.monitor.forms import last_full_year

    start, end = last_full_year()
    began = time.perf_counter()
    build_dashboard(Period(start, end, timezone.localdate(), None))
    return round(time.perf_counter() - began, 1)


def read_stats(path: Path) -> dict[str, dict[str, Any]]:
    stats: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "max_ms": float(row["Max Response Time"] or 0),
                "requests_per_second": round(float(row["Requests/s"] or 0), 2),
            }
    return stats


# Seconds after the last user started before the rate counts: the users' log-ins.
SETTLE_SECONDS = 15


def steady_rate(path: Path) -> float | None:
    """The median of locust's per-second rate of all requests once every user runs.

    The total's rate divides by the whole run, which starts with the users spawning and logging
    in; this is the rate the server kept up with. None when the run was too short to settle.
    """
    with path.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] == "Aggregated"]
    if not rows:
        return None
    everyone = max(int(row["User Count"]) for row in rows)
    started = min(int(row["Timestamp"]) for row in rows if int(row["User Count"]) == everyone)
    rates = [
        float(row["Requests/s"])
        for row in rows
        if int(row["Timestamp"]) >= started + SETTLE_SECONDS
    ]
    return round(statistics.median(rates), 1) if rates else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rate", type=int, default=50, help="requests per second aimed at")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--port", type=int, default=8733)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--name", default="load")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/5",
        help="broker for a Celery worker beside gunicorn ('' runs without one, tasks eager)",
    )
    args = parser.parse_args()
    kit.django_setup(args.database)
    report = run(
        args.database,
        rate=args.rate,
        seconds=int(args.minutes * 60),
        port=args.port,
        workers=args.workers,
        name=args.name,
        redis_url=args.redis,
    )
    from pages import commit, machine

    report["machine"] = machine()
    report["commit"] = commit()
    report["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    target = RESULTS / f"{args.name}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for endpoint, figures in report["endpoints"].items():
        print(
            f"{endpoint:32} {figures['requests']:6} req  {figures['failures']:4} fouten  "
            f"p50 {figures['p50_ms']:8.0f} ms  p95 {figures['p95_ms']:8.0f} ms"
        )
    print(f"totaal: {report['total']}")
    print(f"geschreven: {target}")
    sys.exit(0 if report["total"].get("failures", 1) == 0 else 1)


if __name__ == "__main__":
    main()
