"""M13 attributes a stay's cost to the municipality of origin recorded when the stay started.

Correcting a person's origin later must not rewrite what past periods cost each municipality
(issue 15: "origin with history").
"""

from __future__ import annotations

import datetime
from pathlib import Path

from plek.accounts.models import Municipality
from plek.housing.models import Stay
from plek.monitor import precomputed
from plek.monitor.engine import Period, compute
from plek.people.models import Person

YEAR = Period(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2026, 1, 1))


def test_imported_stays_record_their_persons_origin_at_import(golden_region: Path) -> None:
    stays = Stay.objects.select_related("person", "origin_municipality")
    assert stays.exists()
    for stay in stays:
        assert stay.origin_municipality_id == stay.person.origin_municipality_id


def test_correcting_a_persons_origin_leaves_past_m13_unchanged(golden_region: Path) -> None:
    before = compute(YEAR)["M13"]
    stored = precomputed.figures(YEAR, codes=("M13",))["M13"]
    assert stored == before and "GM0505" in before
    # p1 (Dordrecht) turns out to come from Zwijndrecht: a correction today.
    Person.objects.filter(external_id="p1").update(
        origin_municipality=Municipality.objects.get(code="GM0642")
    )
    assert compute(YEAR)["M13"] == before
    assert precomputed.figures(YEAR, codes=("M13",))["M13"] == before


def test_a_stay_without_a_recorded_origin_falls_back_to_the_persons(golden_region: Path) -> None:
    before = compute(YEAR)["M13"]
    Stay.objects.filter(person__external_id="p1").update(origin_municipality=None)
    assert compute(YEAR)["M13"] == before
    Person.objects.filter(external_id="p1").update(origin_municipality=None)
    after = compute(YEAR)["M13"]
    assert after != before and "onbekend" in after
