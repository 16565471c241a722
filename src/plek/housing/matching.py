"""Matching free units to ranked candidates: pure functions over plain values.

The service (``services.propose_for_units``) loads the vacancies and the candidates in a few
queries and hands them here, so the matching itself does no database work and can be measured
(benchmarks/matching.py) and tested on its own.

Order of the vacancies, "scarcest first":

1. by facility type, the type with the fewest free units per waiting candidate first (where
   places are scarcest, the choice of who gets one matters most);
2. within a type, units with more special properties first (women only, suitable for a family,
   accessible): they are the ones that a candidate who needs them cannot do without;
3. then the day the unit is free, then the unit id.

Each vacancy gets the highest-ranked eligible candidates that are not parked and not already
proposed elsewhere (``per_unit`` of them).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from plek.housing.ranking import Ranked


@dataclass(frozen=True)
class Rules:
    min_age: int | None = None
    max_age: int | None = None
    sex: str = ""
    children_rule: str = ""
    indication_required: bool = False
    origin_municipality_ids: frozenset[int] = frozenset()
    origin_region_id: int | None = None


@dataclass(frozen=True)
class Vacancy:
    unit_id: int
    facility_id: int
    facility_type: str
    free_on: datetime.date
    family_suitable: bool = False
    accessible: bool = False
    women_only: bool = False
    rules: Rules = field(default_factory=Rules)

    @property
    def specialness(self) -> int:
        return int(self.women_only) + int(self.family_suitable) + int(self.accessible)


@dataclass(frozen=True)
class Candidate:
    ranked: Ranked
    person_id: int
    birth_date: datetime.date | None = None
    sex: str = "X"
    origin_municipality_id: int | None = None
    origin_region_id: int | None = None
    access_valid_until: datetime.date | None = None
    needs_accessible: bool = False
    parked_until: datetime.date | None = None

    @property
    def entry_id(self) -> int:
        return self.ranked.entry.entry_id

    @property
    def children(self) -> bool:
        return self.ranked.entry.children_involved


def _age(birth: datetime.date, on: datetime.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def ineligibility(vacancy: Vacancy, candidate: Candidate) -> list[str]:
    """Why this candidate does not fit this unit (empty: eligible), in Dutch."""
    rules, on = vacancy.rules, vacancy.free_on
    reasons: list[str] = []
    if candidate.parked_until is not None and candidate.parked_until >= on:
        reasons.append(_("geparkeerd na een afwijzing"))
    if rules.min_age is not None or rules.max_age is not None:
        if candidate.birth_date is None:
            reasons.append(_("leeftijd onbekend"))
        else:
            age = _age(candidate.birth_date, on)
            if rules.min_age is not None and age < rules.min_age:
                reasons.append(_("jonger dan de minimumleeftijd"))
            if rules.max_age is not None and age > rules.max_age:
                reasons.append(_("ouder dan de maximumleeftijd"))
    if rules.sex and candidate.sex != rules.sex:
        reasons.append(_("voorziening voor een ander geslacht"))
    if vacancy.women_only and candidate.sex != "V":
        reasons.append(_("eenheid alleen voor vrouwen"))
    if rules.children_rule == "met" and not candidate.children:
        reasons.append(_("alleen voor huishoudens met kinderen"))
    if rules.children_rule == "zonder" and candidate.children:
        reasons.append(_("niet voor huishoudens met kinderen"))
    if candidate.children and not vacancy.family_suitable and rules.children_rule != "zonder":
        reasons.append(_("eenheid niet geschikt voor een gezin"))
    if candidate.needs_accessible and not vacancy.accessible:
        reasons.append(_("eenheid niet toegankelijk"))
    if rules.indication_required and (
        candidate.access_valid_until is None or candidate.access_valid_until < on
    ):
        reasons.append(_("geen geldig toegangsbesluit"))
    if rules.origin_municipality_ids and (
        candidate.origin_municipality_id not in rules.origin_municipality_ids
    ):
        reasons.append(_("gemeente van herkomst niet toegelaten"))
    if rules.origin_region_id is not None and candidate.origin_region_id != rules.origin_region_id:
        reasons.append(_("regio van herkomst niet toegelaten"))
    return reasons


def eligible(vacancy: Vacancy, candidate: Candidate) -> bool:
    return not ineligibility(vacancy, candidate)


def vacancy_order(
    vacancies: Iterable[Vacancy], candidates_by_type: Mapping[str, Sequence[Candidate]]
) -> list[Vacancy]:
    vacancies = list(vacancies)
    free: dict[str, int] = defaultdict(int)
    for vacancy in vacancies:
        free[vacancy.facility_type] += 1

    def scarcity(facility_type: str) -> float:
        waiting = len(candidates_by_type.get(facility_type, ()))
        return free[facility_type] / waiting if waiting else float("inf")

    return sorted(
        vacancies,
        key=lambda v: (scarcity(v.facility_type), -v.specialness, v.free_on, v.unit_id),
    )


def match(
    vacancies: Iterable[Vacancy],
    candidates_by_type: Mapping[str, Sequence[Candidate]],
    per_unit: int = 1,
    taken: Iterable[int] = (),
) -> list[tuple[Vacancy, list[Candidate]]]:
    """Per vacancy (scarcest first) the best eligible candidates; each candidate once.

    ``candidates_by_type`` must be in ranking order; ``taken`` are entry ids already proposed.
    """
    used = set(taken)
    # Per type: index of the first candidate that may still be free (skips the used prefix).
    start: dict[str, int] = defaultdict(int)
    result = []
    for vacancy in vacancy_order(vacancies, candidates_by_type):
        ranked = candidates_by_type.get(vacancy.facility_type, ())
        chosen: list[Candidate] = []
        index = start[vacancy.facility_type]
        while index < len(ranked) and ranked[index].entry_id in used:
            index += 1
        start[vacancy.facility_type] = index
        for candidate in ranked[index:]:
            if candidate.entry_id in used or not eligible(vacancy, candidate):
                continue
            chosen.append(candidate)
            used.add(candidate.entry_id)
            if len(chosen) >= per_unit:
                break
        result.append((vacancy, chosen))
    return result
