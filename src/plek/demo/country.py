"""`plek generate DIR --persons N`: synthetic persons in the real country as plek-csv, streamed.

The country is the real one: the 342 municipalities of 2025 with their CBS codes, names and
inhabitants on 1 January 2025 (`data/municipalities.csv`; its README names the sources). Of them,
43 are centre municipalities holding the regional facilities and every municipality belongs to
one centre; the centres and their regions come from a documented rule in that README (within a
safety region, sized alike), not from the official list of centre municipalities. Each centre has
one facility per type of GUIDE §6, its capacity per inhabitant of the region as GUIDE §6 gives it
for 450,000 inhabitants, raised where the generated history needs more, so that the files import
without a capacity problem. The persons are synthetic: origin municipalities are drawn in
proportion to the inhabitants.

Each person has a history of episodes over `years` years: an entry into a shelter, transfers
along the chain (shelter → intermediate → protected living or Housing First, respite after a
relapse), exits to a home or back to the street, and new episodes after a while; about 5.2 stays
a person on average, so a million persons carry more than five million stays. A person's stays
never overlap; the last may still be open.

Rows are written as they are made (persons, then stays); only the occupancy per facility and day
is kept in memory, to write the capacity at the end. Deterministic per seed.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import itertools
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TextIO

DATA = Path(__file__).with_name("data") / "municipalities.csv"
MUNICIPALITIES = 342  # rows of the data file
CENTRES = 43  # centre municipalities in it
REGION_INHABITANTS = 450_000  # the size GUIDE §6's figures are for

# GUIDE §6: places per 450,000 inhabitants, per facility type.
GUIDE_CAPACITY = {
    "nachtopvang": 60,
    "winteropvang": 30,
    "crisisopvang_gezinnen": 3,
    "vrouwenopvang": 15,
    "tussenvoorziening": 8,
    "flexwonen": 80,
    "woontraining": 30,
    "skaeve_huse": 12,
    "beschermd_wonen": 440,
    "housing_first": 25,
    "terugval": 9,
}
TARIFF = {
    "nachtopvang": "55.00",
    "winteropvang": "45.00",
    "crisisopvang_gezinnen": "120.00",
    "vrouwenopvang": "110.00",
    "tussenvoorziening": "80.00",
    "flexwonen": "35.00",
    "woontraining": "70.00",
    "skaeve_huse": "60.00",
    "beschermd_wonen": "150.00",
    "housing_first": "40.00",
    "terugval": "90.00",
}
TYPES = tuple(GUIDE_CAPACITY)
# Nights of a stay per type: (shortest, longest); night shelter: 40% leave within 3 nights.
NIGHTS = {
    "nachtopvang": (4, 60),
    "winteropvang": (1, 30),
    "crisisopvang_gezinnen": (20, 50),
    "vrouwenopvang": (21, 60),
    "tussenvoorziening": (60, 240),
    "flexwonen": (90, 365),
    "woontraining": (120, 540),
    "skaeve_huse": (180, 720),
    "beschermd_wonen": (180, 1000),
    "housing_first": (365, 1500),
    "terugval": (3, 21),
}
ENTRY = (
    ("nachtopvang", 62),
    ("winteropvang", 12),
    ("vrouwenopvang", 8),
    ("crisisopvang_gezinnen", 3),
    ("tussenvoorziening", 15),
)
END = ""
# What follows a stay of a category: the next type, or END of the episode.
NEXT = {
    "opvang": (
        ("nachtopvang", 40),
        ("tussenvoorziening", 10),
        ("flexwonen", 10),
        ("beschermd_wonen", 6),
        ("housing_first", 4),
        (END, 30),
    ),
    "tussen": (
        ("flexwonen", 15),
        ("woontraining", 10),
        ("skaeve_huse", 3),
        ("housing_first", 12),
        ("beschermd_wonen", 8),
        (END, 52),
    ),
    "bw": (("housing_first", 15), ("terugval", 10), (END, 75)),
    "hf": (("terugval", 20), (END, 80)),
    "respijt": (("housing_first", 40), ("nachtopvang", 10), (END, 50)),
}
CATEGORY = {
    **dict.fromkeys(
        ("nachtopvang", "winteropvang", "crisisopvang_gezinnen", "vrouwenopvang"), "opvang"
    ),
    **dict.fromkeys(("tussenvoorziening", "flexwonen", "woontraining", "skaeve_huse"), "tussen"),
    "beschermd_wonen": "bw",
    "housing_first": "hf",
    "terugval": "respijt",
}
# Exit destination of a transfer into the next category.
TRANSFER = {
    "opvang": "andere_opvang",
    "tussen": "tussenvoorziening",
    "bw": "beschermd_wonen",
    "hf": "housing_first",
    "respijt": "andere_opvang",
}
END_DESTINATIONS = (
    ("eigen_woning", 40),
    ("beschermd_thuis", 10),
    ("straat", 14),
    ("bank_slapen", 10),
    ("vertrokken_onbekend", 15),
    ("ggz_kliniek", 5),
    ("detentie", 4),
    ("overleden", 2),
)
FAMILY_NAMES = (
    "de Vries",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
)
PROGRESS_EVERY = 50_000


def _chooser(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> Callable[[], str]:
    values = [value for value, _ in weighted]
    cumulative = list(itertools.accumulate(weight for _, weight in weighted))
    total = cumulative[-1]

    def choose() -> str:
        return values[bisect.bisect_right(cumulative, rng.random() * total)]

    return choose


class Municipality(NamedTuple):
    code: str
    name: str
    inhabitants: int
    centre: str  # code of the centre municipality whose region it belongs to


def municipalities(path: Path = DATA) -> list[Municipality]:
    """The municipalities of the data file, largest first (ties by code)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            Municipality(row["code"], row["name"], int(row["inhabitants"]), row["centre_code"])
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda place: (-place.inhabitants, place.code))


