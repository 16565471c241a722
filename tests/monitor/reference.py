"""A plain-Python reference for the monitor, written straight from docs/monitor.md.

Deliberately naive (loops over every row, dates in Python) and independent of the SQL engine,
so that the property test can compare the two on random data.
"""

from __future__ import annotations

import csv
import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

DOMAINS = (
    "financien",
    "werk_opleiding",
    "tijdsbesteding",
    "huisvesting",
    "huiselijke_relaties",
    "geestelijke_gezondheid",
    "lichamelijke_gezondheid",
    "middelengebruik",
    "basale_adl",
    "instrumentele_adl",
    "sociaal_netwerk",
    "maatschappelijke_participatie",
    "justitie",
)
CATEGORY = {
    **dict.fromkeys(
        ["nachtopvang", "crisisopvang", "crisisopvang_gezinnen", "vrouwenopvang", "winteropvang"],
        "opvang",
    ),
    **dict.fromkeys(
        [
            "tussenvoorziening",
            "flexwonen",
            "woontraining",
            "skaeve_huse",
            "short_stay",
            "particuliere_opvang",
        ],
        "tussen",
    ),
    "beschermd_wonen": "bw",
    "probeerplek": "bw",
    "housing_first": "hf",
    "terugval": "respijt",
}
HOUSING = {"eigen_woning", "housing_first", "beschermd_thuis"}
NORMS = {"spoed": 1, "hoog": 3, "normaal": 7}
TERM = 56
ONE = datetime.timedelta(days=1)


