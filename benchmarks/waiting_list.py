"""Benchmark: one page of the central waiting list with 100,000 open entries.

Runs against a throw-away test database of the configured backend (meant for PostgreSQL:
DATABASE_URL). Builds 100,000 open entries of one facility type in one region (every person
from a municipality of the region), works out their stored ranking keys, and times, median of
--runs runs each:

- the ranked page query of ``plek.housing.waiting_list`` (ROW_NUMBER over the region's list in
  ranking order, then the page), for page 1 and page 50;
- the whole selector ``central_list`` for those pages (the count, the page, the explanation's
  ZRM scores, the access decision for the 50 persons and their 50 processing-log rows);
- the baseline, in the same run on the same table: a bare ``SELECT … LIMIT 50`` (and
  ``LIMIT 50 OFFSET 2450`` for page 50).

    DATABASE_URL=postgres://… uv run python benchmarks/waiting_list.py --runs 5

Writes benchmarks/results/waiting_list-<backend>.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

import django  # noqa: E402

django.setup()

from benchmarks.scale import commit, machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from plek.accounts.context import Actor  # noqa: E402
from plek.accounts.models import Membership, Municipality, Organisation, Region, User  # noqa: E402
from plek.core import dates  # noqa: E402
from plek.housing.models import WaitingEntry  # noqa: E402
from plek.housing.waiting_list import (  # noqa: E402
    PAGE_SIZE,
    Filters,
    central_list,
    ranked_page_sql,
    refresh_rank_keys,
)
from plek.people.models import Person  # noqa: E402

TYPE = "nachtopvang"


def build(entries: int, seed: int = 1) -> Actor:
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data, not security
    today = dates.today()
    region = Region.objects.create(name="Benchregio")
    municipalities = [
        Municipality.objects.create(code=f"GM99{i:02d}", name=f"Benchstad {i}", region=region)
        for i in range(4)
    ]
    office = Organisation.objects.create(
        external_id="bench-sd",
        name="Sociale dienst",
        kind="sociale_dienst",
        municipality=municipalities[0],
    )
    user = User.objects.create(username="bench-toegang")
    membership = Membership.objects.create(
        user=user, organisation=office, role="toegang", start_date=datetime.date(2020, 1, 1)
    )
    batch = 10_000
    for start in range(0, entries, batch):
        persons = Person.objects.bulk_create(
            Person(
                external_id=f"bench-{i}",
                family_name=f"Bench {i}",
                birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
                origin_municipality=municipalities[i % len(municipalities)],
            )
            for i in range(start, min(entries, start + batch))
        )
        WaitingEntry.objects.bulk_create(
            WaitingEntry(
                external_id=f"bench-{p.pk}",
                person=p,
                facility_type=TYPE,
                registered_on=today - datetime.timedelta(days=rng.randint(0, 700)),
                priority=rng.choice(["spoed", "hoog", "normaal", "normaal"]),
                children_involved=rng.random() < 0.1,
                safety_risk=rng.random() < 0.05,
            )
            for p in persons
        )
    refresh_rank_keys([TYPE])
    return Actor(user, membership)


def timed(function) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def page_query(actor: Actor, page: int) -> None:
    today = dates.today()
    sql, params, _, _ = ranked_page_sql(
        actor.organisation_id,
        Filters(TYPE),
        today,
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert len(cursor.fetchall()) == PAGE_SIZE


def bare(offset: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, person_id, priority, registered_on FROM housing_waitingentry "
            "LIMIT 50 OFFSET %s",
            [offset],
        )
        assert len(cursor.fetchall()) == PAGE_SIZE


def medians(runs: int, *functions) -> list[float]:  # type: ignore[no-untyped-def]
    """The median time of each function, their runs interleaved (one of each per round) so the
    page and its baseline see the same load on a shared machine."""
    for function in functions:
        function()  # warm the cache and the plan once, as a page served twice would be
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for index, function in enumerate(functions):
            times[index].append(timed(function))
    return [round(statistics.median(each), 5) for each in times]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the plan of page 50")
    args = parser.parse_args()
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        actor = build(args.entries)
        if connection.vendor == "postgresql":
            # What autovacuum does after a load: statistics, and the visibility map that lets a
            # page be read from the covering index alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        if args.explain:
            today = dates.today()
            sql, params, _, _ = ranked_page_sql(
                actor.organisation_id, Filters(TYPE), today, 2450, 50
            )
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + sql, params)
                print("\n".join(row[0] for row in cursor.fetchall()))
        about_machine = machine()
        figures = {}
        for page in (1, 50):
            offset = (page - 1) * PAGE_SIZE
            base, query, whole = medians(
                args.runs,
                lambda offset=offset: bare(offset),
                lambda page=page: page_query(actor, page),
                lambda page=page: central_list(actor, Filters(TYPE), page),
            )
            figures[f"page_{page}"] = {
                "bare_select_limit_50_seconds": base,
                "ranked_page_query_seconds": query,
                "ranked_page_query_vs_bare": round(query / base, 2),
                "whole_selector_seconds": whole,
                "whole_selector_vs_bare": round(whole / base, 2),
            }
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    result = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": about_machine,
        "backend": connection.vendor,
        "entries": args.entries,
        "runs": args.runs,
        "target_vs_bare": 3.0,
        **figures,
    }
    out = ROOT / "benchmarks" / "results" / f"waiting_list-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
