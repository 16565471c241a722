"""Benchmark: a page read with processing logging against the same read without, 20 users at once.

Runs against a throw-away test database of the configured backend (PostgreSQL with
DATABASE_URL; the acceptance figure is on PostgreSQL). 20 case leads, each with a relation to
--persons-per-user persons among --noise unrelated ones, read pages of 50 persons of their own
list at the same time, each in its own thread with its own database connection. A page read is
the casework person list as the page and the API serve it
(``plek.people.selectors.visible_persons_page``: the visible set as one UNION, one page of 50,
``decide_many`` for the page, then ``record_reads``: one log row per person shown, in one bulk
insert through the chain head). The baseline is the same read with ``record_reads`` replaced by
a no-op, measured in the same run, alternating with the logged runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plek uv run python benchmarks/read_logging.py

Writes benchmarks/results/read_logging.json: per mode the median over --runs runs of the
median and p95 latency of one page read, and the throughput; the ratio logged / unlogged.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from plek.access.models import ProcessingLogEntry, Relation  # noqa: E402
from plek.accounts.context import Actor  # noqa: E402
from plek.accounts.models import Membership, Municipality, Organisation, Region, User  # noqa: E402
from plek.people import selectors  # noqa: E402
from plek.people.models import Person  # noqa: E402

USERS = 20
PAGE = 50
TARGET_RATIO = 1.5


def build(persons_per_user: int, noise: int) -> list[Actor]:
    region = Region.objects.create(name="Benchregio")
    municipality = Municipality.objects.create(code="GM9998", name="Benchstad", region=region)
    organisation = Organisation.objects.create(
        external_id="bench", name="Bench", kind="wijkteam", municipality=municipality
    )
    total = USERS * persons_per_user + noise
    Person.objects.bulk_create(
        [
            Person(
                external_id=f"p{n}",
                initials="A.",
                family_name=f"Bench{n:07d}",
                birth_date=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
            )
            for n in range(total)
        ],
        batch_size=5000,
    )
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    actors = []
    for u in range(USERS):
        user = User.objects.create(username=f"bench-regisseur-{u}", first_name="Bench")
        membership = Membership.objects.create(
            user=user,
            organisation=organisation,
            role="regisseur",
            start_date=datetime.date(2020, 1, 1),
        )
        mine = ids[u * persons_per_user : (u + 1) * persons_per_user]
        Relation.objects.bulk_create(
            [
                Relation(
                    person_id=pid,
                    kind="regisseur",
                    user=user,
                    valid_from=datetime.date(2020, 1, 1),
                )
                for pid in mine
            ],
            batch_size=5000,
        )
        actors.append(Actor(user=user, membership=membership, request_id=f"bench-{u}"))
    return actors


def read_page(actor: Actor, number: int) -> int:
    page = selectors.visible_persons_page(actor, number, PAGE)
    rows = [
        {"id": p.pk, "naam": str(p), "geboren": p.birth_date.isoformat()} for p in page.object_list
    ]
    return len(rows)


def run(actors: list[Actor], reads: int, pages: int, logged: bool) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(actors))
    errors: list[BaseException] = []

    def user(index: int, actor: Actor) -> None:
        try:
            barrier.wait()
            mine = []
            for r in range(reads):
                started = time.perf_counter()
                assert read_page(actor, 1 + (index + r) % pages) == PAGE
                mine.append(time.perf_counter() - started)
            with lock:
                latencies.extend(mine)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    patch = (
        mock.patch.object(selectors, "record_reads", lambda *a, **k: [])
        if not logged
        else mock.patch.object(selectors, "record_reads", selectors.record_reads)
    )
    with patch:
        threads = [threading.Thread(target=user, args=(i, a)) for i, a in enumerate(actors)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    latencies.sort()
    return {
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "reads_per_second": round(len(latencies) / wall, 1),
    }


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reads", type=int, default=20, help="page reads per user per run")
    parser.add_argument("--persons-per-user", type=int, default=500)
    parser.add_argument("--noise", type=int, default=50000)
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs: at least 3 (the figure is a median)")

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        actors = build(args.persons_per_user, args.noise)
        pages = args.persons_per_user // PAGE
        read_page(actors[0], 1)  # warm up
        results: dict[str, list[dict[str, float]]] = {"logged": [], "unlogged": []}
        for _ in range(args.runs):
            results["unlogged"].append(run(actors, args.reads, pages, logged=False))
            results["logged"].append(run(actors, args.reads, pages, logged=True))
        log_rows = ProcessingLogEntry.objects.count()
        from plek.access import chain

        intact = chain.verify().intact
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old, verbosity=0)

    def median(mode: str, key: str) -> float:
        return round(statistics.median(r[key] for r in results[mode]), 1)

    summary: dict[str, Any] = {
        "benchmark": "read_logging",
        "backend": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "concurrent_users": USERS,
        "page_size": PAGE,
        "persons_per_user": args.persons_per_user,
        "unrelated_persons": args.noise,
        "runs": args.runs,
        "reads_per_user_per_run": args.reads,
        "logged": {k: median("logged", k) for k in ("median_ms", "p95_ms", "reads_per_second")},
        "unlogged_baseline": {
            k: median("unlogged", k) for k in ("median_ms", "p95_ms", "reads_per_second")
        },
        "log_rows_written": log_rows,
        "log_intact_after": intact,
        "target_ratio": TARGET_RATIO,
        "each_run": results,
    }
    summary["ratio_median"] = round(
        summary["logged"]["median_ms"] / summary["unlogged_baseline"]["median_ms"], 2
    )
    summary["ratio_p95"] = round(
        summary["logged"]["p95_ms"] / summary["unlogged_baseline"]["p95_ms"], 2
    )
    summary["ratio_throughput"] = round(
        summary["unlogged_baseline"]["reads_per_second"] / summary["logged"]["reads_per_second"], 2
    )
    out = ROOT / "benchmarks" / "results" / "read_logging.json"
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "each_run"}, indent=2))


if __name__ == "__main__":
    main()
