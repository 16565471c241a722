"""Every change of placement and flow: one transaction each, with its processing-log row.

Double booking is impossible at two levels:

- the services lock the rows concerned (``select_for_update``: the unit first, then the
  person, always in that order so that two services never wait for each other crosswise) and
  check for overlapping stays inside the transaction;
- the database refuses what slips through: on PostgreSQL exclusion constraints over
  (unit, nights) and (person, nights) (migration 0003), switched to IMMEDIATE here so the
  refusal comes at the insert; on SQLite every transaction is IMMEDIATE (settings), so
  writers are serialised and the check-then-insert cannot interleave.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.access.activities import ProcessingActivity
from plek.access.choices import Action, LogAction, Purpose
from plek.access.policy import decide
from plek.access.services import record_processing
from plek.accounts.context import Actor
from plek.accounts.roles import Role
from plek.housing import activities
from plek.housing.choices import CATEGORY_OF_TYPE, Category, ExitDestination, ProposalStatus
from plek.housing.matching import Candidate, Rules, Vacancy, match
from plek.housing.models import (
    Facility,
    Proposal,
    RankingPolicy,
    RespiteBooking,
    Stay,
    Unit,
    WaitingEntry,
)
from plek.housing.ranking import RankInput, Weights, rank
from plek.people.models import Person

RESPITE_MAX_NIGHTS = 14
# Who may extend a respite booking beyond 14 nights: the access consultant decides on provisions.
RESPITE_EXTENSION_ROLES = frozenset({Role.TOEGANG})
# Who may register on a waiting list with an access decision (protected living).
ACCESS_DECISION_ROLES = frozenset({Role.TOEGANG})
# Types whose registration needs the access consultant's decision and its validity end date.
DECISION_TYPES = frozenset({"beschermd_wonen"})
# Exit destination of a transfer, by the category of the facility moved to.
TRANSFER_DESTINATION: dict[str, str] = {
    Category.OPVANG: ExitDestination.ANDERE_OPVANG,
    Category.TUSSEN: ExitDestination.TUSSENVOORZIENING,
    Category.BW: ExitDestination.BESCHERMD_WONEN,
    Category.HF: ExitDestination.HOUSING_FIRST,
    Category.RESPIJT: ExitDestination.ANDERE_OPVANG,
}
CONSTRAINTS = "stay_unit_no_overlap, stay_person_no_overlap, respite_unit_no_overlap"


def _today() -> datetime.date:
    return timezone.localdate()


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def _purpose_for_type(facility_type: str) -> str:
    return (
        Purpose.BESCHERMD_WONEN
        if CATEGORY_OF_TYPE[facility_type] == Category.BW
        else (Purpose.WMO_MO)
    )


def _immediate() -> None:
    """Let the exclusion constraints refuse at the statement, not only at commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {CONSTRAINTS} IMMEDIATE")


def _log(
    actor: Actor,
    action: str,
    activity: ProcessingActivity,
    person_id: int,
    kinds: Iterable[str],
    purpose: str,
) -> None:
    record_processing(actor, action, activity, person_id, kinds, purpose)


def _may_work_on(actor: Actor, action: str, person_id: int) -> str:
    """The purpose to log, when the policy lets the actor do this to the person's file."""
    decision = decide(actor, action, person_id)
    if not decision.allowed or decision.basis == "break_the_glass":
        raise PermissionDenied(_("U hebt geen relatie met deze persoon."))
    assert decision.purpose is not None
    return decision.purpose


def is_provider_staff(actor: Actor, facility: Facility) -> bool:
    return actor.role == Role.AANBIEDER and actor.organisation_id == facility.provider_id


def _require_provider(actor: Actor, facility: Facility) -> None:
    if not is_provider_staff(actor, facility):
        raise PermissionDenied(_("Alleen medewerkers van de aanbieder van deze voorziening."))


def _require_admin(actor: Actor) -> None:
    if actor.role != Role.BEHEER:
        raise PermissionDenied(_("Alleen functioneel beheerders."))


# --- occupancy ---------------------------------------------------------------------------------


