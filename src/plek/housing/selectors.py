"""Every read of placement and flow: person data only through the access policy, logged once.

Each selector that shows one person's data decides, reads and writes exactly one
processing-log row in one transaction; a list that shows several persons (the occupancy board,
the waiting list) writes one row per person shown. Aggregates (the regional overview, the
catalogue, the respite calendar, the "what if" view) show no person and log nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count, OuterRef, Q, QuerySet
from django.urls import reverse

from plek.access.choices import Action
from plek.access.exceptions import AccessDenied
from plek.access.kinds import DataKind
from plek.access.policy import Decision, may_read_person_files
from plek.access.reads import read_persons
from plek.access.services import record_allowed
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import compiled, dates
from plek.core.choices import Priority
from plek.core.compiled import AmongAsked
from plek.housing import activities
from plek.housing.loaders import (
    open_entries,
    policy_for,
    rank_input,
    rank_inputs,
    weights_of,
)
from plek.housing.models import (
    CapacityPeriod,
    Facility,
    Proposal,
    RankingPolicy,
    RespiteBooking,
    Stay,
    Unit,
    WaitingEntry,
)
from plek.housing.ranking import Ranked, Shift, Weights, rank, what_if
from plek.housing.selectors_stays import person_respite_bookings, person_stays
from plek.housing.services import is_provider_staff
from plek.people.models import Person
from plek.people.selectors import authorise


def _allowed(actor: Actor, person_id: int) -> Decision:
    try:
        return authorise(actor, Action.VIEW, person_id, kind=DataKind.PLACEMENT)
    except Person.DoesNotExist:
        # Housing pages reach persons through their own rows; an unknown id is just refused.
        raise AccessDenied() from None


# --- ranking -----------------------------------------------------------------------------------


def ranking(
    facility_type: str, on: datetime.date | None = None, weights: Weights | None = None
) -> list[Ranked]:
    """The ranked open entries of a type (ids and parts only: no person data)."""
    on = on or dates.today()
    rows = rank_inputs(open_entries(on, [facility_type]))
    return rank(
        (rank_input(row) for row in rows), weights or weights_of(policy_for(facility_type)), on
    )


@dataclass(frozen=True)
class EntryView:
    entry: WaitingEntry
    ranked: Ranked | None
    total: int
    policy: RankingPolicy
    proposals: list[Proposal]


def _entry_view(entry_id: int) -> EntryView:
    entry = WaitingEntry.objects.select_related("person").get(pk=entry_id)
    ranked_list = ranking(entry.facility_type)
    mine = next((r for r in ranked_list if r.entry.entry_id == entry.pk), None)
    proposals = list(entry.proposals.select_related("unit__facility").order_by("-created_at"))
    return EntryView(entry, mine, len(ranked_list), policy_for(entry.facility_type), proposals)


def open_waiting_entry(actor: Actor, entry_id: int) -> EntryView:
    person_id = WaitingEntry.objects.values_list("person_id", flat=True).get(pk=entry_id)
    decision = _allowed(actor, person_id)
    with transaction.atomic():
        view = _entry_view(entry_id)
        record_allowed(
            actor,
            decision,
            activities.WAITING_VIEW,
            person_id,
            ["wachtlijst", "rangschikking", "naam"],
        )
    return view


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    ranked: Ranked | None


def open_proposal(actor: Actor, proposal_id: int) -> ProposalView:
    person_id = Proposal.objects.values_list("person_id", flat=True).get(pk=proposal_id)
    decision = _allowed(actor, person_id)
    with transaction.atomic():
        proposal = Proposal.objects.select_related(
            "unit__facility", "person", "waiting_entry", "stay"
        ).get(pk=proposal_id)
        ranked = next(
            (
                r
                for r in ranking(proposal.waiting_entry.facility_type)
                if r.entry.entry_id == proposal.waiting_entry_id
            ),
            None,
        )
        record_allowed(
            actor,
            decision,
            activities.PROPOSAL_VIEW,
            person_id,
            ["voorstel", "rangschikking", "naam"],
        )
    return ProposalView(proposal, ranked)


def open_stay(actor: Actor, stay_id: int) -> Stay:
    person_id = Stay.objects.values_list("person_id", flat=True).get(pk=stay_id)
    decision = _allowed(actor, person_id)
    with transaction.atomic():
        stay = Stay.objects.select_related("person", "facility", "unit", "previous").get(pk=stay_id)
        record_allowed(actor, decision, activities.STAY_VIEW, person_id, ["verblijf", "naam"])
    return stay


@dataclass(frozen=True)
class WaitingRow:
    ranked: Ranked
    entry_id: int
    person: Person | None


def waiting_list(actor: Actor, facility_type: str) -> list[WaitingRow]:
    """The whole ranking of a type; names only of persons the actor may see (each logged)."""
    ranked_list = ranking(facility_type)
    ids = [r.entry.entry_id for r in ranked_list]
    persons = dict(WaitingEntry.objects.filter(pk__in=ids).values_list("pk", "person_id"))
    rows = []
    with transaction.atomic():
        allowed = read_persons(
            actor,
            set(persons.values()),
            activities.WAITING_VIEW,
            ["wachtlijst", "naam"],
            kind=DataKind.PLACEMENT,
        )
        shown = {p.pk: p for p in Person.objects.filter(pk__in=list(allowed))}
        for r in ranked_list:
            rows.append(WaitingRow(r, r.entry.entry_id, shown.get(persons[r.entry.entry_id])))
    return rows


def what_if_ranking(facility_type: str, proposed: Weights) -> list[Shift]:
    on = dates.today()
    rows = rank_inputs(open_entries(on, [facility_type]))
    inputs = [rank_input(row) for row in rows]
    return what_if(inputs, weights_of(policy_for(facility_type)), proposed, on)


# --- facilities, board, overview ---------------------------------------------------------------


def catalogue() -> list[Facility]:
    return list(
        Facility.objects.select_related("provider", "municipality")
        .annotate(unit_count=Count("units", filter=Q(units__active=True)))
        .order_by("category", "type", "name")
    )


def capacity_on(facility_ids: list[int], day: datetime.date) -> dict[int, int]:
    result: dict[int, int] = {}
    for period in CapacityPeriod.objects.filter(
        facility_id__in=facility_ids, valid_from__lte=day
    ).order_by("facility_id", "valid_from"):
        result[period.facility_id] = period.units
    return result


@dataclass(frozen=True)
class CalendarRow:
    unit: Unit
    days: list[bool]


def respite_calendar(start: datetime.date, days: int = 28) -> list[CalendarRow]:
    """Per respite unit: for each day whether the night is booked (no persons shown)."""
    end = start + datetime.timedelta(days=days)
    bookings: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for unit_id, first, last in RespiteBooking.objects.filter(
        start_date__lt=end, end_date__gt=start
    ).values_list("unit_id", "start_date", "end_date"):
        bookings[unit_id].append((first, last))
    rows = []
    for unit in Unit.objects.filter(facility__type="terugval", active=True).select_related(
        "facility"
    ):
        row = []
        for offset in range(days):
            day = start + datetime.timedelta(days=offset)
            row.append(any(a <= day < b for a, b in bookings[unit.pk]))
        rows.append(CalendarRow(unit, row))
    return rows


def respite_bookings_of(actor: Actor, booking_id: int) -> RespiteBooking:
    person_id = RespiteBooking.objects.values_list("person_id", flat=True).get(pk=booking_id)
    decision = _allowed(actor, person_id)
    with transaction.atomic():
        booking = RespiteBooking.objects.select_related("unit__facility", "person").get(
            pk=booking_id
        )
        record_allowed(actor, decision, activities.RESPITE_CHANGE, person_id, ["terugval", "naam"])
    return booking


def dossier_entries(person: Person) -> list[tuple[datetime.date, str, str, str]]:
    """For the dossier section only (after open_dossier's decision and log)."""
    items = []
    # Compiled once per process, the person bound at every run (plek.core.compiled).
    asked = [person.pk]
    waiting = compiled.objects(
        ("housing.dossier.waiting",),
        lambda: WaitingEntry.objects.filter(AmongAsked("person_id")),
        asked=asked,
    )
    stays = person_stays(person)
    bookings = person_respite_bookings(person)
    for entry in waiting:
        status = (
            f"geplaatst {entry.placed_on:%d-%m-%Y}"
            if entry.placed_on
            else f"ingetrokken {entry.withdrawn_on:%d-%m-%Y}"
            if entry.withdrawn_on
            else "wachtend"
        )
        items.append(
            (
                entry.registered_on,
                f"Wachtlijst {entry.get_facility_type_display()}",
                f"Prioriteit {entry.get_priority_display()}, {status}",
                reverse("housing:waiting-detail", args=[entry.pk]),
            )
        )
    for stay in stays:
        detail = (
            f"tot {stay.end_date:%d-%m-%Y} ({stay.get_exit_destination_display()})"
            if (stay.end_date)
            else "lopend"
        )
        unit = f" · {stay.unit.code}" if stay.unit else ""
        items.append(
            (
                stay.start_date,
                f"Verblijf {stay.facility.name}{unit}",
                detail,
                reverse("housing:stay-detail", args=[stay.pk]),
            )
        )
    for booking in bookings:
        items.append(
            (
                booking.start_date,
                f"Terugvalplek {booking.unit}",
                f"tot {booking.end_date:%d-%m-%Y}",
                "",
            )
        )
    return items


# --- record level or counts (audit finding #5) ---------------------------------------------------

# Counts from 1 to 4 shown as "<5", as the monitor does: a class of one could point at a person.
SMALL_COUNT = 5


def may_see_waiting_rows(actor: Actor, facility_type: str) -> bool:
    """Rows of a waiting list or of the what-if ranking (position, score, registration date)
    are for the roles with a relation to the list: the access consultant, and provider staff
    for the types of facility their organisation runs. Everyone else gets counts per class."""
    if not may_read_person_files(actor):
        return False
    if actor.role == Role.TOEGANG:
        return True
    return (
        actor.role == Role.AANBIEDER
        and Facility.objects.filter(provider_id=actor.organisation_id, type=facility_type).exists()
    )


def may_see_unit_detail(actor: Actor, facility: Facility) -> bool:
    """Per-unit occupancy and expected departures: the provider's staff and the access
    consultant; others see the facility's totals."""
    if not may_read_person_files(actor):
        return False
    return actor.role == Role.TOEGANG or is_provider_staff(actor, facility)


def small(count: int) -> str:
    return "<5" if 0 < count < SMALL_COUNT else str(count)


@dataclass(frozen=True)
class ClassCount:
    priority: str
    label: str
    waiting: int


def waiting_counts(facility_type: str) -> list[ClassCount]:
    """Open entries of a type per priority class: one grouped query, no person."""
    counts = dict(
        open_entries(dates.today(), [facility_type])
        .values_list("priority")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        ClassCount(value, str(label), counts.get(value, 0)) for value, label in Priority.choices
    ]


@dataclass(frozen=True)
class ShiftCount:
    label: str
    up: int
    same: int
    down: int


def what_if_counts(facility_type: str, proposed: Weights) -> list[ShiftCount]:
    """How many entries per priority class would move up, stay or move down: the what-if for
    roles without a relation to the list (policy officers judging a weighting)."""
    on = dates.today()
    rows = rank_inputs(open_entries(on, [facility_type]))
    inputs = [rank_input(row) for row in rows]
    priority = {item.entry_id: item.priority for item in inputs}
    tally: dict[str, list[int]] = {value: [0, 0, 0] for value in Priority.values}
    for shift in what_if(inputs, weights_of(policy_for(facility_type)), proposed, on):
        column = 0 if shift.moved > 0 else (1 if shift.moved == 0 else 2)
        tally.setdefault(priority[shift.entry_id], [0, 0, 0])[column] += 1
    return [ShiftCount(str(label), *tally[value]) for value, label in Priority.choices]


# --- API v2: public identifiers, and the answer to a write ----------------------------------------
# A lookup answers only "which internal key"; the service or selector called next applies the
# policy and writes the processing log. The ``written_*`` reads are only for the answer to the
# request whose service has just written the row and logged it under the relation's purpose.


def _pk_or_missing(model: type[models.Model], **lookup: object) -> int:
    pk = model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
    if pk is None:
        raise model.DoesNotExist(lookup)  # type: ignore[attr-defined]
    return int(pk)


def proposal_pk(public_id: uuid.UUID) -> int:
    return _pk_or_missing(Proposal, uuid=public_id)


def respite_pk(public_id: uuid.UUID) -> int:
    return _pk_or_missing(RespiteBooking, uuid=public_id)


def stay_pk(kenmerk: str) -> int:
    """Stays have a public kenmerk (``external_id``): v2 names them by it."""
    return _pk_or_missing(Stay, external_id=kenmerk)


def unit_pks(public_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Units are no person data; the ones that exist, by UUID."""
    return dict(Unit.objects.filter(uuid__in=public_ids).values_list("uuid", "pk"))


def no_waiting_entries() -> QuerySet[WaitingEntry]:
    """For the schema generator only: the model of the waiting list, without any row."""
    return WaitingEntry.objects.none()


def units_of(facility_kenmerk: str) -> QuerySet[Unit]:
    """The units of one facility (no person data), in the order of the board."""
    facility = _pk_or_missing(Facility, external_id=facility_kenmerk)
    return Unit.objects.filter(facility_id=facility).select_related("facility").order_by("code")


def written_entry(entry_id: int) -> EntryView:
    return _entry_view(entry_id)


def written_proposals(proposal_ids: list[int]) -> list[Proposal]:
    return list(
        Proposal.objects.filter(pk__in=proposal_ids)
        .select_related("unit__facility", "person", "waiting_entry", "stay")
        .order_by("pk")
    )


def written_stay(stay_id: int) -> Stay:
    return Stay.objects.select_related("person", "facility", "unit", "previous").get(pk=stay_id)


def written_respite(booking_id: int) -> RespiteBooking:
    return RespiteBooking.objects.select_related("unit", "person").get(pk=booking_id)


# --- what the dossier asks with the person (``present``, see ``plek.people.dossier``) -------


def waiting_presence() -> tuple[QuerySet[Any], ...]:
    """What the waiting-list status reads: the person's entries and proposals."""
    return (
        WaitingEntry.objects.filter(person_id=OuterRef("pk")),
        Proposal.objects.filter(person_id=OuterRef("pk")),
    )


def stay_presence() -> QuerySet[Stay]:
    """The person's stays: without one there is no current stay."""
    return Stay.objects.filter(person_id=OuterRef("pk"))


def stay_or_respite_presence() -> tuple[QuerySet[Any], ...]:
    return (stay_presence(), RespiteBooking.objects.filter(person_id=OuterRef("pk")))


def housing_presence() -> tuple[QuerySet[Any], ...]:
    """What the section "Wonen en opvang" reads: entries, stays and respite bookings."""
    return (WaitingEntry.objects.filter(person_id=OuterRef("pk")), *stay_or_respite_presence())