def generate_country(
    directory: Path,
    persons: int,
    years: int = 10,
    seed: int = 2026,
    end: datetime.date | None = None,
    progress: TextIO | None = None,
) -> dict[str, int]:
    """Write the country as plek-csv in `directory`; returns the number of rows per file."""
    rng = random.Random(seed)
    end = end or datetime.date(2025, 12, 31)
    start = end.replace(year=end.year - years) + datetime.timedelta(days=1)
    days = (end - start).days + 1
    directory.mkdir(parents=True, exist_ok=True)
    places = municipalities()
    centres = [place for place in places if place.centre == place.code]  # largest first
    index = {place.code: n for n, place in enumerate(centres)}
    centre_of = [index[place.centre] for place in places]
    region_size = [0] * len(centres)
    for place, centre in zip(places, centre_of, strict=True):
        region_size[centre] += place.inhabitants
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        counts[name] = len(rows)

    write("municipalities", ["code", "name"], [[place.code, place.name] for place in places])
    write(
        "organisations",
        ["id", "name", "kind", "municipality"],
        [
            [f"o{rank:02d}", f"Opvangaanbieder {centre.name}", "opvang_aanbieder", centre.code]
            for rank, centre in enumerate(centres)
        ],
    )
    facility_ids = [[f"f{rank:02d}-{kind}" for kind in TYPES] for rank in range(len(centres))]
    write(
        "facilities",
        ["id", "name", "type", "provider", "municipality", "scope", "day_tariff"],
        [
            [
                facility_ids[rank][n],
                f"{kind.replace('_', ' ').capitalize()} {centre.name}",
                kind,
                f"o{rank:02d}",
                centre.code,
                "regional",
                TARIFF[kind],
            ]
            for rank, centre in enumerate(centres)
            for n, kind in enumerate(TYPES)
        ],
    )

    # Occupancy changes per facility and day (index `days` for stays still open at the end).
    change = [[[0] * (days + 1) for _ in TYPES] for _ in centres]
    type_index = {kind: n for n, kind in enumerate(TYPES)}
    origin_weights = list(itertools.accumulate(place.inhabitants for place in places))
    entry, end_destination = _chooser(rng, ENTRY), _chooser(rng, END_DESTINATIONS)
    next_of = {category: _chooser(rng, weighted) for category, weighted in NEXT.items()}
    rand, randint = rng.random, rng.randint
    iso = [(start + datetime.timedelta(days=d)).isoformat() for d in range(days)]
    stays = 0
    with (
        (directory / "persons.csv").open("w", encoding="utf-8", newline="") as persons_file,
        (directory / "stays.csv").open("w", encoding="utf-8", newline="") as stays_file,
    ):
        persons_file.write("id,bsn,initials,family_name,birth_date,sex,origin_municipality\n")
        stays_file.write("id,person,facility,start_date,end_date,exit_destination\n")
        person_lines: list[str] = []
        stay_lines: list[str] = []
        for number in range(persons):
            person = f"p{number:07d}"
            rank = bisect.bisect_right(origin_weights, rand() * origin_weights[-1])
            centre = centre_of[rank]
            birth = datetime.date(1940 + randint(0, 65), randint(1, 12), randint(1, 28))
            sex = "M" if rand() < 0.68 else ("V" if rand() < 0.95 else "X")
            person_lines.append(
                f"{person},,{chr(65 + randint(0, 25))}.,{FAMILY_NAMES[randint(0, 19)]},"
                f"{birth.isoformat()},{sex},{places[rank].code}\n"
            )
            day = randint(0, days - 1)
            kind = entry()
            while True:
                low, high = NIGHTS[kind]
                nights = (
                    randint(1, 3) if kind == "nachtopvang" and rand() < 0.4 else randint(low, high)
                )
                leave = day + nights
                facility = type_index[kind]
                stays += 1
                stay = f"s{stays:08d},{person},{facility_ids[centre][facility]},{iso[day]},"
                row = change[centre][facility]
                row[day] += 1
                if leave >= days:  # still there at the end: an open stay
                    row[days] -= 1
                    stay_lines.append(stay + ",\n")
                    break
                row[leave] -= 1
                following = next_of[CATEGORY[kind]]()
                if following != END and rand() < 0.6:
                    gap = 0
                    destination = TRANSFER[CATEGORY[following]]
                else:
                    following = following or entry()
                    gap = randint(14, 720)
                    destination = end_destination()
                stay_lines.append(f"{stay}{iso[leave]},{destination}\n")
                day, kind = leave + gap, following
                if day >= days or destination == "overleden":
                    break
            if len(stay_lines) > 20_000:
                persons_file.writelines(person_lines)
                stays_file.writelines(stay_lines)
                person_lines, stay_lines = [], []
            if progress is not None and (number + 1) % PROGRESS_EVERY == 0:
                _report(progress, number + 1, persons, number + 1 + stays, started)
        persons_file.writelines(person_lines)
        stays_file.writelines(stay_lines)
    counts["persons"], counts["stays"] = persons, stays

    capacity = []
    for rank in range(len(centres)):
        for n, kind in enumerate(TYPES):
            needed = max(itertools.accumulate(change[rank][n][:days]), default=0)
            guide = round(GUIDE_CAPACITY[kind] * region_size[rank] / REGION_INHABITANTS)
            capacity.append([facility_ids[rank][n], start.isoformat(), str(max(guide, needed, 1))])
    write("capacity", ["facility", "valid_from", "units"], capacity)
    if progress is not None:
        _report(progress, persons, persons, sum(counts.values()), started, finished=True)
    return counts


def _report(
    out: TextIO, done: int, total: int, rows: int, started: float, *, finished: bool = False
) -> None:
    seconds = time.perf_counter() - started
    bar = "#" * (30 * done // max(total, 1))
    rate = rows / seconds if seconds else 0.0
    end = "\n" if finished else "\r"
    out.write(f"[{bar:<30}] {done:,}/{total:,} personen, {rows:,} rijen, {rate:,.0f} rijen/s{end}")
    out.flush()


if __name__ == "__main__":  # pragma: no cover - for profiling by hand
    generate_country(Path(sys.argv[1]), int(sys.argv[2]), progress=sys.stderr)
