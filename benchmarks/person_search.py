"""Benchmark: the header's person search against a million persons on PostgreSQL.

Fills a throw-away test database of the configured backend (use PostgreSQL: DATABASE_URL) with
--persons synthetic persons in one set-based ``INSERT … SELECT generate_series`` (the folded
search name is the database's generated column, so it is filled as by any other write path),
gives one wijkteam user relations with --related of them, and times the whole search a
professional runs (``plek.people.search.search_persons``: parse, the indexed match with related
persons first, one page of 20, ``decide_many`` for the page, the processing-log rows for every
person shown) for each kind of query. Baseline in the same run: one primary-key lookup of a
person (``Person.objects.get(pk=…)``); and per query the indexed match alone (``page_ids``),
to see what the policy decisions and the log rows add. Every figure is the median of --runs
runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plek_search \\
        uv run python benchmarks/person_search.py --persons 1000000 --runs 5

Writes benchmarks/results/person_search.json (with the machine, the commit and the date).
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
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plek.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from plek.access.models import Relation  # noqa: E402
from plek.accounts.context import Actor  # noqa: E402
from plek.accounts.models import Membership, Municipality, Organisation, Region, User  # noqa: E402
from plek.people.bsn import is_valid_bsn  # noqa: E402
from plek.people.models import Person  # noqa: E402
from plek.people.search import PAGE_SIZE, page_ids, parse, search_persons  # noqa: E402

# 100 stems × 10 endings = 1,000 family names, a fifth with a tussenvoegsel, some with accents.
STEMS = [
    "Jans",
    "Bakk",
    "Vis",
    "Smit",
    "Mey",
    "Boer",
    "Mulder",
    "Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekk",
    "Brouw",
    "Wit",
    "Dijk",
    "Graaf",
    "Berg",
    "Kok",
    "Jacobs",
    "Vermeul",
    "Linde",
    "Veen",
    "Brink",
    "Hoek",
    "Koster",
    "Prins",
    "Huis",
    "Post",
    "Kuip",
    "Schouten",
    "Willems",
    "Maas",
    "Blom",
    "Sanders",
    "Mol",
    "Kramer",
    "Verbeek",
    "Hoekstr",
    "Müll",
    "Çelik",
    "Yılmaz",
    "Özdem",
    "Noël",
    "Hélène",
    "Brücker",
    "Lefèvr",
    "Øster",
    "Aydın",
    "Şah",
    "Roos",
    "Wouters",
    "Kuiper",
    "Veld",
    "Hof",
    "Meer",
    "Laan",
    "Beek",
    "Broek",
    "Heuvel",
    "Wal",
    "Haan",
    "Vries",
    "Wijk",
    "Zand",
    "Bruin",
    "Kamp",
    "Stra",
    "Gerrits",
    "Claas",
    "Martens",
    "Evers",
    "Lammers",
    "Bosch",
    "Hermans",
    "Koning",
    "Molen",
    "Baars",
    "Timmer",
    "Wever",
    "Slag",
    "Vink",
    "Kroon",
    "Valk",
    "Haas",
    "Wolf",
    "Beer",
    "Hert",
    "Leeuw",
    "Zwaan",
    "Kraai",
    "Spreeuw",
    "Mees",
    "Merel",
    "Uil",
    "Raaf",
    "Kwak",
    "Pauw",
    "Specht",
    "Gans",
]
ENDINGS = ["en", "er", "ink", "sma", "ma", "man", "ing", "hof", "berg", "veld"]
PREFIXES = ["van", "de", "van der", "van den", "ter"]
TARGET_MS = 1000


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


def build(persons: int, related: int) -> tuple[Actor, dict[str, str]]:
    """The persons, set-based; one wijkteam user with relations; the queries to time."""
    region = Region.objects.create(name="Benchregio")
    municipality = Municipality.objects.create(code="GM9997", name="Benchstad", region=region)
    organisation = Organisation.objects.create(
        external_id="bench-search", name="Bench", kind="wijkteam", municipality=municipality
    )
    names = [f"{stem}{ending}" for stem in STEMS for ending in ENDINGS]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO people_person (external_id, bsn, initials, family_name, birth_date, sex,
                phone, email, street, house_number, postcode, no_fixed_address,
                created_at, updated_at)
            SELECT 'bench-' || n, NULL,
                chr(65 + n %% 26) || '.',
                CASE WHEN n %% 5 = 0 THEN (%(prefixes)s::text[])[1 + (n / 5) %% 5] || ' '
                    ELSE '' END || (%(names)s::text[])[1 + ((n::bigint * 7919) %% 1000)::int],
                DATE '1940-01-01' + ((n::bigint * 37) %% 25000)::int,
                'X', '', '', 'Benchstraat', (1 + n %% 150)::text,
                (1000 + n %% 9000)::text || chr(65 + (n / 9000) %% 26)
                    || chr(65 + (n / 234000) %% 26),
                false, now(), now()
            FROM generate_series(1, %(persons)s) AS n
            """,
            {"prefixes": PREFIXES, "names": names, "persons": persons},
        )
        # BSNs only from the 9999 test range: every number there that passes the eleven test.
        bsns = [str(n) for n in range(999_900_000, 1_000_000_000) if is_valid_bsn(str(n))]
        cursor.execute(
            "UPDATE people_person p SET bsn = b.bsn FROM "
            "(SELECT unnest(%s::text[]) AS bsn, generate_series(1, %s) AS rn) b "
            "WHERE p.external_id = 'bench-' || (b.rn * 97)",
            [bsns[: persons // 97], min(len(bsns), persons // 97)],
        )
        cursor.execute("ANALYZE people_person")
    built = time.perf_counter() - started
    user = User.objects.create(username="bench-wijkteam", first_name="Bench")
    membership = Membership.objects.create(
        user=user, organisation=organisation, role="wijkteam", start_date=datetime.date(2020, 1, 1)
    )
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True)[: related * 50 : 50])
    Relation.objects.bulk_create(
        [
            Relation(
                person_id=pid, kind="regisseur", user=user, valid_from=datetime.date(2020, 1, 1)
            )
            for pid in ids
        ],
        batch_size=5000,
    )
    sample = Person.objects.filter(bsn__isnull=False).order_by("pk")[10]
    tussen = Person.objects.filter(family_name__startswith="van der ").order_by("pk")[3]
    accented = Person.objects.filter(family_name__startswith="Müll").order_by("pk")[5]
    queries = {
        "partial name (jans)": "jans",
        "tussenvoegsel (van der + name)": tussen.family_name,
        "no diacritics (mull…)": accented.family_name.replace("ü", "u"),
        "birth date, Dutch": sample.birth_date.strftime("%-d-%-m-%Y"),
        "birth date, ISO": sample.birth_date.isoformat(),
        "name + birth date": f"{sample.family_name} {sample.birth_date:%d-%m-%Y}",
        "BSN": sample.bsn or "",
        "postcode + house number": (
            f"{sample.postcode[:4]} {sample.postcode[4:]} {sample.house_number}"
        ),
        "source key": sample.external_id or "",
    }
    actor = Actor(user=user, membership=membership, request_id="bench-search")
    return actor, {"build_seconds": str(round(built, 1)), **queries}


