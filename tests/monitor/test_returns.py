"""M5: who left for a home and came back to the shelter, and what does not count as coming back.

The engine joins the persons who left for a home to their later stays (`returns` in
`engine.MonitorQueries.family_sql`); only a shelter stay is a return, also one that starts after
the period, and also when the figures are cut to one facility type.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

import pytest
from django.db import transaction

from plek.exchange.importer import import_directory
from plek.monitor.engine import Cut, Period, compute
from plek.monitor.output import to_json
from tests.monitor import reference
from tests.monitor.test_property import write

A, B = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
AS_OF = datetime.date(2027, 1, 5)  # 180 and 365 days after B have passed, 730 not
FACILITIES = {"nacht": "nachtopvang", "crisis": "crisisopvang", "flex": "flexwonen"}


def stay(person: str, n: int, facility: str, start: str, end: str, to: str) -> dict[str, str]:
    return {
        "id": f"{person}s{n}",
        "person": person,
        "facility": facility,
        "start_date": start,
        "end_date": end,
        "exit_destination": to,
    }


def region() -> dict[str, list[dict[str, str]]]:
    persons = ["back_in_p", "back_after_p", "intermediate_only", "too_late", "other_shelter"]
    stays = [
        # Left for a home in March, back in a night shelter in May: a return within 180 days.
        stay("back_in_p", 0, "nacht", "2025-01-10", "2025-03-01", "eigen_woning"),
        stay("back_in_p", 1, "nacht", "2025-05-01", "2025-05-20", "straat"),
        # Left in December, back in January: the return starts after the period.
        stay("back_after_p", 0, "nacht", "2025-11-01", "2025-12-20", "housing_first"),
        stay("back_after_p", 1, "crisis", "2026-01-15", "2026-02-01", "straat"),
        # Left for a home, then an intermediate stay: not a shelter, so not a return.
        stay("intermediate_only", 0, "nacht", "2025-02-01", "2025-04-01", "eigen_woning"),
        stay("intermediate_only", 1, "flex", "2025-04-10", "2025-09-01", "eigen_woning"),
        # Back, but 400 days later: only within the 730-day horizon, which has not passed.
        stay("too_late", 0, "nacht", "2025-06-01", "2025-07-01", "eigen_woning"),
        stay("too_late", 1, "nacht", "2026-08-05", "2026-08-20", "straat"),
        # Cut to night shelters: the exit counts there, and the return to a crisis shelter too.
        stay("other_shelter", 0, "nacht", "2025-08-01", "2025-09-01", "eigen_woning"),
        stay("other_shelter", 1, "crisis", "2025-10-01", "2025-10-15", "straat"),
    ]
    return {
        "municipalities": [{"code": "GM0505", "name": "Dordrecht"}],
        "organisations": [
            {"id": "o1", "name": "Aanbieder", "kind": "opvang_aanbieder", "municipality": ""}
        ],
        "facilities": [
            {
                "id": key,
                "name": key,
                "type": kind,
                "provider": "o1",
                "municipality": "GM0505",
                "scope": "regional",
                "day_tariff": "10.00",
            }
            for key, kind in FACILITIES.items()
        ],
        "capacity": [
            {"facility": key, "valid_from": "2024-01-01", "units": "10"} for key in FACILITIES
        ],
        "persons": [
            {
                "id": person,
                "bsn": "",
                "initials": "T.",
                "family_name": person,
                "birth_date": "",
                "sex": "X",
                "origin_municipality": "GM0505",
            }
            for person in persons
        ],
        "stays": stays,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("cut", [Cut(), Cut(facility_type="nachtopvang")])
def test_only_a_shelter_stay_is_a_return_also_after_the_period(cut: Cut) -> None:
    with tempfile.TemporaryDirectory() as tmp, transaction.atomic():
        write(region(), Path(tmp))
        result = import_directory(Path(tmp))
        assert result.ok, [str(problem) for problem in result.problems]
        m5 = json.loads(to_json(compute(Period(A, B, AS_OF), cut=cut)))["M5"]
        expected = json.loads(
            to_json(
                reference.compute(
                    reference.load(Path(tmp)), A, B, AS_OF, facility_type=cut.facility_type
                )
            )
        )["M5"]
        transaction.set_rollback(True)
    # Five left for a home; within 180 days back_in_p, back_after_p and other_shelter came back.
    assert m5 == {"cohort": 5, "returned_180": 0.6, "returned_365": 0.6, "returned_730": None}
    assert m5 == expected