def occupying(day: datetime.date) -> Q:
    """Stays (or bookings) that occupy the night of ``day``."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Rows with a night in [start, end) (end None: open)."""
    condition = Q(end_date__isnull=True) | Q(end_date__gt=start)
    if end is not None:
        condition &= Q(start_date__lt=end)
    return condition


def _check_free(
    unit: Unit,
    person: Person,
    start: datetime.date,
    end: datetime.date | None,
    ignore_stay: int | None = None,
) -> None:
    stays = Stay.objects.filter(overlapping(start, end))
    if ignore_stay is not None:
        stays = stays.exclude(pk=ignore_stay)
    if stays.filter(unit=unit).exists():
        raise _invalid("unit", _("Eenheid: deze eenheid is op die datum al bezet."))
    if stays.filter(person=person).exists():
        raise _invalid("person", _("Persoon: deze persoon verblijft op die datum al ergens."))


def _new_stay(
    unit: Unit,
    person: Person,
    start: datetime.date,
    previous: Stay | None = None,
    expected_end: datetime.date | None = None,
) -> Stay:
    _immediate()
    try:
        with transaction.atomic():
            return Stay.objects.create(
                external_id=f"plek-{uuid.uuid4().hex}",
                person=person,
                facility_id=unit.facility_id,
                unit=unit,
                start_date=start,
                previous=previous,
                expected_end_date=expected_end,
                origin_municipality_id=person.origin_municipality_id,
            )
    except IntegrityError as exc:  # the database's own refusal (PostgreSQL)
        raise _invalid(
            "unit", _("Eenheid: deze eenheid of persoon is op die datum al bezet.")
        ) from exc


def _lock_unit_and_person(unit_id: int, person_id: int) -> tuple[Unit, Person]:
    unit = Unit.objects.select_for_update().select_related("facility").get(pk=unit_id)
    person = Person.objects.select_for_update().get(pk=person_id)
    return unit, person


# --- facilities and units (functional admin) -----------------------------------------------


def save_unit(actor: Actor, unit: Unit) -> Unit:
    _require_admin(actor)
    unit.full_clean()
    with transaction.atomic():
        unit.save()
    return unit


def save_facility_rules(actor: Actor, facility: Facility) -> Facility:
    _require_admin(actor)
    if (
        facility.min_age is not None
        and facility.max_age is not None
        and (facility.min_age > facility.max_age)
    ):
        raise _invalid("max_age", _("Maximumleeftijd: moet minstens de minimumleeftijd zijn."))
    with transaction.atomic():
        facility.save()
    return facility


# --- waiting lists -------------------------------------------------------------------------


def policy_for(facility_type: str) -> RankingPolicy:
    policies = {
        p.facility_type: p
        for p in RankingPolicy.objects.filter(facility_type__in=[facility_type, ""])
    }
    return policies.get(facility_type) or policies.get("") or RankingPolicy()


def weights_of(policy: RankingPolicy) -> Weights:
    return Weights(
        urgency=policy.urgency,
        children=policy.children,
        safety=policy.safety,
        zrm_housing=policy.zrm_housing,
        zrm_mental=policy.zrm_mental,
        days_waiting=policy.days_waiting,
    )


@dataclass(frozen=True)
class Registration:
    facility_type: str
    priority: str
    registered_on: datetime.date
    children_involved: bool = False
    safety_risk: bool = False
    needs_accessible: bool = False
    access_decision_on: datetime.date | None = None
    access_decision_until: datetime.date | None = None


