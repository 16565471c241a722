"""Reads for provider staff: proposals waiting for them, running stays, the occupancy board and
the figures of a facility.

Person data only through the access policy: every list decides for the persons on its page at
once (``read_persons``) and logs each person shown once; persons the policy refuses are shown
without a name. Each function is a fixed number of queries, however many rows it shows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.http import Http404

from plek.access.kinds import DataKind
from plek.access.policy import may_read_person_files
from plek.access.reads import read_persons
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.core import compiled, dates
from plek.core.compiled import AmongAsked
from plek.housing import activities
from plek.housing.choices import Category, FacilityType, ProposalStatus
from plek.housing.loaders import occupying, open_entries, overlapping
from plek.housing.models import (
    CapacityPeriod,
    Facility,
    Proposal,
    RespiteBooking,
    Stay,
    Unit,
)
from plek.housing.occupancy import occupancy_by_night
from plek.people.dossier import remembered
from plek.people.models import Person

WORKLIST_SIZE = 8
PAGE_SIZE = 25
# How far ahead the board looks for expected departures and the figures for occupancy.
DEPARTURE_DAYS = 14
FIGURE_NIGHTS = 28


def _provider_id(actor: Actor) -> int | None:
    if actor.role != Role.AANBIEDER or not may_read_person_files(actor):
        return None
    return actor.organisation_id


def own_facilities(actor: Actor) -> QuerySet[Facility]:
    provider = _provider_id(actor)
    if provider is None:
        return Facility.objects.none()
    return Facility.objects.filter(provider_id=provider).order_by("name")


def _shown(actor: Actor, person_ids: list[int], activity: object, kinds: list[str]) -> set[int]:
    return set(
        read_persons(
            actor,
            person_ids,
            activity,  # type: ignore[arg-type]
            kinds,
            kind=DataKind.PLACEMENT,
        )
    )


def _names(actor: Actor, person_ids: list[int], activity: object, kinds: list[str]) -> dict:
    """Person id -> Person for the persons the actor may see (each logged once)."""
    allowed = _shown(actor, person_ids, activity, kinds)
    return {p.pk: p for p in Person.objects.filter(pk__in=list(allowed))}


# --- proposals waiting for the provider ----------------------------------------------------------


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    person: Person | None


def _open_proposals(actor: Actor) -> QuerySet[Proposal]:
    provider = _provider_id(actor)
    if provider is None:
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(status=ProposalStatus.OPEN, unit__facility__provider_id=provider)
        .select_related("unit__facility")
        .order_by("available_on", "created_at", "pk")
    )


def open_proposals(actor: Actor, limit: int | None = WORKLIST_SIZE) -> list[ProposalRow]:
    """Open proposals for the provider's units, the longest waiting first (each person logged)."""
    proposals = list(_open_proposals(actor)[:limit] if limit else _open_proposals(actor))
    names = _names(
        actor,
        [p.person_id for p in proposals],
        activities.PROPOSAL_VIEW,
        ["voorstel", "naam"],
    )
    return [ProposalRow(p, names.get(p.person_id)) for p in proposals]


def open_proposal_count(actor: Actor) -> int:
    return _open_proposals(actor).count()


# --- stays ----------------------------------------------------------------------------------------

STATUS_RUNNING = "lopend"
STATUS_DEPARTURE = "vertrek"
STATUS_NO_UNIT = "zonder-eenheid"
STATUS_ENDED = "beeindigd"
STATUSES = (STATUS_RUNNING, STATUS_DEPARTURE, STATUS_NO_UNIT, STATUS_ENDED)
SORTS = {
    "vertrek": ("expected_end_date", "start_date", "pk"),
    "begin": ("start_date", "pk"),
    "-begin": ("-start_date", "-pk"),
    "naam": ("person__family_name", "person__initials", "pk"),
}


def _own_stays(actor: Actor) -> QuerySet[Stay]:
    provider = _provider_id(actor)
    if provider is None:
        return Stay.objects.none()
    return Stay.objects.filter(facility__provider_id=provider)


def departures_due(day: datetime.date) -> Q:
    """Running stays whose expected departure has come: the departure is still to register."""
    return occupying(day) & Q(expected_end_date__isnull=False, expected_end_date__lte=day)


