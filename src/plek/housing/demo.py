"""Demo enrichment: units for the imported facilities and ranking inputs for waiting entries.

Runs after the plek-csv import of the generated region (``plek.demo.chain``). Each facility gets
as many units as its current capacity; unit kinds and properties follow the facility type.
The stays running today get a unit each (a facility never holds more of them than units);
stays that ended keep none, as imported, and the two latest arrivals in the night shelter wait for
staff to assign their bed.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from plek.housing.models import Facility, Stay, Unit, WaitingEntry
from plek.housing.selectors import capacity_on

KIND = {
    "nachtopvang": "bed",
    "winteropvang": "bed",
    "crisisopvang_gezinnen": "appartement",
    "vrouwenopvang": "appartement",
    "housing_first": "appartement",
    "flexwonen": "appartement",
    "skaeve_huse": "appartement",
}


@transaction.atomic
def enrich(rng: random.Random) -> None:
    facilities = list(Facility.objects.all())
    capacity = capacity_on([f.pk for f in facilities], timezone.localdate())
    units = []
    for facility in facilities:
        if facility.units.exists():
            continue
        for number in range(1, capacity.get(facility.pk, 0) + 1):
            units.append(
                Unit(
                    facility=facility,
                    code=f"{number:03d}",
                    kind=KIND.get(facility.type, "kamer"),
                    family_suitable=facility.type == "crisisopvang_gezinnen"
                    or (facility.type == "vrouwenopvang" and number % 2 == 0),
                    accessible=number % 10 == 1,
                    women_only=facility.type == "vrouwenopvang",
                )
            )
        if facility.type == "vrouwenopvang":
            facility.sex = "V"
        if facility.type == "beschermd_wonen":
            facility.indication_required = True
        if facility.type == "woontraining":
            facility.min_age, facility.max_age = 18, 27
        facility.save()
    Unit.objects.bulk_create(units)
    _units_for_running_stays(timezone.localdate())
    entries = list(WaitingEntry.objects.filter(placed_on__isnull=True, withdrawn_on__isnull=True))
    for entry in entries:
        entry.children_involved = entry.facility_type in ("crisisopvang_gezinnen",) or (
            rng.random() < 0.1
        )
        entry.safety_risk = entry.facility_type == "vrouwenopvang" or rng.random() < 0.05
        if entry.facility_type == "beschermd_wonen":
            entry.access_decision_on = entry.registered_on
            entry.access_decision_until = entry.registered_on + datetime.timedelta(days=365)
    WaitingEntry.objects.bulk_update(
        entries,
        ["children_involved", "safety_risk", "access_decision_on", "access_decision_until"],
        batch_size=500,
    )


def _units_for_running_stays(today: datetime.date) -> None:
    running = (
        Stay.objects.filter(start_date__lte=today, unit__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
        .select_related("facility")
        .order_by("facility_id", "start_date", "external_id")
    )
    free: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(active=True).order_by("facility_id", "code"):
        free.setdefault(unit.facility_id, []).append(unit)
    by_facility: dict[int, list[Stay]] = {}
    for stay in running:
        by_facility.setdefault(stay.facility_id, []).append(stay)
    assigned = []
    for facility_id, stays in by_facility.items():
        units = free.get(facility_id, [])
        if stays and stays[0].facility.type == "nachtopvang":
            stays = stays[:-2]  # just arrived: a bed still to be assigned on the board
        for stay, unit in zip(stays, units, strict=False):
            stay.unit = unit
            assigned.append(stay)
    Stay.objects.bulk_update(assigned, ["unit"], batch_size=500)