def register_waiting(actor: Actor, person_id: int, data: Registration) -> WaitingEntry:
    purpose = _may_work_on(actor, Action.CREATE, person_id)
    if data.facility_type in DECISION_TYPES:
        if actor.role not in ACCESS_DECISION_ROLES:
            raise PermissionDenied(
                _("Alleen de Wmo-consulent schrijft in voor beschermd wonen (toegangsbesluit).")
            )
        if data.access_decision_on is None:
            raise _invalid("access_decision_on", _("Toegangsbesluit op: vul de datum in."))
        if data.access_decision_until is None:
            raise _invalid(
                "access_decision_until", _("Toegangsbesluit geldig tot: vul de einddatum in.")
            )
        if data.access_decision_until < data.access_decision_on:
            raise _invalid(
                "access_decision_until",
                _("Toegangsbesluit geldig tot: ligt vóór de datum van het besluit."),
            )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person_id)
        if WaitingEntry.objects.filter(
            person_id=person_id,
            facility_type=data.facility_type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).exists():
            raise _invalid(
                "facility_type",
                _("Soort voorziening: deze persoon staat hier al op de wachtlijst."),
            )
        entry = WaitingEntry.objects.create(
            external_id=f"plek-{uuid.uuid4().hex}",
            person_id=person_id,
            facility_type=data.facility_type,
            priority=data.priority,
            registered_on=data.registered_on,
            children_involved=data.children_involved,
            safety_risk=data.safety_risk,
            needs_accessible=data.needs_accessible,
            access_decision_on=data.access_decision_on,
            access_decision_until=data.access_decision_until,
            access_decided_by=actor.user if data.access_decision_on else None,
            registered_by_id=actor.organisation_id,
        )
        _log(
            actor,
            LogAction.CREATE,
            activities.WAITING_REGISTER,
            person_id,
            ["wachtlijst", "rangschikkingsgegevens"],
            purpose,
        )
    return entry


def withdraw_waiting(
    actor: Actor, entry_id: int, reason: str, on: datetime.date | None = None
) -> WaitingEntry:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Reden: geef aan waarom de inschrijving vervalt."))
    entry = WaitingEntry.objects.get(pk=entry_id)
    purpose = _may_work_on(actor, Action.CHANGE, entry.person_id)
    with transaction.atomic():
        entry = WaitingEntry.objects.select_for_update().get(pk=entry_id)
        if entry.placed_on or entry.withdrawn_on:
            raise _invalid("reason", _("Deze inschrijving is al afgesloten."))
        entry.withdrawn_on = on or _today()
        entry.withdrawal_reason = reason
        entry.save(update_fields=["withdrawn_on", "withdrawal_reason"])
        Proposal.objects.filter(waiting_entry=entry, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.LAPSED
        )
        _log(
            actor,
            LogAction.CHANGE,
            activities.WAITING_CHANGE,
            entry.person_id,
            ["wachtlijst"],
            purpose,
        )
    return entry


# --- candidates and vacancies (set-based loading for the matching) ---------------------------


def open_entries(
    on: datetime.date, facility_types: Iterable[str] | None = None
) -> QuerySet[WaitingEntry]:
    entries = WaitingEntry.objects.filter(
        Q(placed_on__isnull=True) | Q(placed_on__gt=on),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on),
        registered_on__lte=on,
    )
    if facility_types is not None:
        entries = entries.filter(facility_type__in=list(facility_types))
    return entries


ENTRY_FIELDS = (
    "pk",
    "person_id",
    "facility_type",
    "registered_on",
    "priority",
    "children_involved",
    "safety_risk",
    "needs_accessible",
    "access_decision_until",
    "parked_until",
    "person__birth_date",
    "person__sex",
    "person__origin_municipality_id",
    "person__origin_municipality__region_id",
)


def rank_inputs(entries: QuerySet[WaitingEntry]) -> list[dict[str, Any]]:
    """The entries' fields with the latest ZRM housing and mental-health scores: two queries.

    The scores come in one ordered query (latest assessment last, ties by id in string order)
    rather than a correlated subquery per entry, which SQLite runs row by row.
    """
    from plek.intake.models import AssessmentScore

    rows = list(entries.values(*ENTRY_FIELDS))
    latest: dict[tuple[int, str], int] = {}
    for person_id, domain, value in (
        AssessmentScore.objects.filter(
            domain__in=["huisvesting", "geestelijke_gezondheid"],
            assessment__person_id__in=entries.values("person_id"),
        )
        .order_by("assessment__assessed_on", "assessment__external_id")
        .values_list("assessment__person_id", "domain", "score")
    ):
        latest[(person_id, domain)] = value
    for row in rows:
        row["zrm_h"] = latest.get((row["person_id"], "huisvesting"))
        row["zrm_m"] = latest.get((row["person_id"], "geestelijke_gezondheid"))
    return rows


