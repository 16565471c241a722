"""Set-based loading of waiting-list entries, ranking inputs and free units.

The read side of the matching: used by the proposal service and by the waiting-list and
what-if selectors. No access decision here: callers decide first (selectors) or act for the
facility (services). No query per row: each loader is a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet

from plek.housing.choices import ProposalStatus
from plek.housing.matching import Candidate, Rules, Vacancy
from plek.housing.models import (
    Facility,
    Proposal,
    RankingPolicy,
    Stay,
    Unit,
    WaitingEntry,
)
from plek.housing.ranking import RankInput, Weights, rank
from plek.intake.models import AssessmentScore


def occupying(day: datetime.date) -> Q:
    """Stays (or bookings) that occupy the night of ``day``."""
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gt=day))


def overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Rows with a night in [start, end) (end None: open)."""
    condition = Q(end_date__isnull=True) | Q(end_date__gt=start)
    if end is not None:
        condition &= Q(start_date__lt=end)
    return condition


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
        class_first=policy.class_first,
    )


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


def rank_input(row: dict[str, Any]) -> RankInput:
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
        ranked = rank((rank_input(row) for row in type_rows), weights, on)
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


def facility_rules(facility: Facility, municipality_ids: dict[int, frozenset[int]]) -> Rules:
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
    stays = Stay.objects.filter(occupying(on))
    if facility_ids is not None:
        facility_ids = list(facility_ids)
        units = units.filter(facility_id__in=facility_ids)
        stays = stays.filter(facility_id__in=facility_ids)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    occupied = stays.filter(unit__isnull=False).values("unit_id")
    proposed = Proposal.objects.filter(status=ProposalStatus.OPEN).values("unit_id")
    units = units.exclude(pk__in=occupied).exclude(pk__in=proposed).select_related("facility")
    # Counted per facility in the database: nationally there are hundreds of thousands.
    unitless = dict(
        stays.filter(unit__isnull=True)
        .values_list("facility_id")
        .annotate(n=Count("id"))
        .order_by()
    )
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
        keep = facility_units[: max(0, len(facility_units) - unitless.get(facility_id, 0))]
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
                    rules=facility_rules(unit.facility, frozen),
                )
            )
    return vacancies