def stays(
    actor: Actor,
    facility_id: int | None = None,
    status: str = STATUS_RUNNING,
    search: str = "",
    sort: str = "vertrek",
) -> QuerySet[Stay]:
    """The provider's stays, filtered; the search matches the family name or initials.

    The search runs over the provider's own stays only, which the provider has a relation
    with (a stay, or one that ended less than 30 days ago); ended stays are for 30 days."""
    today = dates.today()
    rows = _own_stays(actor)
    if facility_id is not None:
        rows = rows.filter(facility_id=facility_id)
    if status == STATUS_DEPARTURE:
        rows = rows.filter(departures_due(today))
    elif status == STATUS_NO_UNIT:
        rows = rows.filter(occupying(today), unit__isnull=True)
    elif status == STATUS_ENDED:
        rows = rows.filter(end_date__lte=today, end_date__gt=today - datetime.timedelta(days=30))
    else:
        rows = rows.filter(occupying(today))
    search = search.strip()
    if search:
        rows = rows.filter(
            Q(person__family_name__icontains=search) | Q(person__initials__icontains=search)
        )
    order = SORTS.get(sort, SORTS["vertrek"])
    return rows.select_related("facility", "unit").order_by(*order)


@dataclass(frozen=True)
class StayRow:
    stay: Stay
    person: Person | None
    overdue: bool


def stay_rows(actor: Actor, stays_shown: list[Stay]) -> list[StayRow]:
    """The stays of one page with the persons the actor may see, each logged once."""
    today = dates.today()
    names = _names(
        actor, [s.person_id for s in stays_shown], activities.BOARD_VIEW, ["naam", "verblijf"]
    )
    return [
        StayRow(
            s,
            names.get(s.person_id),
            s.end_date is None and s.expected_end_date is not None and s.expected_end_date < today,
        )
        for s in stays_shown
    ]


def stays_page(
    actor: Actor,
    number: str | None,
    facility_id: int | None = None,
    status: str = STATUS_RUNNING,
    search: str = "",
    sort: str = "vertrek",
) -> tuple[Page[Stay], list[StayRow]]:
    page = Paginator(stays(actor, facility_id, status, search, sort), PAGE_SIZE).get_page(number)
    return page, stay_rows(actor, list(page.object_list))


def running_stays_worklist(actor: Actor) -> list[StayRow]:
    """Running stays, the ones needing something first: without a unit, then by expected end."""
    today = dates.today()
    rows = list(
        _own_stays(actor)
        .filter(occupying(today))
        .select_related("facility", "unit")
        .order_by(
            # Stays without a unit first (they need one), then the nearest expected departure.
            Case(When(unit__isnull=True, then=Value(0)), default=Value(1)),
            F("expected_end_date").asc(nulls_last=True),
            "start_date",
        )[:WORKLIST_SIZE]
    )
    return stay_rows(actor, rows)


def departures_worklist(actor: Actor) -> list[StayRow]:
    today = dates.today()
    rows = list(
        _own_stays(actor)
        .filter(departures_due(today))
        .select_related("facility", "unit")
        .order_by("expected_end_date", "start_date", "pk")[:WORKLIST_SIZE]
    )
    return stay_rows(actor, rows)


# --- the occupancy board ------------------------------------------------------------------------


@dataclass
class BoardUnit:
    unit: Unit
    stay: Stay | None = None
    person: Person | None = None
    respite: RespiteBooking | None = None
    proposals: int = 0

    @property
    def free(self) -> bool:
        return self.stay is None and self.respite is None