def _rank_input(row: dict[str, Any]) -> RankInput:
    return RankInput(
        entry_id=row["pk"],
        registered_on=row["registered_on"],
        priority=row["priority"],
        children_involved=row["children_involved"],
        safety_risk=row["safety_risk"],
        zrm_housing=row["zrm_h"],
        zrm_mental=row["zrm_m"],
    )


def candidates_by_type(
    on: datetime.date, facility_types: Iterable[str] | None = None
) -> dict[str, list[Candidate]]:
    """Open entries, ranked per facility type, as matching candidates (three queries)."""
    rows = rank_inputs(open_entries(on, facility_types))
    by_type: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_type[row["facility_type"]].append(row)
    result: dict[str, list[Candidate]] = {}
    for facility_type, type_rows in by_type.items():
        lookup = {row["pk"]: row for row in type_rows}
        weights = weights_of(policy_for(facility_type))
        ranked = rank((_rank_input(row) for row in type_rows), weights, on)
        result[facility_type] = [
            Candidate(
                ranked=r,
                person_id=lookup[r.entry.entry_id]["person_id"],
                birth_date=lookup[r.entry.entry_id]["person__birth_date"],
                sex=lookup[r.entry.entry_id]["person__sex"],
                origin_municipality_id=lookup[r.entry.entry_id]["person__origin_municipality_id"],
                origin_region_id=lookup[r.entry.entry_id]["person__origin_municipality__region_id"],
                access_valid_until=lookup[r.entry.entry_id]["access_decision_until"],
                needs_accessible=lookup[r.entry.entry_id]["needs_accessible"],
                parked_until=lookup[r.entry.entry_id]["parked_until"],
            )
            for r in ranked
        ]
    return result


def _rules(facility: Facility, municipality_ids: dict[int, frozenset[int]]) -> Rules:
    return Rules(
        min_age=facility.min_age,
        max_age=facility.max_age,
        sex=facility.sex,
        children_rule=facility.children_rule,
        indication_required=facility.indication_required,
        origin_municipality_ids=municipality_ids.get(facility.pk, frozenset()),
        origin_region_id=facility.origin_region_id,
    )


def free_units(
    on: datetime.date,
    facility_ids: Iterable[int] | None = None,
    unit_ids: Iterable[int] | None = None,
) -> list[Vacancy]:
    """Units free on the night of ``on`` and without an open proposal.

    Imported stays without a unit still take a place: per facility, that many free units (the
    last by code) are not offered.
    """
    units = Unit.objects.filter(active=True).exclude(facility__type="terugval")
    if facility_ids is not None:
        units = units.filter(facility_id__in=list(facility_ids))
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    occupied = Stay.objects.filter(occupying(on), unit__isnull=False).values("unit_id")
    proposed = Proposal.objects.filter(status=ProposalStatus.OPEN).values("unit_id")
    units = units.exclude(pk__in=occupied).exclude(pk__in=proposed).select_related("facility")
    unitless: dict[int, int] = defaultdict(int)
    for facility_id in Stay.objects.filter(occupying(on), unit__isnull=True).values_list(
        "facility_id", flat=True
    ):
        unitless[facility_id] += 1
    through = Facility.origin_municipalities.through
    municipality_ids: dict[int, set[int]] = defaultdict(set)
    for facility_id, municipality_id in through.objects.values_list(
        "facility_id", "municipality_id"
    ):
        municipality_ids[facility_id].add(municipality_id)
    frozen = {key: frozenset(value) for key, value in municipality_ids.items()}
    by_facility: dict[int, list[Unit]] = defaultdict(list)
    for unit in units.order_by("facility_id", "code"):
        by_facility[unit.facility_id].append(unit)
    vacancies = []
    for facility_id, facility_units in by_facility.items():
        keep = facility_units[: max(0, len(facility_units) - unitless[facility_id])]
        for unit in keep:
            vacancies.append(
                Vacancy(
                    unit_id=unit.pk,
                    facility_id=facility_id,
                    facility_type=unit.facility.type,
                    free_on=on,
                    family_suitable=unit.family_suitable,
                    accessible=unit.accessible,
                    women_only=unit.women_only,
                    rules=_rules(unit.facility, frozen),
                )
            )
    return vacancies