def timed(call: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median milliseconds over ``runs`` calls, and the last call's answer."""
    times, answer = [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 2), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--related", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--name", default="person_search")
    args = parser.parse_args()
    if args.runs < 3:
        parser.error("--runs: at least 3 (the figure is a median)")

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        actor, built = build(args.persons, args.related)
        build_seconds = float(built.pop("build_seconds"))
        some_pk = Person.objects.order_by("pk").values_list("pk", flat=True)[args.persons // 2]
        baseline, _ = timed(lambda: Person.objects.get(pk=some_pk), args.runs)
        figures = {}
        for label, text in built.items():
            search_persons(actor, text)  # warm up
            median, result = timed(lambda text=text: search_persons(actor, text), args.runs)
            query = parse(text)
            matching_ms, _ = timed(
                lambda query=query: page_ids(actor, query, 1, PAGE_SIZE), args.runs
            )
            figures[label] = {
                "query": text,
                "median_ms": median,
                # The indexed match alone (one page of ids, related first), without the policy
                # decisions and the log rows.
                "match_only_ms": matching_ms,
                "shown": len(result.hits),
                "shown_related": len(result.visible_hits),
                "more_pages": result.has_next,
                "ratio_to_pk_lookup": round(median / baseline, 1) if baseline else None,
            }
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old, verbosity=0)

    summary: dict[str, Any] = {
        "benchmark": "person_search",
        "backend": connection.vendor,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "persons": args.persons,
        "related_to_the_searcher": args.related,
        "runs": args.runs,
        "build_seconds": build_seconds,
        "baseline_pk_lookup_ms": baseline,
        "target_ms": TARGET_MS,
        "searches": figures,
        "slowest_ms": max(f["median_ms"] for f in figures.values()),
    }
    out = ROOT / "benchmarks" / "results" / f"{args.name}.json"
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
