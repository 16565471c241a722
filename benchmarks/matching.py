"""Benchmark: proposing candidates for 1,000 free units from 10,000 waiting entries.

Runs against a throw-away test database of the configured backend (SQLite by default,
PostgreSQL with DATABASE_URL). The figure is the median of --runs runs of the whole proposal
step as the service does it (load the free units, load and rank the open entries with their
latest ZRM scores in a few set-based queries, match scarcest vacancies first), without writing
the proposals. The baseline, measured in the same run, is the naive per-unit scan: for every
free unit, query that type's open entries, score and sort them, and take the first eligible one
not yet taken.

    uv run python benchmarks/matching.py --runs 5

Writes benchmarks/results/matching-<backend>.json.
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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from plek.accounts.models import Municipality, Organisation, Region  # noqa: E402
from plek.housing import services  # noqa: E402
from plek.housing.matching import Candidate, eligible, match  # noqa: E402
from plek.housing.models import CapacityPeriod, Facility, Unit, WaitingEntry  # noqa: E402
from plek.housing.ranking import rank  # noqa: E402
from plek.intake.models import Assessment, AssessmentScore  # noqa: E402
from plek.people.models import Person  # noqa: E402

TYPES = ("nachtopvang", "tussenvoorziening", "beschermd_wonen", "housing_first", "flexwonen")
ON = datetime.date(2026, 6, 1)


def build(units: int, entries: int, seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data, not security
    region = Region.objects.create(name="Benchregio")
    municipality = Municipality.objects.create(code="GM9999", name="Benchstad", region=region)
    provider = Organisation.objects.create(
        external_id="bench", name="Bench", kind="opvang_aanbieder", municipality=municipality
    )
    facilities = [
        Facility.objects.create(
            external_id=f"bench-{t}",
            name=t,
            type=t,
            provider=provider,
            municipality=municipality,
            scope="regional",
            day_tariff=Decimal("1.00"),
            indication_required=t == "beschermd_wonen",
        )
        for t in TYPES
    ]
    for f in facilities:
        CapacityPeriod.objects.create(facility=f, valid_from=ON, units=units // len(TYPES))
    Unit.objects.bulk_create(
        Unit(
            facility=facilities[i % len(facilities)],
            code=f"{i:05d}",
            kind="kamer",
            family_suitable=rng.random() < 0.2,
            accessible=rng.random() < 0.1,
        )
        for i in range(units)
    )
    persons = Person.objects.bulk_create(
        Person(
            external_id=f"bench-{i}",
            family_name=f"Bench {i}",
            birth_date=datetime.date(1960 + i % 40, 1 + i % 12, 1),
            sex=rng.choice("MVX"),
        )
        for i in range(entries)
    )
    WaitingEntry.objects.bulk_create(
        WaitingEntry(
            external_id=f"bench-{p.pk}",
            person=p,
            facility_type=TYPES[i % len(TYPES)],
            registered_on=ON - datetime.timedelta(days=rng.randint(0, 700)),
            priority=rng.choice(["spoed", "hoog", "normaal", "normaal"]),
            children_involved=rng.random() < 0.1,
            safety_risk=rng.random() < 0.05,
            access_decision_until=ON + datetime.timedelta(days=100),
        )
        for i, p in enumerate(persons)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(external_id=f"bench-{p.pk}", person=p, assessed_on=ON) for p in persons
    )
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=a, domain=d, score=rng.randint(1, 5))
        for a in assessments
        for d in ("huisvesting", "geestelijke_gezondheid")
    )


def proposal_step() -> int:
    vacancies = services.free_units(ON)
    candidates = services.candidates_by_type(ON, {v.facility_type for v in vacancies})
    return sum(len(chosen) for _, chosen in match(vacancies, candidates))


def naive_per_unit_scan() -> int:
    taken: set[int] = set()
    proposed = 0
    for vacancy in services.free_units(ON):
        weights = services.weights_of(services.policy_for(vacancy.facility_type))
        rows = services.rank_inputs(services.open_entries(ON, [vacancy.facility_type]))
        by_id = {row["pk"]: row for row in rows}
        for ranked in rank((services._rank_input(r) for r in rows), weights, ON):
            if ranked.entry.entry_id in taken:
                continue
            row = by_id[ranked.entry.entry_id]
            candidate = Candidate(
                ranked=ranked,
                person_id=row["person_id"],
                birth_date=row["person__birth_date"],
                sex=row["person__sex"],
                access_valid_until=row["access_decision_until"],
                needs_accessible=row["needs_accessible"],
            )
            if eligible(vacancy, candidate):
                taken.add(ranked.entry.entry_id)
                proposed += 1
                break
    return proposed


def timed(function) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    # The naive scan takes minutes per run at full size; three runs give its median.
    parser.add_argument("--baseline-runs", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        build(args.units, args.entries)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        step = [timed(proposal_step) for _ in range(args.runs)]
        naive = [timed(naive_per_unit_scan) for _ in range(args.baseline_runs)]
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    result = {
        "backend": connection.vendor,
        "units": args.units,
        "entries": args.entries,
        "runs": args.runs,
        "baseline_runs": args.baseline_runs,
        "proposals": step[0][1],
        "median_seconds": round(statistics.median(t for t, _ in step), 3),
        "baseline_naive_per_unit_scan_median_seconds": round(
            statistics.median(t for t, _ in naive), 3
        ),
        "baseline_proposals": naive[0][1],
        "target_seconds": 1.0,
    }
    out = ROOT / "benchmarks" / "results" / f"matching-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