def propose(
    actor: Actor, on: datetime.date | None = None, unit_ids: Iterable[int] | None = None
) -> list[Proposal]:
    """Propose the best eligible candidates for the free units (all, or those given).

    Provider staff propose for their own facilities; the access consultant for any.
    """
    on = on or _today()
    if actor.role not in (Role.AANBIEDER, Role.TOEGANG):
        raise PermissionDenied(_("Alleen aanbieders en de Wmo-consulent doen voorstellen."))
    facility_ids = None
    if actor.role == Role.AANBIEDER:
        facility_ids = list(
            Facility.objects.filter(provider_id=actor.organisation_id).values_list("pk", flat=True)
        )
    with transaction.atomic():
        vacancies = free_units(on, facility_ids, unit_ids)
        types = {v.facility_type for v in vacancies}
        candidates = candidates_by_type(on, types)
        taken = Proposal.objects.filter(status=ProposalStatus.OPEN).values_list(
            "waiting_entry_id", flat=True
        )
        per_unit = {t: policy_for(t).candidates_per_unit for t in types}
        created = []
        for facility_type in types:
            matches = match(
                [v for v in vacancies if v.facility_type == facility_type],
                candidates,
                per_unit[facility_type],
                taken,
            )
            for vacancy, chosen in matches:
                for candidate in chosen:
                    created.append(
                        Proposal(
                            unit_id=vacancy.unit_id,
                            waiting_entry_id=candidate.entry_id,
                            person_id=candidate.person_id,
                            available_on=on,
                            score=candidate.ranked.score,
                        )
                    )
        Proposal.objects.bulk_create(created)
        for proposal in created:
            _log(
                actor,
                LogAction.CREATE,
                activities.PROPOSAL_CREATE,
                proposal.person_id,
                ["voorstel", "rangschikking"],
                Purpose.WMO_MO,
            )
    return created


def accept_proposal(actor: Actor, proposal_id: int, start: datetime.date | None = None) -> Stay:
    """Acceptance creates the stay in the same transaction; other open offers for the unit
    and for the person lapse."""
    proposal = Proposal.objects.select_related("unit__facility").get(pk=proposal_id)
    _require_provider(actor, proposal.unit.facility)
    start = start or max(proposal.available_on, _today())
    with transaction.atomic():
        unit, person = _lock_unit_and_person(proposal.unit_id, proposal.person_id)
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != ProposalStatus.OPEN:
            raise _invalid("status", _("Dit voorstel is al afgehandeld."))
        _check_free(unit, person, start, None)
        stay = _new_stay(unit, person, start)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.stay = stay
        proposal.decided_on = _today()
        proposal.decided_by = actor.user
        proposal.save(update_fields=["status", "stay", "decided_on", "decided_by"])
        Proposal.objects.filter(
            Q(unit_id=unit.pk) | Q(person_id=person.pk), status=ProposalStatus.OPEN
        ).update(status=ProposalStatus.LAPSED)
        WaitingEntry.objects.filter(pk=proposal.waiting_entry_id).update(placed_on=start)
        _log(
            actor,
            LogAction.CREATE,
            activities.PROPOSAL_DECIDE,
            person.pk,
            ["voorstel", "verblijf"],
            _purpose_for_type(unit.facility.type),
        )
    return stay


