"""The SQL engine and the plain-Python reference agree on random regions and random periods."""

from __future__ import annotations

import csv
import datetime
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plek.exchange.importer import import_directory
from plek.exchange.spec import FILES_BY_NAME
from plek.monitor.engine import AGE_BANDS, Cut, Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference

BASE = datetime.date(2022, 1, 1)
TYPES = ["nachtopvang", "crisisopvang", "flexwonen", "beschermd_wonen", "housing_first", "terugval"]
DESTINATIONS = ["eigen_woning", "housing_first", "straat", "andere_opvang", "tussenvoorziening"]
MUNICIPALITIES = ["GM0505", "GM0642"]


def day(offset: int) -> str:
    return (BASE + datetime.timedelta(days=offset)).isoformat()


@st.composite
def regions(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    n_persons = draw(st.integers(1, 6))
    facilities = [
        {
            "id": f"f{i}",
            "name": f"Voorziening {i}",
            "type": draw(st.sampled_from(TYPES)),
            "provider": "o1",
            "municipality": draw(st.sampled_from(MUNICIPALITIES)),
            "scope": "regional",
            "day_tariff": draw(st.sampled_from(["0.00", "12.50", "55.55"])),
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    # Capacity never below the number of persons, so every generated region is importable.
    capacity = [
        {"facility": f["id"], "valid_from": day(0), "units": str(n_persons)} for f in facilities
    ]
    for f in facilities:
        for offset in draw(st.sets(st.integers(1, 900), max_size=2)):
            capacity.append(
                {
                    "facility": f["id"],
                    "valid_from": day(offset),
                    "units": str(n_persons + draw(st.integers(0, 3))),
                }
            )
    persons, stays, waiting, signals, assessments, plans, postal, tracks, checkins = (
        [] for _ in range(9)
    )
    for p in range(n_persons):
        pid = f"p{p}"
        persons.append(
            {
                "id": pid,
                "bsn": "",
                "initials": "T.",
                "family_name": f"Test{p}",
                "birth_date": draw(st.sampled_from(["", day(-draw(st.integers(0, 80 * 365)))])),
                "sex": draw(st.sampled_from(["M", "V", "X"])),
                "origin_municipality": draw(st.sampled_from([*MUNICIPALITIES, ""])),
            }
        )
        cursor = draw(st.integers(0, 200))
        for s in range(draw(st.integers(0, 4))):
            length = draw(st.integers(0, 300))
            is_open = draw(st.booleans()) and s == 3
            stays.append(
                {
                    "id": f"{pid}s{s}",
                    "person": pid,
                    "facility": draw(st.sampled_from(facilities))["id"],
                    "start_date": day(cursor),
                    "end_date": "" if is_open else day(cursor + length),
                    "exit_destination": "" if is_open else draw(st.sampled_from(DESTINATIONS)),
                }
            )
            if is_open:
                break
            cursor += length + draw(st.integers(0, 60))
        for w in range(draw(st.integers(0, 2))):
            registered = draw(st.integers(0, 800))
            placed = draw(st.one_of(st.none(), st.integers(0, 200)))
            waiting.append(
                {
                    "id": f"{pid}w{w}",
                    "person": pid,
                    "facility_type": "nachtopvang",
                    "registered_on": day(registered),
                    "placed_on": "" if placed is None else day(registered + placed),
                    "withdrawn_on": "",
                    "priority": "normaal",
                }
            )
        for g in range(draw(st.integers(0, 2))):
            received = draw(st.integers(0, 800))
            contact = draw(st.one_of(st.none(), st.integers(0, 10)))
            signals.append(
                {
                    "id": f"{pid}g{g}",
                    "person": draw(st.sampled_from([pid, ""])),
                    "source": "energie",
                    "urgency": draw(st.sampled_from(["spoed", "hoog", "normaal"])),
                    "received_on": day(received),
                    "first_contact_on": "" if contact is None else day(received + contact),
                    "outcome": draw(st.sampled_from(["", "opgelost", "ontruiming"])),
                    "outcome_on": "",
                }
            )
        for a in range(draw(st.integers(0, 3))):
            row = {"id": f"{pid}a{a}", "person": pid, "assessed_on": day(draw(st.integers(0, 800)))}
            for domain in reference.DOMAINS:
                row[domain] = draw(st.sampled_from(["", "1", "3", "5"]))
            assessments.append(row)
        for n in range(draw(st.integers(0, 1))):
            plans.append(
                {
                    "id": f"{pid}pl{n}",
                    "person": pid,
                    "started_on": day(draw(st.integers(0, 800))),
                    "review_on": "",
                    "ended_on": "",
                }
            )
        for n in range(draw(st.integers(0, 1))):
            applied = draw(st.integers(0, 800))
            decided = draw(st.one_of(st.none(), st.integers(0, 90)))
            postal.append(
                {
                    "id": f"{pid}pa{n}",
                    "person": pid,
                    "applied_on": day(applied),
                    "decided_on": "" if decided is None else day(applied + decided),
                    "decision": ""
                    if decided is None
                    else draw(st.sampled_from(["toegekend", "afgewezen"])),
                    "ended_on": "",
                }
            )
        for n in range(draw(st.integers(0, 1))):
            started = draw(st.integers(0, 800))
            tracks.append(
                {"id": f"{pid}t{n}", "person": pid, "started_on": day(started), "ended_on": ""}
            )
            for c in range(draw(st.integers(0, 3))):
                due = started + 28 * (c + 1)
                done = draw(st.one_of(st.none(), st.integers(-3, 12)))
                checkins.append(
                    {
                        "id": f"{pid}t{n}c{c}",
                        "aftercare": f"{pid}t{n}",
                        "due_on": day(due),
                        "done_on": "" if done is None else day(due + done),
                        "light": "",
                    }
                )
    return {
        "municipalities": [{"code": code, "name": code} for code in MUNICIPALITIES],
        "organisations": [
            {"id": "o1", "name": "Aanbieder", "kind": "opvang_aanbieder", "municipality": ""}
        ],
        "facilities": facilities,
        "capacity": capacity,
        "persons": persons,
        "stays": stays,
        "waiting": waiting,
        "signals": signals,
        "assessments": assessments,
        "plans": plans,
        "postal": postal,
        "aftercare": tracks,
        "checkins": checkins,
    }


def write(data: dict[str, list[dict[str, Any]]], directory: Path) -> None:
    for name, rows in data.items():
        columns = [column.name for column in FILES_BY_NAME[name].columns]
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=regions(),
    start=st.integers(0, 900),
    # Up to about a year, and around and beyond M2's 730-day look-back (its other SQL path).
    length=st.one_of(st.integers(0, 400), st.integers(725, 1100)),
    lag=st.integers(0, 900),
    municipality=st.sampled_from([None, *MUNICIPALITIES]),
    cut=st.sampled_from(
        [Cut(), Cut(sex="V"), Cut(age_band=AGE_BANDS[2]), Cut(facility_type="nachtopvang")]
    ),
)
def test_engine_matches_reference(data, start, length, lag, municipality, cut) -> None:
    a = BASE + datetime.timedelta(days=start)
    b = a + datetime.timedelta(days=length)
    as_of = b + datetime.timedelta(days=lag)
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        write(data, Path(tmp))
        result = import_directory(Path(tmp))
        assert result.ok, [str(problem) for problem in result.problems]
        engine = json.loads(to_json(compute(Period(a, b, as_of, municipality), cut=cut)))
        band = cut.age_band
        ages = None if band is None else (band.min_age, band.max_age or 150)
        expected = json.loads(
            to_json(
                reference.compute(
                    reference.load(Path(tmp)),
                    a,
                    b,
                    as_of,
                    municipality,
                    sex=cut.sex,
                    ages=ages,
                    facility_type=cut.facility_type,
                )
            )
        )
        transaction.set_rollback(True)
    assert engine == expected