def load(directory: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = {}
    for path in directory.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            data[path.stem] = [
                {k: _value(k, v) for k, v in row.items()} for row in csv.DictReader(handle)
            ]
    return data


def _value(column: str, raw: str) -> Any:
    if raw == "":
        return None
    if column.endswith(("_date", "_on", "_from")):
        return datetime.date.fromisoformat(raw)
    if column in DOMAINS or column == "units":
        return int(raw)
    if column == "day_tariff":
        return Decimal(raw)
    return raw


def _r(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def share(a: int, b: int) -> Decimal | None:
    return None if b == 0 else _r(Decimal(a) / b, "0.0001")


def mean(values: list[int]) -> Decimal | None:
    return None if not values else _r(Decimal(sum(values)) / len(values), "0.01")


def median(values: list[int]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = ordered[(n - 1) // 2 : n // 2 + 1]
    return _r(Decimal(sum(middle)) / len(middle), "0.01")


def nights_in(start: datetime.date, end: datetime.date | None, a: datetime.date, b: datetime.date):
    """The dates of P that the stay occupies."""
    last = (end - ONE) if end is not None else b
    first, last = max(start, a), min(last, b)
    return max(0, (last - first).days + 1)


def compute(
    data: dict[str, list[dict[str, Any]]],
    a: datetime.date,
    b: datetime.date,
    as_of: datetime.date,
    municipality: str | None = None,
    sex: str | None = None,
    ages: tuple[int, int] | None = None,
    facility_type: str | None = None,
) -> dict[str, Any]:
    persons = {p["id"]: p for p in data.get("persons", [])}
    counted = {
        pid
        for pid, p in persons.items()
        if (municipality is None or p["origin_municipality"] == municipality)
        and (sex is None or p["sex"] == sex)
        and (ages is None or _age_in(p["birth_date"], b, ages))
    }
    facilities = {f["id"]: f for f in data.get("facilities", [])}
    stays = [
        {
            **s,
            "category": CATEGORY[facilities[s["facility"]]["type"]],
            "type": facilities[s["facility"]]["type"],
        }
        for s in data.get("stays", [])
    ]
    history = [s for s in stays if s["person"] in counted]
    mine = [s for s in history if facility_type is None or s["type"] == facility_type]
    opvang = [s for s in mine if s["category"] == "opvang"]
    inside = lambda d: d is not None and a <= d <= b  # noqa: E731

    m1 = len({s["person"] for s in opvang if nights_in(s["start_date"], s["end_date"], a, b)})

    firsts: dict[str, datetime.date] = {}
    for s in opvang:
        if inside(s["start_date"]):
            firsts[s["person"]] = min(firsts.get(s["person"], s["start_date"]), s["start_date"])
    first_time = 0
    for pid, start in firsts.items():
        earlier = [
            s
            for s in history
            if s["person"] == pid
            and s["category"] in ("opvang", "tussen")
            and s["start_date"] < start
            and (s["end_date"] is None or s["end_date"] >= start - datetime.timedelta(days=730))
        ]
        first_time += not earlier

    ended = [(s["end_date"] - s["start_date"]).days for s in opvang if inside(s["end_date"])]
    still = [
        (b - s["start_date"]).days
        for s in opvang
        if s["start_date"] <= b and (s["end_date"] is None or s["end_date"] > b)
    ]

    exits = [s for s in mine if s["category"] != "respijt" and inside(s["end_date"])]
    housed = [s for s in exits if s["exit_destination"] in HOUSING]

    cohort: dict[str, datetime.date] = {}
    for s in housed:
        cohort[s["person"]] = min(cohort.get(s["person"], s["end_date"]), s["end_date"])
    m5: dict[str, Any] = {"cohort": len(cohort)}
    for h in (180, 365, 730):
        back = sum(
            any(
                1 <= (s["start_date"] - day).days <= h
                for s in history
                if s["category"] == "opvang" and s["person"] == pid
            )
            for pid, day in cohort.items()
        )
        m5[f"returned_{h}"] = (
            share(back, len(cohort)) if b + datetime.timedelta(days=h) <= as_of else None
        )

    waiting = [
        w
        for w in data.get("waiting", [])
        if w["person"] in counted and (facility_type is None or w["facility_type"] == facility_type)
    ]
    placed = [(w["placed_on"] - w["registered_on"]).days for w in waiting if inside(w["placed_on"])]
    waiting_open = [
        (b - w["registered_on"]).days
        for w in waiting
        if w["registered_on"] <= b
        and (w["placed_on"] is None or w["placed_on"] > b)
        and (w["withdrawn_on"] is None or w["withdrawn_on"] > b)
    ]

    m7 = {}
    for fid, f in sorted(facilities.items()):
        if municipality is not None and f["municipality"] != municipality:
            continue
        if facility_type is not None and f["type"] != facility_type:
            continue
        periods = sorted(
            (c["valid_from"], c["units"]) for c in data.get("capacity", []) if c["facility"] == fid
        )
        available = 0
        day = a
        while day <= b:
            units = 0
            for valid_from, count in periods:
                if valid_from <= day:
                    units = count
            available += units
            day += ONE
        occupied = sum(
            nights_in(s["start_date"], s["end_date"], a, b) for s in stays if s["facility"] == fid
        )
        m7[fid] = {
            "available": available,
            "occupied": occupied,
            "share": share(occupied, available),
        }

    signals = [
        s
        for s in data.get("signals", [])
        if inside(s["received_on"])
        and (municipality is None or (s["person"] is not None and s["person"] in counted))
    ]
    within = sum(
        s["first_contact_on"] is not None
        and (s["first_contact_on"] - s["received_on"]).days <= NORMS[s["urgency"]]
        for s in signals
    )
    outcomes: dict[str, int] = {}
    for s in signals:
        if s["outcome"]:
            outcomes[s["outcome"]] = outcomes.get(s["outcome"], 0) + 1

    postal = [p for p in data.get("postal", []) if p["person"] in counted]
    decisions = [
        (p["decided_on"] - p["applied_on"]).days
        for p in postal
        if inside(p["decided_on"]) and p["decision"] in ("toegekend", "afgewezen")
    ]
    active_postal = sum(
        p["decision"] == "toegekend"
        and p["decided_on"] is not None
        and p["decided_on"] <= b
        and (p["ended_on"] is None or p["ended_on"] > b)
        for p in postal
    )

    m10 = _m10(data, counted, a, b)

    tracks = [t for t in data.get("aftercare", []) if t["person"] in counted]
    track_ids = {t["id"] for t in tracks}
    active = lambda t, d: t["started_on"] <= d and (t["ended_on"] is None or t["ended_on"] > d)  # noqa: E731
    due = [
        c for c in data.get("checkins", []) if c["aftercare"] in track_ids and inside(c["due_on"])
    ]
    on_time = sum(c["done_on"] is not None and (c["done_on"] - c["due_on"]).days <= 7 for c in due)
    relapses = len(
        {
            s["person"]
            for s in opvang
            if inside(s["start_date"])
            and any(t["person"] == s["person"] and active(t, s["start_date"]) for t in tracks)
        }
    )

    entries: dict[str, dict[str, Any]] = {}
    for s in sorted(mine, key=lambda s: (s["start_date"], s["id"])):
        end = s["end_date"] or as_of
        if (
            s["type"] == "nachtopvang"
            and inside(s["start_date"])
            and (end - s["start_date"]).days > 3
        ):
            entries.setdefault(s["person"], s)
    with_plan = sum(
        any(
            p["person"] == pid and 0 <= (p["started_on"] - s["start_date"]).days <= 14
            for p in data.get("plans", [])
        )
        for pid, s in entries.items()
    )

    m13: dict[str, Decimal] = {}
    for s in mine:
        nights = nights_in(s["start_date"], s["end_date"], a, b)
        if nights:
            # The origin recorded on the stay at its start (plek-csv stays carry none: the
            # importer records the person's origin then), else the person's.
            recorded = s.get("origin_municipality")
            code = recorded or persons[s["person"]]["origin_municipality"] or "onbekend"
            cost = nights * facilities[s["facility"]]["day_tariff"]
            m13[code] = m13.get(code, Decimal(0)) + cost

    return {
        "period": {
            "from": a.isoformat(),
            "to": b.isoformat(),
            "as_of": as_of.isoformat(),
            "municipality": municipality,
        },
        "M1": {"persons": m1},
        "M2": {"inflow": len(firsts), "first_time": first_time},
        "M3": {
            "ended": len(ended),
            "ended_median_nights": median(ended),
            "ended_mean_nights": mean(ended),
            "open": len(still),
            "open_median_nights": median(still),
        },
        "M4": {
            "exits": len(exits),
            "to_housing": len(housed),
            "share": share(len(housed), len(exits)),
        },
        "M5": m5,
        "M6": {
            "placed": len(placed),
            "placed_median_days": median(placed),
            "open": len(waiting_open),
            "open_median_days": median(waiting_open),
        },
        "M7": {"facilities": m7},
        "M8": {
            "received": len(signals),
            "contacted_within_norm": within,
            "share": share(within, len(signals)),
            "outcomes": dict(sorted(outcomes.items())),
        },
        "M9": {
            "applications": sum(inside(p["applied_on"]) for p in postal),
            "decisions": len(decisions),
            "within_term": sum(d <= TERM for d in decisions),
            "share": share(sum(d <= TERM for d in decisions), len(decisions)),
            "median_days": median(decisions),
            "active": active_postal,
        },
        "M10": m10,
        "M11": {
            "active": sum(active(t, b) for t in tracks),
            "due": len(due),
            "on_time": on_time,
            "share": share(on_time, len(due)),
            "relapses": relapses,
        },
        "M12": {
            "entered": len(entries),
            "with_plan": with_plan,
            "share": share(with_plan, len(entries)),
        },
        "M13": {code: _r(m13[code], "0.01") for code in sorted(m13)},
    }


def _age_in(birth: datetime.date | None, on: datetime.date, ages: tuple[int, int]) -> bool:
    if birth is None:
        return False
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return ages[0] <= age <= ages[1]


def _m10(data: dict[str, list[dict[str, Any]]], counted: set[str], a, b) -> dict[str, Any]:
    by_person: dict[str, list[dict[str, Any]]] = {}
    for row in data.get("assessments", []):
        if row["person"] in counted:
            by_person.setdefault(row["person"], []).append(row)
    pairs = []
    for rows in by_person.values():
        in_p = [r for r in rows if a <= r["assessed_on"] <= b]
        if not in_p:
            continue
        latest = max(in_p, key=lambda r: (r["assessed_on"], r["id"]))
        before = [r for r in rows if (latest["assessed_on"] - r["assessed_on"]).days >= 60]
        if before:
            pairs.append((min(before, key=lambda r: (r["assessed_on"], r["id"])), latest))
    changes: dict[str, list[int]] = {d: [] for d in DOMAINS}
    improved = 0
    for earliest, latest in pairs:
        total = 0
        for d in DOMAINS:
            if earliest[d] is not None and latest[d] is not None:
                changes[d].append(latest[d] - earliest[d])
                total += latest[d] - earliest[d]
        improved += total > 0
    return {
        "persons": len(pairs),
        "improved": improved,
        "share": share(improved, len(pairs)),
        "mean_change": {d: mean(changes[d]) for d in DOMAINS},
    }