def decline_proposal(actor: Actor, proposal_id: int, reason: str, park: bool = False) -> Proposal:
    """The candidate keeps their place on the list; parked, they skip proposals for a while."""
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Reden: geef aan waarom u het voorstel afwijst."))
    proposal = Proposal.objects.select_related("unit__facility").get(pk=proposal_id)
    _require_provider(actor, proposal.unit.facility)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != ProposalStatus.OPEN:
            raise _invalid("status", _("Dit voorstel is al afgehandeld."))
        proposal.status = ProposalStatus.DECLINED
        proposal.decline_reason = reason
        proposal.decided_on = _today()
        proposal.decided_by = actor.user
        proposal.save(update_fields=["status", "decline_reason", "decided_on", "decided_by"])
        if park:
            days = policy_for(proposal.unit.facility.type).park_days
            WaitingEntry.objects.filter(pk=proposal.waiting_entry_id).update(
                parked_until=_today() + datetime.timedelta(days=days)
            )
        _log(
            actor,
            LogAction.CHANGE,
            activities.PROPOSAL_DECIDE,
            proposal.person_id,
            ["voorstel"],
            _purpose_for_type(proposal.unit.facility.type),
        )
    return proposal


# --- stays -------------------------------------------------------------------------------------


def place(
    actor: Actor,
    person_id: int,
    unit_id: int,
    start: datetime.date,
    expected_end: datetime.date | None = None,
) -> Stay:
    """Record a stay directly (a walk-in at the night shelter): provider staff of the unit."""
    unit = Unit.objects.select_related("facility").get(pk=unit_id)
    _require_provider(actor, unit.facility)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, person_id)
        _check_free(unit, person, start, None)
        stay = _new_stay(unit, person, start, expected_end=expected_end)
        WaitingEntry.objects.filter(
            person_id=person_id,
            facility_type=unit.facility.type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).update(placed_on=start)
        Proposal.objects.filter(person_id=person_id, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.LAPSED
        )
        _log(
            actor,
            LogAction.CREATE,
            activities.STAY_CHANGE,
            person_id,
            ["verblijf"],
            _purpose_for_type(unit.facility.type),
        )
    return stay


def _open_stay_for_change(actor: Actor, stay_id: int) -> Stay:
    stay = Stay.objects.select_related("facility").get(pk=stay_id)
    _require_provider(actor, stay.facility)
    return stay


def end_stay(actor: Actor, stay_id: int, end: datetime.date, destination: str) -> Stay:
    if destination not in ExitDestination.values:
        raise _invalid("exit_destination", _("Uitstroombestemming: kies een bestemming."))
    stay = _open_stay_for_change(actor, stay_id)
    with transaction.atomic():
        stay = Stay.objects.select_for_update().select_related("facility").get(pk=stay_id)
        if stay.end_date is not None:
            raise _invalid("end_date", _("Einddatum: dit verblijf is al beëindigd."))
        if end < stay.start_date:
            raise _invalid("end_date", _("Einddatum: ligt vóór de begindatum."))
        stay.end_date = end
        stay.exit_destination = destination
        stay.save(update_fields=["end_date", "exit_destination"])
        _log(
            actor,
            LogAction.CHANGE,
            activities.STAY_CHANGE,
            stay.person_id,
            ["verblijf", "uitstroom"],
            _purpose_for_type(stay.facility.type),
        )
    return stay


def transfer_stay(actor: Actor, stay_id: int, unit_id: int, on: datetime.date) -> Stay:
    """Step up or down: end the stay on ``on`` and start the next one the same day."""
    stay = _open_stay_for_change(actor, stay_id)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, stay.person_id)
        stay = Stay.objects.select_for_update().select_related("facility").get(pk=stay_id)
        if stay.end_date is not None:
            raise _invalid("unit", _("Dit verblijf is al beëindigd."))
        if on < stay.start_date:
            raise _invalid("on", _("Datum: ligt vóór de begindatum van het verblijf."))
        if unit.pk == stay.unit_id:
            raise _invalid("unit", _("Eenheid: kies een andere eenheid."))
        stay.end_date = on
        stay.exit_destination = TRANSFER_DESTINATION[unit.facility.category]
        stay.save(update_fields=["end_date", "exit_destination"])
        _check_free(unit, person, on, None)
        new = _new_stay(unit, person, on, previous=stay)
        WaitingEntry.objects.filter(
            person_id=person.pk,
            facility_type=unit.facility.type,
            placed_on__isnull=True,
            withdrawn_on__isnull=True,
        ).update(placed_on=on)
        _log(
            actor,
            LogAction.CREATE,
            activities.STAY_CHANGE,
            person.pk,
            ["verblijf", "overplaatsing"],
            _purpose_for_type(unit.facility.type),
        )
    return new