@dataclass
class StayBoard:
    facility: Facility
    day: datetime.date
    capacity: int
    names_shown: bool
    units: list[BoardUnit] = field(default_factory=list)
    unitless: list[StayRow] = field(default_factory=list)
    departures: list[StayRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    nights: list[tuple[datetime.date, int, int]] = field(default_factory=list)

    @property
    def occupied(self) -> int:
        return sum(1 for u in self.units if not u.free) + len(self.unitless)

    @property
    def free(self) -> int:
        """Free places: capacity minus every occupant, never more than the free units."""
        free_units = sum(1 for u in self.units if u.free)
        return max(0, min(free_units - len(self.unitless), self.capacity - self.occupied))

    @property
    def free_units(self) -> list[Unit]:
        return [u.unit for u in self.units if u.free]

    @property
    def auto_assignable(self) -> bool:
        return bool(self.unitless) and len(self.free_units) == len(self.unitless)


def capacity_on(facility_ids: list[int], day: datetime.date) -> dict[int, int]:
    result: dict[int, int] = {}
    for facility_id, units in (
        CapacityPeriod.objects.filter(facility_id__in=facility_ids, valid_from__lte=day)
        .order_by("facility_id", "valid_from")
        .values_list("facility_id", "units")
    ):
        result[facility_id] = units
    return result


def board(actor: Actor, facility: Facility, names: bool) -> StayBoard:
    """Every stay of the facility today, with or without a unit; names only when ``names``
    (the provider's own staff), each person shown logged once."""
    day = dates.today()
    result = StayBoard(
        facility, day, capacity_on([facility.pk], day).get(facility.pk, 0), names_shown=names
    )
    running = list(
        Stay.objects.filter(occupying(day), facility=facility)
        .select_related("unit")
        .order_by("start_date", "pk")
    )
    bookings = {
        b.unit_id: b
        for b in RespiteBooking.objects.filter(
            occupying(day), unit__facility=facility
        ).select_related("unit")
    }
    horizon = day + datetime.timedelta(days=DEPARTURE_DAYS)
    departing = [
        s for s in running if s.expected_end_date is not None and s.expected_end_date <= horizon
    ]
    departing.sort(key=lambda s: (s.expected_end_date, s.pk))
    open_counts = dict(
        Proposal.objects.filter(unit__facility=facility, status=ProposalStatus.OPEN)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    persons: dict[int, Person] = {}
    if names:
        persons = _names(
            actor, [s.person_id for s in running], activities.BOARD_VIEW, ["naam", "verblijf"]
        )
    by_unit = {s.unit_id: s for s in running if s.unit_id}
    for unit in facility.units.filter(active=True).order_by("code"):
        stay = by_unit.get(unit.pk)
        result.units.append(
            BoardUnit(
                unit,
                stay,
                persons.get(stay.person_id) if stay else None,
                bookings.get(unit.pk),
                open_counts.get(unit.pk, 0),
            )
        )
    today_ = day

    def row(stay: Stay) -> StayRow:
        overdue = stay.expected_end_date is not None and stay.expected_end_date < today_
        return StayRow(stay, persons.get(stay.person_id), overdue)

    result.unitless = [row(s) for s in running if s.unit_id is None]
    result.departures = [row(s) for s in departing]
    result.nights = occupancy_by_night(facility, day, FIGURE_NIGHTS)
    return result


# --- transfers and assignments ------------------------------------------------------------------


def transfer_units(stay: Stay, on: datetime.date | None = None) -> QuerySet[Unit]:
    """Units a running stay can move to: of the same provider, not a respite place, in use,
    another unit than its own, free from ``on`` (no stay, no respite booking), in a facility
    with a place left that night (stays without a unit count too)."""
    on = on or dates.today()
    taken_units = Stay.objects.filter(overlapping(on, None), unit__isnull=False).values("unit_id")
    booked_units = RespiteBooking.objects.filter(overlapping(on, None)).values("unit_id")
    candidates = (
        Unit.objects.filter(active=True, facility__provider_id=stay.facility.provider_id)
        .exclude(facility__category=Category.RESPIJT)
        .exclude(pk__in=taken_units)
        .exclude(pk__in=booked_units)
    )
    if stay.unit_id:
        candidates = candidates.exclude(pk=stay.unit_id)
    facility_ids = list(candidates.values_list("facility_id", flat=True).distinct())
    capacity = capacity_on(facility_ids, on)
    counts = dict(
        Stay.objects.filter(occupying(on), facility_id__in=facility_ids)
        .exclude(pk=stay.pk)
        .values_list("facility_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    full = [f for f in facility_ids if counts.get(f, 0) >= capacity.get(f, 0)]
    return (
        candidates.exclude(facility_id__in=full)
        .select_related("facility")
        .order_by("facility__name", "code")
    )


# --- the regional overview ------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeFigures:
    facility_type: str
    label: str
    capacity: int
    occupied: int
    waiting: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.occupied)


def regional_figures(day: datetime.date | None = None) -> list[TypeFigures]:
    """Per facility type: capacity, occupied (every stay, with or without unit, and respite
    bookings), free and waiting (open waiting entries). Four grouped queries, no person."""
    day = day or dates.today()
    facilities = list(Facility.objects.values_list("pk", "type"))
    capacity = capacity_on([pk for pk, _type in facilities], day)
    occupied: dict[str, int] = defaultdict(int)
    for facility_type, n in (
        Stay.objects.filter(occupying(day))
        .values_list("facility__type")
        .annotate(n=Count("id"))
        .order_by()
    ):
        occupied[facility_type] += n
    for facility_type, n in (
        RespiteBooking.objects.filter(occupying(day))
        .values_list("unit__facility__type")
        .annotate(n=Count("id"))
        .order_by()
    ):
        occupied[facility_type] += n
    waiting = dict(
        open_entries(day).values_list("facility_type").annotate(n=Count("id")).order_by()
    )
    by_type: dict[str, int] = defaultdict(int)
    for pk, facility_type in facilities:
        by_type[facility_type] += capacity.get(pk, 0)
    labels = dict(FacilityType.choices)
    return [
        TypeFigures(
            facility_type,
            str(labels[facility_type]),
            by_type[facility_type],
            occupied[facility_type],
            waiting.get(facility_type, 0),
        )
        for facility_type in FacilityType.values
        if facility_type in by_type or waiting.get(facility_type)
    ]


def respite_bookings_running(start: datetime.date, end: datetime.date) -> list[RespiteBooking]:
    """Respite bookings with a night in [start, end): unit and dates only, no person."""
    return list(
        RespiteBooking.objects.filter(start_date__lt=end, end_date__gt=start)
        .select_related("unit__facility")
        .order_by("unit__facility__name", "unit__code", "start_date")
    )


def placeable_units(actor: Actor, on: datetime.date | None = None) -> QuerySet[Unit]:
    """Units of the provider's own facilities free from ``on`` for a walk-in: in use, not a
    respite place, no stay or respite booking, in a facility with a place left that night."""
    on = on or dates.today()
    provider = _provider_id(actor)
    if provider is None:
        return Unit.objects.none()
    taken = Stay.objects.filter(overlapping(on, None), unit__isnull=False).values("unit_id")
    booked = RespiteBooking.objects.filter(overlapping(on, None)).values("unit_id")
    units = (
        Unit.objects.filter(active=True, facility__provider_id=provider)
        .exclude(facility__category=Category.RESPIJT)
        .exclude(pk__in=taken)
        .exclude(pk__in=booked)
    )
    facility_ids = list(units.values_list("facility_id", flat=True).distinct())
    capacity = capacity_on(facility_ids, on)
    counts = dict(
        Stay.objects.filter(occupying(on), facility_id__in=facility_ids)
        .values_list("facility_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    full = [f for f in facility_ids if counts.get(f, 0) >= capacity.get(f, 0)]
    return (
        units.exclude(facility_id__in=full)
        .select_related("facility")
        .order_by("facility__name", "code")
    )


# --- small reads for the pages and the dossier (no person data beyond ids) -----------------------


def facility_proposals(facility: Facility) -> list[Proposal]:
    """Open proposals for the facility's units (unit codes and ids: the links on the board)."""
    return list(
        Proposal.objects.filter(unit__facility=facility, status=ProposalStatus.OPEN)
        .select_related("unit")
        .order_by("unit__code", "pk")
    )


def facility_of_stay(stay_id: int) -> int:
    """The stay's facility id, or Http404: where to go back to after a change."""
    facility_id = Stay.objects.filter(pk=stay_id).values_list("facility_id", flat=True).first()
    if facility_id is None:
        raise Http404
    return facility_id


def proposal_state(proposal_id: int) -> Proposal:
    """The proposal's status, unit and facility, or Http404; read before any access decision,
    so that whoever lost a race learns why (the person is not shown)."""
    proposal = Proposal.objects.select_related("unit__facility").filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal


def person_stays(person: Person) -> list[Stay]:
    """For the dossier, after its decision and log: every stay of the person with its facility
    and unit, read once per page (the status line, the actions and the section all use it).
    Compiled once per process, the person bound at every run (``plek.core.compiled``)."""
    return remembered(
        person,
        "housing.stays",
        lambda: compiled.objects(
            ("housing.dossier.stays",),
            lambda: Stay.objects.filter(AmongAsked("person_id")).select_related("facility", "unit"),
            asked=[person.pk],
        ),
    )


def person_respite_bookings(person: Person) -> list[RespiteBooking]:
    """For the dossier, as ``person_stays``: every respite booking of the person."""
    return remembered(
        person,
        "housing.respite",
        lambda: compiled.objects(
            ("housing.dossier.respite",),
            lambda: RespiteBooking.objects.filter(AmongAsked("person_id")).select_related(
                "unit__facility"
            ),
            asked=[person.pk],
        ),
    )


def current_stay(person: Person) -> Stay | None:
    """For the dossier: the stay that holds the night of today (``loaders.occupying``), the
    latest begun if the data holds more than one."""
    today = dates.today()
    running = [
        stay
        for stay in person_stays(person)
        if stay.start_date <= today and (stay.end_date is None or stay.end_date > today)
    ]
    return max(running, key=lambda stay: (stay.start_date, stay.pk), default=None)


def next_respite(person: Person) -> RespiteBooking | None:
    """For the dossier: the person's current or next respite booking."""
    today = dates.today()
    coming = [booking for booking in person_respite_bookings(person) if booking.end_date > today]
    return min(coming, key=lambda booking: (booking.start_date, booking.pk), default=None)
