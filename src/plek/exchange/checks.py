"""The checks of a whole plek-csv directory against itself and the database, before any write.

Per-cell checks happen while reading (`reader.py`); here come the checks that need other rows:
references, the rules of a stay, overlapping stays of one person, a stay beside a stored respite
booking of its person, capacity per night, BSNs that would collide with a person already stored,
and a second running plan of one person.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from plek.exchange import protection_files
from plek.exchange.reader import Bundle, Row
from plek.exchange.spec import FILES, FILES_BY_NAME
from plek.exchange.store import existing_keys
from plek.housing.choices import CATEGORY_OF_TYPE, Category
from plek.housing.models import CapacityPeriod, Facility, RespiteBooking, Stay
from plek.people.models import Person
from plek.plans.models import Plan
from plek.plans.selectors import case_lead_memberships

FAR_FUTURE = datetime.date.max


def check_bundle(bundle: Bundle) -> None:
    _check_references(bundle)
    _check_stay_rows(bundle)
    _check_date_order(bundle)
    _check_bsn_collisions(bundle)
    _check_active_postal_addresses(bundle)
    stays = _merged_stays(bundle)
    _check_person_overlaps(bundle, stays)
    _check_respite_overlaps(bundle)
    _check_capacity(bundle, stays)
    _check_running_plans(bundle)
    _check_case_leads(bundle)
    protection_files.check(bundle)


# -- references ------------------------------------------------------------------------------


def _check_references(bundle: Bundle) -> None:
    for spec in FILES:
        for column in (c for c in spec.columns if c.kind == "ref"):
            rows = [r for r in bundle.rows.get(spec.name, []) if r.values[column.name] is not None]
            wanted = {row.values[column.name] for row in rows}
            known = _keys_in_file(bundle, column.ref) | set(existing_keys(column.ref, wanted))
            for row in rows:
                if row.values[column.name] not in known:
                    bundle.problem(
                        spec,
                        row.number,
                        column.name,
                        f"'{row.values[column.name]}' is onbekend: niet in "
                        f"{FILES_BY_NAME[column.ref].filename} en niet in de database",
                    )


def _keys_in_file(bundle: Bundle, name: str) -> set[Any]:
    spec = FILES_BY_NAME[name]
    return {row.values[spec.key[0]] for row in bundle.rows.get(name, [])}


# -- one stay --------------------------------------------------------------------------------


def _check_stay_rows(bundle: Bundle) -> None:
    spec = FILES_BY_NAME["stays"]
    for row in bundle.rows.get("stays", []):
        start, end, destination = (
            row.values["start_date"],
            row.values["end_date"],
            row.values["exit_destination"],
        )
        if start and end and end < start:
            bundle.problem(spec, row.number, "end_date", "het verblijf eindigt voor het begint")
        if end and not destination and "exit_destination" not in row.bad:
            bundle.problem(
                spec,
                row.number,
                "exit_destination",
                "verplicht als het verblijf een einddatum heeft",
            )
        if destination and not end and "end_date" not in row.bad:
            bundle.problem(
                spec, row.number, "exit_destination", "moet leeg zijn zolang het verblijf open is"
            )


# -- dates in order --------------------------------------------------------------------------

# file -> (later column, earlier column, message): the later date may not come before the other.
DATE_ORDER: dict[str, tuple[tuple[str, str, str], ...]] = {
    "waiting": (
        ("placed_on", "registered_on", "geplaatst voor de aanmelding"),
        ("withdrawn_on", "registered_on", "afgemeld voor de aanmelding"),
    ),
    "signals": (
        ("first_contact_on", "received_on", "eerste contact voor de ontvangst van het signaal"),
        ("outcome_on", "received_on", "uitkomst voor de ontvangst van het signaal"),
    ),
    "plans": (
        ("ended_on", "started_on", "het plan eindigt voor het begint"),
        ("review_on", "started_on", "de evaluatie ligt voor de start van het plan"),
    ),
    "postal": (
        ("decided_on", "applied_on", "besloten voor de aanvraag"),
        ("ended_on", "decided_on", "beëindigd voor het besluit"),
        ("ended_on", "applied_on", "beëindigd voor de aanvraag"),
    ),
    "aftercare": (("ended_on", "started_on", "de nazorg eindigt voor hij begint"),),
}


def _check_date_order(bundle: Bundle) -> None:
    for name, rules in DATE_ORDER.items():
        spec = FILES_BY_NAME[name]
        for row in bundle.rows.get(name, []):
            for later, earlier, message in rules:
                first, second = row.values[earlier], row.values[later]
                if first is not None and second is not None and second < first:
                    bundle.problem(spec, row.number, later, message)
                    break


# -- persons ---------------------------------------------------------------------------------


def _check_bsn_collisions(bundle: Bundle) -> None:
    spec = FILES_BY_NAME["persons"]
    rows = [row for row in bundle.rows.get("persons", []) if row.values["bsn"]]
    owner_in_file: dict[str, Row] = {}
    stored = dict(
        Person.objects.filter(bsn__in=[row.values["bsn"] for row in rows]).values_list(
            "bsn", "external_id"
        )
    )
    for row in rows:
        bsn, person = row.values["bsn"], row.values["id"]
        if bsn in owner_in_file:
            earlier = owner_in_file[bsn].number
            bundle.problem(spec, row.number, "bsn", f"dit BSN staat ook in rij {earlier}")
        elif bsn in stored and stored[bsn] != person:
            bundle.problem(
                spec, row.number, "bsn", "dit BSN hoort in de database bij een andere persoon"
            )
        owner_in_file.setdefault(bsn, row)


def _check_active_postal_addresses(bundle: Bundle) -> None:
    """One active postal address (granted, not ended) per person, counting the stored ones."""
    from plek.postal.models import PostalApplication

    spec = FILES_BY_NAME["postal"]
    rows = [r for r in bundle.rows.get("postal", []) if _holds_address(r.values)]
    in_file = {r.values["id"] for r in bundle.rows.get("postal", [])}
    stored = dict(
        PostalApplication.objects.filter(
            person__external_id__in={r.values["person"] for r in rows}, holds_address=True
        )
        .exclude(external_id__in=in_file)
        .values_list("person__external_id", "external_id")
    )
    first: dict[str, Row] = {}
    for row in rows:
        person = row.values["person"]
        if person in first:
            bundle.problem(
                spec,
                row.number,
                "decision",
                f"persoon '{person}' heeft al een actief briefadres (rij {first[person].number})",
            )
        elif person in stored:
            bundle.problem(
                spec,
                row.number,
                "decision",
                f"persoon '{person}' heeft al een actief briefadres ('{stored[person]}' in de "
                "database)",
            )
        first.setdefault(person, row)


def _holds_address(values: dict[str, Any]) -> bool:
    return values["decision"] == "toegekend" and values["ended_on"] is None


# -- stays together: the state after the import ------------------------------------------------


@dataclass(frozen=True)
class MergedStay:
    key: str
    person: str
    facility: str
    start: datetime.date
    end: datetime.date | None
    row: Row | None  # None when the stay is only in the database

    @property
    def night_end(self) -> datetime.date:
        """The first date not occupied (exclusive end of the occupied nights)."""
        return self.end or FAR_FUTURE


def _merged_stays(bundle: Bundle) -> list[MergedStay]:
    """The stays of every person and facility the file touches, as they would be after import."""
    from_file = [
        MergedStay(
            r.values["id"],
            r.values["person"],
            r.values["facility"],
            r.values["start_date"],
            r.values["end_date"],
            r,
        )
        for r in bundle.rows.get("stays", [])
        if not r.bad
        and (r.values["end_date"] is None or r.values["end_date"] >= r.values["start_date"])
    ]
    persons = {stay.person for stay in from_file}
    facilities = {stay.facility for stay in from_file} | {
        row.values["facility"] for row in bundle.rows.get("capacity", [])
    }
    replaced = {stay.key for stay in from_file}
    stored = (
        Stay.objects.filter(person__external_id__in=persons)
        | Stay.objects.filter(facility__external_id__in=facilities)
    ).values_list(
        "external_id", "person__external_id", "facility__external_id", "start_date", "end_date"
    )
    from_db = [
        MergedStay(key, person or "", facility, start, end, None)
        for key, person, facility, start, end in stored
        if key not in replaced
    ]
    return from_file + from_db


def _check_person_overlaps(bundle: Bundle, stays: list[MergedStay]) -> None:
    spec = FILES_BY_NAME["stays"]
    by_person: dict[str, list[MergedStay]] = defaultdict(list)
    for stay in stays:
        if stay.night_end > stay.start:  # a zero-night stay occupies nothing
            by_person[stay.person].append(stay)
    for person_stays in by_person.values():
        person_stays.sort(key=lambda stay: (stay.start, stay.key))
        latest: MergedStay | None = None
        for stay in person_stays:
            if latest is not None and stay.start < latest.night_end:
                culprit, other = (stay, latest) if stay.row is not None else (latest, stay)
                if culprit.row is not None:
                    where = f"rij {other.row.number}" if other.row else "de database"
                    bundle.problem(
                        spec,
                        culprit.row.number,
                        "start_date",
                        f"overlapt met verblijf '{other.key}' ({where}) van dezelfde persoon",
                    )
            if latest is None or stay.night_end > latest.night_end:
                latest = stay


# The facility types that are the person's own home: respite beside them is allowed.
HOME_TYPES = tuple(kind for kind, category in CATEGORY_OF_TYPE.items() if category == Category.HF)
RESPITE_OVERLAP = "overlapt met een terugvalboeking van dezelfde persoon in de database"


def _check_respite_overlaps(bundle: Bundle) -> None:
    """Respite is for someone living at home: a stay may overlap a stored respite booking of its
    person only in a Housing First home (the rule housing_occupancy keeps on PostgreSQL)."""
    spec = FILES_BY_NAME["stays"]
    bookings: dict[str | None, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    # Respite bookings are a few nights each for a few people: all of them fit in memory.
    for person, start, end in RespiteBooking.objects.values_list(
        "person__external_id", "start_date", "end_date"
    ).order_by("start_date"):
        bookings[person].append((start, end))
    if not bookings:
        return
    homes = _home_facilities(bundle)
    for row in bundle.rows.get("stays", []):
        values = row.values
        if row.bad or values["facility"] in homes:
            continue
        start, night_end = values["start_date"], values["end_date"] or FAR_FUTURE
        for booked_from, booked_until in bookings.get(values["person"], ()):
            if start < night_end and start < booked_until and booked_from < night_end:
                span = f"{booked_from:%Y-%m-%d} tot {booked_until:%Y-%m-%d}"
                bundle.problem(spec, row.number, "start_date", f"{RESPITE_OVERLAP} ({span})")
                break


def _home_facilities(bundle: Bundle) -> set[str]:
    """The keys of the Housing First facilities after the import (the file's type wins)."""
    in_file = {row.values["id"]: row.values["type"] for row in bundle.rows.get("facilities", [])}
    stored = Facility.objects.filter(category=Category.HF).values_list("external_id", flat=True)
    homes = {key for key in stored if key not in in_file}
    return homes | {key for key, kind in in_file.items() if kind in HOME_TYPES}


def _check_capacity(bundle: Bundle, stays: list[MergedStay]) -> None:
    # Only the facilities this import adds stays or capacity to are judged; stored stays of the
    # same persons elsewhere came along for the overlap check and are not this import's business.
    touched = {row.values["facility"] for row in bundle.rows.get("stays", [])} | {
        row.values["facility"] for row in bundle.rows.get("capacity", [])
    }
    capacity = _merged_capacity(bundle, touched)
    by_facility: dict[str, list[MergedStay]] = defaultdict(list)
    for stay in stays:
        if stay.night_end > stay.start and stay.facility in touched:
            by_facility[stay.facility].append(stay)
    spec = FILES_BY_NAME["stays"]
    for facility, facility_stays in by_facility.items():
        excess = _first_excess(facility_stays, capacity.get(facility, []))
        if excess is None:
            continue
        night, occupied, units, culprit = excess
        message = (
            f"op {night.isoformat()} zijn er {occupied} verblijven in voorziening "
            f"'{facility}' en maar {units} plaatsen"
        )
        if culprit.row is not None:
            bundle.problem(spec, culprit.row.number, "facility", message)
        else:
            bundle.problem(FILES_BY_NAME["capacity"], 1, "units", message)


def _merged_capacity(
    bundle: Bundle, facilities: set[str]
) -> dict[str, list[tuple[datetime.date, int]]]:
    rows = {
        (row.values["facility"], row.values["valid_from"]): row.values["units"]
        for row in bundle.rows.get("capacity", [])
        if not row.bad
    }
    stored = CapacityPeriod.objects.filter(facility__external_id__in=facilities).values_list(
        "facility__external_id", "valid_from", "units"
    )
    merged = {(facility, valid_from): units for facility, valid_from, units in stored}
    merged.update(rows)
    by_facility: dict[str, list[tuple[datetime.date, int]]] = defaultdict(list)
    for (facility, valid_from), units in sorted(merged.items()):
        by_facility[facility].append((valid_from, units))
    return by_facility


def _first_excess(
    stays: list[MergedStay], capacity: list[tuple[datetime.date, int]]
) -> tuple[datetime.date, int, int, MergedStay] | None:
    """The first night on which more stays occupy the facility than it has units, if any.

    A sweep over the dates where something changes: a stay starts or ends, capacity changes.
    """
    changes: dict[datetime.date, int] = defaultdict(int)
    for stay in stays:
        changes[stay.start] += 1
        if stay.end is not None:
            changes[stay.end] -= 1
    dates = sorted(set(changes) | {valid_from for valid_from, _ in capacity})
    occupied = 0
    for day in dates:
        occupied += changes.get(day, 0)
        units = _units_on(capacity, day)
        if occupied > units:
            present = [s for s in stays if s.start <= day < s.night_end]
            culprit = max(present, key=lambda s: (s.row is not None, s.start, s.key))
            return day, occupied, units, culprit
    return None


def _units_on(capacity: Iterable[tuple[datetime.date, int]], day: datetime.date) -> int:
    units = 0
    for valid_from, count in capacity:
        if valid_from > day:
            break
        units = count
    return units


# -- plans -----------------------------------------------------------------------------------


def _check_case_leads(bundle: Bundle) -> None:
    """`case_lead` (an extension column): a user who may lead plans, and only on a running plan."""
    spec = FILES_BY_NAME["plans"]
    rows = [r for r in bundle.rows.get("plans", []) if r.values.get("case_lead")]
    if not rows:
        return
    known = case_lead_memberships({r.values["case_lead"] for r in rows})
    for row in rows:
        username = row.values["case_lead"]
        if row.values["ended_on"] is not None:
            bundle.problem(
                spec,
                row.number,
                "case_lead",
                "een beëindigd plan heeft geen huidige regisseur: laat de cel leeg",
            )
        elif username not in known:
            bundle.problem(
                spec,
                row.number,
                "case_lead",
                f"'{username}' is geen actieve gebruiker die plannen mag regisseren "
                "(wijkteam, regisseur, toegang of briefadres)",
            )


def _check_running_plans(bundle: Bundle) -> None:
    """One running plan per person (the database's rule for plans without a household)."""
    spec = FILES_BY_NAME["plans"]
    rows = [r for r in bundle.rows.get("plans", []) if r.values["ended_on"] is None]
    if not rows:
        return
    in_file = {row.values["id"] for row in bundle.rows.get("plans", [])}
    persons = existing_keys("persons", {row.values["person"] for row in rows})
    stored: dict[int, str] = dict(
        Plan.objects.filter(
            person_id__in=list(persons.values()), ended_on__isnull=True, household__isnull=True
        )
        .exclude(external_id__in=in_file)
        .values_list("person_id", "external_id")
    )
    seen: dict[Any, str] = {}
    for row in rows:
        person = row.values["person"]
        other = seen.get(person) or stored.get(persons.get(person, -1))
        if other is not None:
            bundle.problem(
                spec,
                row.number,
                "ended_on",
                f"persoon '{person}' heeft al een lopend plan ('{other}'); "
                "beëindig dat eerst (één lopend plan per persoon)",
            )
        else:
            seen[person] = row.values["id"]