# --- respite -----------------------------------------------------------------------------------


def _check_respite_nights(start: datetime.date, end: datetime.date) -> int:
    nights = (end - start).days
    if nights < 1:
        raise _invalid("end_date", _("Vertrekdatum: moet na de eerste nacht liggen."))
    return nights


def book_respite(
    actor: Actor,
    person_id: int,
    unit_id: int,
    start: datetime.date,
    end: datetime.date,
    reason: str,
) -> RespiteBooking:
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("reason", _("Aanleiding: beschrijf waarom een terugvalplek nodig is."))
    nights = _check_respite_nights(start, end)
    if nights > RESPITE_MAX_NIGHTS:
        raise _invalid(
            "end_date",
            _(
                "Vertrekdatum: een terugvalboeking duurt hoogstens %(max)s nachten; "
                "u vroeg er %(nights)s. Langer kan alleen via een verlenging."
            )
            % {"max": RESPITE_MAX_NIGHTS, "nights": nights},
        )
    purpose = _may_work_on(actor, Action.CREATE, person_id)
    with transaction.atomic():
        unit, person = _lock_unit_and_person(unit_id, person_id)
        if unit.facility.type != "terugval":
            raise _invalid("unit", _("Eenheid: dit is geen terugvalplek."))
        _check_respite_free(unit, start, end)
        if (
            Stay.objects.filter(overlapping(start, end), person=person)
            .exclude(facility__category=Category.HF)
            .exists()
        ):
            raise _invalid(
                "person",
                _(
                    "Persoon: verblijft in die periode in een voorziening, "
                    "niet in een eigen woning."
                ),
            )
        _immediate()
        booking = RespiteBooking.objects.create(
            unit=unit,
            person=person,
            start_date=start,
            end_date=end,
            reason=reason,
            created_by=actor.user,
        )
        _log(actor, LogAction.CREATE, activities.RESPITE_CHANGE, person_id, ["terugval"], purpose)
    return booking


def _check_respite_free(
    unit: Unit, start: datetime.date, end: datetime.date, ignore: int | None = None
) -> None:
    clash = RespiteBooking.objects.filter(unit=unit, start_date__lt=end, end_date__gt=start)
    if ignore is not None:
        clash = clash.exclude(pk=ignore)
    if clash.exists():
        raise _invalid("unit", _("Eenheid: deze terugvalplek is in die periode al geboekt."))


def extend_respite(
    actor: Actor, booking_id: int, new_end: datetime.date, reason: str
) -> RespiteBooking:
    """Longer than 14 nights: only an authorised role, and only with a reason."""
    if actor.role not in RESPITE_EXTENSION_ROLES:
        raise PermissionDenied(_("Alleen de Wmo-consulent mag een terugvalboeking verlengen."))
    reason = (reason or "").strip()
    if not reason:
        raise _invalid("extension_reason", _("Reden verlenging: vul de reden in."))
    booking = RespiteBooking.objects.get(pk=booking_id)
    purpose = _may_work_on(actor, Action.CHANGE, booking.person_id)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=booking.unit_id)
        booking = RespiteBooking.objects.select_for_update().get(pk=booking_id)
        if new_end <= booking.end_date:
            raise _invalid("end_date", _("Nieuwe vertrekdatum: moet na de huidige liggen."))
        _check_respite_free(unit, booking.end_date, new_end, ignore=booking.pk)
        booking.end_date = new_end
        booking.extended_by = actor.user
        booking.extension_reason = reason
        _immediate()
        booking.save(update_fields=["end_date", "extended_by", "extension_reason"])
        _log(
            actor,
            LogAction.CHANGE,
            activities.RESPITE_CHANGE,
            booking.person_id,
            ["terugval"],
            purpose,
        )
    return booking
