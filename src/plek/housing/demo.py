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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from plek.accounts.models import Organisation, User
from plek.core import dates
from plek.housing.choices import Category, ProposalStatus
from plek.housing.loaders import occupying, open_entries, overlapping
from plek.housing.models import Facility, Proposal, RespiteBooking, Stay, Unit, WaitingEntry
from plek.housing.occupancy import check_capacity
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
    running_stays_demo(rng)


# --- running stays, departures, proposals and respite for provider staff -------------------------

DEMO_PROVIDER = "demo-onderdak-zuid"
# Running stays of the demo provider left without a unit, for staff to assign.
UNASSIGNED = 3
# Running stays of the demo provider past their expected departure (to register).
OVERDUE = 4
DEMO_PROPOSALS = 4
DEMO_RESPITE = 4


def running_stays_demo(rng: random.Random) -> None:
    """Give running imported stays a unit where one is free (all but a few of the demo
    provider's, left for staff to assign), expected departures around today (some past),
    open proposals for the demo provider's free units and respite bookings: all relative to
    today, so the provider's start page has work in every list."""
    today = dates.today()
    provider = Organisation.objects.filter(external_id=DEMO_PROVIDER).first()
    running = list(
        Stay.objects.filter(occupying(today), unit__isnull=True)
        .select_related("facility")
        .order_by("facility_id", "start_date", "pk")
    )
    by_facility: dict[int, list[Stay]] = {}
    for stay in running:
        by_facility.setdefault(stay.facility_id, []).append(stay)
    taken = set(
        Stay.objects.filter(overlapping(today, None), unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    units: dict[int, list[Unit]] = {}
    for unit in Unit.objects.filter(active=True).order_by("facility_id", "code"):
        if unit.pk not in taken:
            units.setdefault(unit.facility_id, []).append(unit)
    changed = []
    left = UNASSIGNED
    for facility_id, stays in by_facility.items():
        own = provider is not None and stays[0].facility.provider_id == provider.pk
        free = units.get(facility_id, [])
        for index, stay in enumerate(stays):
            if own and left > 0 and stay.facility.category == Category.OPVANG:
                left -= 1
            elif free:
                stay.unit = free.pop(0)
            if own or rng.random() < 0.3:
                # Short stays in a shelter: an expected departure within weeks.
                stay.expected_end_date = today + datetime.timedelta(days=rng.randint(1, 40))
            if own and index < OVERDUE:
                stay.expected_end_date = today - datetime.timedelta(days=index + 1)
            changed.append(stay)
    Stay.objects.bulk_update(changed, ["unit", "expected_end_date"], batch_size=500)
    if provider is not None:
        _demo_proposals(provider, today)
    _demo_respite(rng, today)


def _demo_proposals(provider: Organisation, today: datetime.date) -> None:
    """Open proposals for the demo provider's free units, from the open waiting entries."""
    occupied = Stay.objects.filter(overlapping(today, None), unit__isnull=False).values("unit_id")
    proposed = Proposal.objects.filter(status=ProposalStatus.OPEN)
    free = list(
        Unit.objects.filter(active=True, facility__provider=provider)
        .exclude(facility__category=Category.RESPIJT)
        .exclude(pk__in=occupied)
        .exclude(pk__in=proposed.values("unit_id"))
        .select_related("facility")
        .order_by("facility_id", "code")
    )
    busy = set(proposed.values_list("waiting_entry_id", flat=True))
    made = 0
    for unit in free:
        if made >= DEMO_PROPOSALS:
            break
        candidate = (
            open_entries(today, [unit.facility.type])
            .exclude(pk__in=busy)
            .order_by("registered_on", "pk")
            .first()
        )
        if candidate is None:
            continue
        try:
            check_capacity(unit.facility, today, None)
        except ValidationError:
            continue
        busy.add(candidate.pk)
        Proposal.objects.create(
            unit=unit,
            waiting_entry=candidate,
            person_id=candidate.person_id,
            available_on=today - datetime.timedelta(days=made),
        )
        made += 1


def _demo_respite(rng: random.Random, today: datetime.date) -> None:
    """Respite bookings for people living at home (no stay now or soon), a few nights each."""
    booker = User.objects.filter(username="demo-toegang").first() or User.objects.first()
    if booker is None:
        return
    units = list(
        Unit.objects.filter(active=True, facility__category=Category.RESPIJT)
        .select_related("facility")
        .order_by("facility_id", "code")
    )
    window = today + datetime.timedelta(days=21)
    staying = Stay.objects.filter(overlapping(today - datetime.timedelta(days=7), window))
    at_home = list(
        Stay.objects.filter(end_date__lt=today - datetime.timedelta(days=30))
        .exclude(person_id__in=staying.values("person_id"))
        .values_list("person_id", flat=True)
        .distinct()[: DEMO_RESPITE * 3]
    )
    rng.shuffle(at_home)
    made = 0
    for unit, person_id in zip(units, at_home, strict=False):
        if made >= DEMO_RESPITE:
            break
        # Staggered: one booking running out, one just begun, later ones ahead; every end differs.
        start = today + datetime.timedelta(days=4 * made - 6)
        end = start + datetime.timedelta(days=rng.randint(3, 6))
        if unit.stays.filter(overlapping(start, end)).exists():
            continue  # a relapse stay of the chain has this bed (one occupant per night)
        try:
            check_capacity(unit.facility, start, end)
        except ValidationError:
            continue
        RespiteBooking.objects.create(
            unit=unit,
            person_id=person_id,
            start_date=start,
            end_date=end,
            reason="Mantelzorger tijdelijk weg; thuis gaat het even niet.",
            created_by=booker,
        )
        made += 1


PARK_REASONS = (
    "Opgenomen in de kliniek; daarna opnieuw bekijken",
    "Tijdelijk bij familie ondergebracht",
    "Wacht op uitslag van de schuldhulp-intake",
)


# In a steady region protected living is full and its waiting entries placed: the consultant
# still gets this many fresh applications to assess.
APPLICATIONS_TO_ASSESS = 6


def _new_bw_applications(rng: random.Random, today: datetime.date, count: int) -> None:
    """Applications for protected living from shelter guests, registered in the last three
    weeks by the demo consultant's organisation, without a decision yet."""
    consultant = Organisation.objects.filter(memberships__user__username="demo-toegang").first()
    waiting = WaitingEntry.objects.filter(placed_on__isnull=True, withdrawn_on__isnull=True)
    guests = (
        Stay.objects.filter(occupying(today), facility__category=Category.OPVANG)
        .exclude(person_id__in=waiting.values("person_id"))
        .order_by("-start_date", "pk")
        .values_list("person_id", flat=True)[:count]
    )
    WaitingEntry.objects.bulk_create(
        WaitingEntry(
            external_id=f"demo-bw-aanvraag-{person_id}",
            person_id=person_id,
            facility_type="beschermd_wonen",
            registered_on=today - datetime.timedelta(days=rng.randint(1, 21)),
            priority=rng.choice(["normaal", "normaal", "hoog"]),
            registered_by=consultant,
        )
        for person_id in guests
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
    if len(recent_bw) < APPLICATIONS_TO_ASSESS:
        _new_bw_applications(rng, today, APPLICATIONS_TO_ASSESS - len(recent_bw))
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
