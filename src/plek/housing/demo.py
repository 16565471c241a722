"""Demo enrichment: units for the imported facilities and ranking inputs for waiting entries.

Runs after the plek-csv import of the generated region (``plek.demo.chain``). Each facility gets
as many units as its current capacity; unit kinds and properties follow the facility type.
Existing stays stay without a unit (as imported), which the board and the matching count as
taken places.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from plek.housing.models import Facility, Unit, WaitingEntry
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
    enrich_access_office(rng)


PARK_REASONS = (
    "Opgenomen in de kliniek; daarna opnieuw bekijken",
    "Tijdelijk bij familie ondergebracht",
    "Wacht op uitslag van de schuldhulp-intake",
)


def enrich_access_office(rng: random.Random) -> None:
    """The access consultant's lists: applications for protected living to assess (recent
    ones without a decision), a few parked entries, and the stored ranking keys."""
    from plek.housing.waiting_list import refresh_rank_keys

    today = timezone.localdate()
    open_entries = WaitingEntry.objects.filter(placed_on__isnull=True, withdrawn_on__isnull=True)
    recent_bw = list(
        open_entries.filter(facility_type="beschermd_wonen").order_by("-registered_on", "-pk")[:6]
    )
    for entry in recent_bw:
        entry.access_decision_on = None
        entry.access_decision_until = None
    WaitingEntry.objects.bulk_update(recent_bw, ["access_decision_on", "access_decision_until"])
    normal = list(
        open_entries.filter(priority="normaal")
        .exclude(facility_type="beschermd_wonen")
        .order_by("registered_on", "pk")[:3]
    )
    for entry, reason in zip(normal, PARK_REASONS, strict=False):
        entry.parked_until = today + datetime.timedelta(days=rng.randint(7, 30))
        entry.park_reason = reason
    WaitingEntry.objects.bulk_update(normal, ["parked_until", "park_reason"])
    refresh_rank_keys()
