"""A synthetic region with a realistic year of chain flows, written as plek-csv.

Deterministic for a seed. Calibrated to the region of docs/domain.md (twelve municipalities,
about 450,000 inhabitants): facilities and capacities as listed there, about 290 night-shelter
registrations a year of which about 40% leave within three nights, about 70 in and 70 out of
protected living, women and families in crisis shelter for about five weeks. `scale` multiplies
population, capacity and flows, for benchmarks up to the national figure.

The simulation walks day by day: people arrive at a facility type, take a free unit if there is
one (else they wait on the list), stay for a drawn length (shortened when capacity drops, as when
the winter shelter closes), leave to a destination, and sometimes move on to the next facility the
same day, get aftercare after a move to a home, or come back.

With ``steady`` (the demo) the region starts as it stands on an ordinary day: every shelter holds
the guests its flow keeps there, the long-stay facilities are as full as their waiting lists keep
them (about 430 residents in protected living), and women's shelter takes women. Without it the
short-stay facilities start empty, which the tests with fixed seeds expect.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plek.core import dates
from plek.demo import region as demo_region
from plek.demo.calibration import (
    CATEGORY,
    DESTINATIONS,
    FACILITIES,
    FAMILY_NAMES,
    HOUSING,
    MUNICIPALITIES,
    NEXT_TYPE,
    OPENED_YEARS_AGO,
    POSTAL_PER_YEAR,
    PROVIDERS,
    SIGNALS_PER_1000_INHABITANTS,
    FacilityPlan,
)
from plek.exchange.spec import FILES_BY_NAME
from plek.intake.zrm import DOMAINS
from plek.people.bsn import synthetic_bsn

DAY = datetime.timedelta(days=1)
# Shelter types whose guests get a plan and assessments when they stay more than three nights.
SHELTER_WITH_PLAN = frozenset({"nachtopvang", "vrouwenopvang", "crisisopvang_gezinnen"})


@dataclass
class Region:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, file: str, /, **row: Any) -> None:
        self.rows[file].append(row)

    def write(self, directory: Path) -> dict[str, int]:
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in self.rows.items():
            columns = [column.name for column in FILES_BY_NAME[name].columns]
            with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, columns, lineterminator="\n")
                writer.writeheader()
                for row in rows:
                    writer.writerow({key: _cell(value) for key, value in row.items()})
        return {name: len(rows) for name, rows in self.rows.items()}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class Simulation:
    def __init__(
        self,
        start: datetime.date,
        end: datetime.date,
        seed: int,
        scale: float,
        steady: bool = False,
    ):
        self.start, self.end, self.scale, self.steady = start, end, scale, steady
        self.rng = random.Random(seed)
        # Names from a generator of their own: the chain's draws do not depend on the name list.
        self.names = random.Random(f"names-{seed}")
        self.days = (end - start).days + 1
        self.region = Region()
        self.person_free_from: dict[str, datetime.date] = {}
        self.housed: list[tuple[str, datetime.date]] = []
        self.counter: defaultdict[str, int] = defaultdict(int)
        self.used_bsns: set[str] = set()
        self.units: dict[str, list[int]] = {}
        self.occupied: dict[str, list[int]] = {}
        self.by_type: dict[str, list[FacilityPlan]] = defaultdict(list)
        # Persons with a running plan: a returning resident keeps it (one plan per person).
        self.with_plan: set[str] = set()

    # -- identities ------------------------------------------------------------------------

    def next_id(self, prefix: str) -> str:
        self.counter[prefix] += 1
        return f"{prefix}{self.counter[prefix]:06d}"

    def next_bsn(self) -> str | None:
        """The next unused number of the 9999 test range; none once it is used up (~9,000)."""
        self.counter["bsn"] += 1
        bsn = synthetic_bsn(self.counter["bsn"])
        if bsn in self.used_bsns:
            return None
        self.used_bsns.add(bsn)
        return bsn

    def new_person(self, age_range: tuple[int, int] = (18, 70), sex: str | None = None) -> str:
        key = self.next_id("p")
        codes = [code for code, _, _ in MUNICIPALITIES]
        weights = [people for _, _, people in MUNICIPALITIES]
        age = self.rng.randint(*age_range)
        born = self.start - datetime.timedelta(days=age * 365 + self.rng.randint(0, 364))
        self.region.add(
            "persons",
            id=key,
            bsn=self.next_bsn() if self.rng.random() < 0.85 else None,
            initials=f"{self.rng.choice('ABCDEFGHJKLMNPRSTW')}.",
            family_name=self.names.choice(FAMILY_NAMES),
            birth_date=born,
            sex=sex or self.rng.choices("MVX", weights=(70, 28, 2))[0],
            # About one in ten comes from outside the region or is unknown.
            origin_municipality=self.rng.choices(codes, weights)[0]
            if self.rng.random() < 0.9
            else None,
        )
        self.person_free_from[key] = self.start
        return key

    def free_person(self, day: datetime.date, returning_share: float) -> str:
        """Somebody not in a stay on `day`: now and then a returning resident, else a new one."""
        if self.housed and self.rng.random() < returning_share:
            for _ in range(5):
                person, housed_on = self.rng.choice(self.housed)
                if self.person_free_from[person] <= day and housed_on < day:
                    return person
        return self.new_person()

    # -- the base: municipalities, organisations, facilities ---------------------------------

    def setup(self) -> None:
        for code, name, _ in MUNICIPALITIES:
            self.region.add("municipalities", code=code, name=name)
        for spec in demo_region.ORGANISATIONS:
            if spec.external_id in PROVIDERS:
                self.region.add(
                    "organisations",
                    id=spec.external_id,
                    name=spec.name,
                    kind=spec.kind,
                    municipality=spec.municipality,
                )
        for plan in FACILITIES:
            self.region.add(
                "facilities",
                id=plan.key,
                name=plan.name,
                type=plan.type,
                provider=plan.provider,
                municipality=plan.municipality,
                scope=plan.scope,
                day_tariff=plan.tariff,
            )
            units = [0] * self.days
            for month, count in plan.capacity:
                valid_from = dates.first_of_month(self.start, month)
                if month == 0 and (plan.median_nights >= 100 or self.steady):
                    # Long-stay facilities opened years ago; their residents arrived since.
                    valid_from = self.start.replace(year=self.start.year - OPENED_YEARS_AGO)
                if valid_from > self.end:
                    continue
                scaled = round(count * self.scale)
                self.region.add("capacity", facility=plan.key, valid_from=valid_from, units=scaled)
                for index in range(max(0, (valid_from - self.start).days), self.days):
                    units[index] = scaled
            self.units[plan.key] = units
            self.occupied[plan.key] = [0] * self.days
            self.by_type[plan.type].append(plan)

    def prefill(self) -> None:
        """Long-stay facilities do not start empty: residents who arrived before the start.

        In a steady state (``steady``) the short-stay facilities do not either: as many guests
        as their flow keeps there on an ordinary day, each part-way through a stay drawn from
        the lengths of those present on a day (longer stays are more likely to be caught).
        """
        for plan in FACILITIES:
            if plan.median_nights >= 100:
                self.prefill_long(plan)
            elif self.steady:
                self.prefill_short(plan)

    def prefill_long(self, plan: FacilityPlan) -> None:
        # Nearly full; in a steady state protected living as full as its waiting list keeps it.
        share = 0.97 if self.steady and plan.type == "beschermd_wonen" else 0.95
        for _ in range(int(self.units[plan.key][0] * share)):
            total = self.rng.lognormvariate(0, plan.spread) * plan.median_nights
            elapsed = min(self.rng.uniform(0, total), 365 * OPENED_YEARS_AGO - 1)
            arrived = self.start - datetime.timedelta(days=max(1, round(elapsed)))
            self.admit(plan, self.guest(plan), arrived, nights=round(total - elapsed))

    def prefill_short(self, plan: FacilityPlan) -> None:
        mean_nights = plan.median_nights * math.exp(plan.spread**2 / 2)
        present = plan.arrivals_per_year * self.scale / 365 * mean_nights
        for _ in range(min(self.units[plan.key][0], round(present))):
            # Length-biased: the stays present on a day are log-normal with mu shifted by s².
            total = self.rng.lognormvariate(plan.spread**2, plan.spread) * plan.median_nights
            elapsed = min(self.rng.uniform(0, total), 364)
            arrived = self.start - datetime.timedelta(days=max(1, round(elapsed)))
            person = self.guest(plan)
            end = self.admit(plan, person, arrived, nights=max(1, round(total - elapsed)))
            if end is not None and plan.type in SHELTER_WITH_PLAN and (end - arrived).days > 3:
                self.plan_and_assessments(person, arrived, end)

    # -- stays -------------------------------------------------------------------------------

    def admit(
        self, plan: FacilityPlan, person: str, day: datetime.date, nights: int | None = None
    ) -> datetime.date | None:
        """Book a stay from `day` if a unit is free; returns its end, or None when full.

        The stay is shortened to end the night capacity would be exceeded (a closing winter
        shelter sends everyone out), so a facility never holds more stays than units.
        """
        # A stay that began before the simulated time occupies its nights from the start on.
        first = max(0, (day - self.start).days)
        units, occupied = self.units[plan.key], self.occupied[plan.key]
        if occupied[first] >= units[first]:
            return None
        if nights is None:
            nights = max(0, round(self.rng.lognormvariate(0, plan.spread) * plan.median_nights))
        last = min(first + nights, self.days)
        for index in range(first, last):
            if occupied[index] >= units[index]:
                last = index
                break
            occupied[index] += 1
        end = self.start + datetime.timedelta(days=last)
        open_stay = last >= self.days
        destination = None if open_stay else self.destination(plan)
        self.region.add(
            "stays",
            id=self.next_id("s"),
            person=person,
            facility=plan.key,
            start_date=day,
            end_date=None if open_stay else end,
            exit_destination=destination,
        )
        self.person_free_from[person] = self.end + DAY if open_stay else end
        if destination is not None:
            self.after_exit(plan, person, end, destination)
        return end

    def destination(self, plan: FacilityPlan) -> str:
        options = DESTINATIONS[CATEGORY[plan.type]]
        return self.rng.choices([o for o, _ in options], [w for _, w in options])[0]

    def after_exit(self, plan: FacilityPlan, person: str, day: datetime.date, where: str) -> None:
        if where in HOUSING:
            self.housed.append((person, day))
            if self.rng.random() < 0.7:
                self.aftercare(person, day)
        follow = NEXT_TYPE.get(where)
        if follow and day <= self.end:
            # A same-day move into the next facility, via its waiting list.
            self.place(
                follow,
                person,
                day,
                registered=day - datetime.timedelta(days=self.rng.randint(5, 90)),
            )

    def place(self, type_: str, person: str, day: datetime.date, registered: datetime.date) -> None:
        plans = self.by_type[type_]
        candidates = sorted(plans, key=lambda _: self.rng.random())
        placed = None
        for plan in candidates:
            if self.admit(plan, person, day) is not None:
                placed = day
                break
        priority = self.rng.choices(["spoed", "hoog", "normaal"], (1, 3, 6))[0]
        self.region.add(
            "waiting",
            id=self.next_id("w"),
            person=person,
            facility_type=type_,
            registered_on=max(registered, self.start),
            placed_on=placed,
            withdrawn_on=None
            if placed or self.rng.random() < 0.7
            else min(day + datetime.timedelta(days=self.rng.randint(10, 120)), self.end),
            priority=priority,
        )

    # -- the rest of the chain ----------------------------------------------------------------

    def aftercare(self, person: str, day: datetime.date) -> None:
        track = self.next_id("t")
        ends = day + datetime.timedelta(days=730)
        self.region.add(
            "aftercare",
            id=track,
            person=person,
            started_on=day,
            ended_on=ends if ends <= self.end else None,
        )
        due = day
        for number in range(40):
            due += datetime.timedelta(days=28 if number < 6 else 91)
            if due > min(self.end, ends):
                break
            late = self.rng.choices([0, 3, 6, 10, None], (50, 25, 10, 8, 7))[0]
            done = None if late is None else due + datetime.timedelta(days=late)
            if done is not None and done > self.end:
                done = None
            light = (
                None
                if done is None
                else self.rng.choices(["groen", "oranje", "rood"], (70, 22, 8))[0]
            )
            self.region.add(
                "checkins",
                id=self.next_id("c"),
                aftercare=track,
                due_on=due,
                done_on=done,
                light=light,
            )

    def plan_and_assessments(self, person: str, start: datetime.date, stay_end: datetime.date):
        if self.rng.random() < 0.75:
            begun = start + datetime.timedelta(days=self.rng.choice([2, 5, 9, 13, 20, 35]))
            if begun <= self.end and person not in self.with_plan:
                self.with_plan.add(person)
                self.region.add(
                    "plans",
                    id=self.next_id("pl"),
                    person=person,
                    started_on=begun,
                    review_on=begun + datetime.timedelta(days=182),
                    ended_on=None,
                )
        scores = {domain: self.rng.randint(1, 3) for domain in DOMAINS}
        day = start + datetime.timedelta(days=self.rng.randint(3, 20))
        while day <= min(self.end, stay_end + datetime.timedelta(days=200)):
            row = {d: (s if self.rng.random() > 0.05 else None) for d, s in scores.items()}
            self.region.add(
                "assessments", id=self.next_id("a"), person=person, assessed_on=day, **row
            )
            scores = {
                d: min(5, max(1, s + self.rng.choice([-1, 0, 0, 1, 1]))) for d, s in scores.items()
            }
            day += datetime.timedelta(days=self.rng.randint(80, 130))

    def signals(self) -> None:
        per_year = SIGNALS_PER_1000_INHABITANTS * sum(p for *_, p in MUNICIPALITIES) / 1000
        sources = [
            "huurachterstand",
            "energie",
            "water",
            "zorgverzekering",
            "ontruiming",
            "meldpunt",
            "veldwerk",
            "huisarts",
            "politie",
            "burger",
            "zelfmelding",
        ]
        weights = [26, 16, 7, 12, 5, 10, 12, 5, 3, 3, 1]
        norms = {"spoed": 1, "hoog": 3, "normaal": 7}
        for _ in range(round(per_year * self.scale * self.days / 365)):
            received = self.start + datetime.timedelta(days=self.rng.randrange(self.days))
            urgency = self.rng.choices(["spoed", "hoog", "normaal"], (1, 3, 8))[0]
            late = self.rng.random() < 0.2
            delay = (
                norms[urgency] + self.rng.randint(1, 6)
                if late
                else self.rng.randint(0, norms[urgency])
            )
            contact = received + datetime.timedelta(days=delay)
            reached = self.rng.random() < 0.88 and contact <= self.end
            source = self.rng.choices(sources, weights)[0]
            outcomes = ["opgelost", "plan_gestart", "doorverwezen", "geen_contact"]
            if source == "ontruiming":
                outcomes = ["ontruiming_voorkomen", "ontruiming_voorkomen", "ontruiming"]
            outcome_on = contact + datetime.timedelta(days=self.rng.randint(5, 60))
            done = outcome_on <= self.end
            person = self.new_person() if self.rng.random() < 0.8 else None
            self.region.add(
                "signals",
                id=self.next_id("g"),
                person=person,
                source=source,
                urgency=urgency,
                received_on=received,
                first_contact_on=contact if reached else None,
                outcome=(self.rng.choice(outcomes) if reached else "geen_contact")
                if done
                else None,
                outcome_on=outcome_on if done else None,
            )

    def postal(self) -> None:
        for _ in range(round(POSTAL_PER_YEAR * self.scale * self.days / 365)):
            applied = self.start + datetime.timedelta(days=self.rng.randrange(self.days))
            person = self.free_person(applied, 0.3)
            decided: datetime.date | None = applied + datetime.timedelta(
                days=self.rng.choice([3, 14, 28, 45, 55, 70])
            )
            if decided is not None and decided > self.end:
                decided = None
            decision, ended = None, None
            if decided is not None:
                outcomes = ["toegekend", "afgewezen", "ingetrokken"]
                decision = self.rng.choices(outcomes, (80, 15, 5))[0]
                if decision == "toegekend":
                    ended = decided + datetime.timedelta(days=self.rng.randint(60, 400))
                    ended = ended if ended <= self.end else None
            self.region.add(
                "postal",
                id=self.next_id("pa"),
                person=person,
                applied_on=applied,
                decided_on=decided,
                decision=decision,
                ended_on=ended,
            )
        # One postal address at a time: a newer grant ends the one still running.
        running: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.region.rows["postal"]:
            if row["decision"] == "toegekend" and row["ended_on"] is None:
                running[row["person"]].append(row)
        for rows in running.values():
            rows.sort(key=lambda row: (row["decided_on"], row["id"]))
            for earlier, later in itertools.pairwise(rows):
                earlier["ended_on"] = later["decided_on"]

    # -- the walk ----------------------------------------------------------------------------

    def run(self) -> Region:
        self.setup()
        self.prefill()
        entry_plans = [
            plan
            for plan in FACILITIES
            if plan.type not in NEXT_TYPE.values() or plan.type == "beschermd_wonen"
        ]
        for offset in range(self.days):
            day = self.start + datetime.timedelta(days=offset)
            for plan in entry_plans:
                rate = plan.arrivals_per_year * self.scale / 365
                for _ in range(_poisson(self.rng, rate)):
                    self.arrive(plan, day)
        self.signals()
        self.postal()
        return self.region

    def guest(self, plan: FacilityPlan) -> str:
        """A new person for a prefilled place; in a steady state a woman in women's shelter."""
        if self.steady and plan.type == "vrouwenopvang":
            return self.new_person(sex="V")
        return self.new_person()

    def arrive(self, plan: FacilityPlan, day: datetime.date) -> None:
        returning = 0.25 if CATEGORY[plan.type] == "opvang" else 0.05
        if self.steady and plan.type == "vrouwenopvang":
            person = self.new_person(sex="V")
        else:
            person = self.free_person(day, returning)
        if plan.type == "beschermd_wonen":
            self.place(
                "beschermd_wonen",
                person,
                day,
                registered=day - datetime.timedelta(days=self.rng.randint(20, 200)),
            )
            return
        end = self.admit(plan, person, day)
        if end is None:
            self.region.add(
                "waiting",
                id=self.next_id("w"),
                person=person,
                facility_type=plan.type,
                registered_on=day,
                placed_on=None,
                withdrawn_on=day + DAY if day < self.end else None,
                priority="spoed",
            )
            return
        if plan.type in SHELTER_WITH_PLAN and (end - day).days > 3:
            self.plan_and_assessments(person, day, end)


def _poisson(rng: random.Random, rate: float) -> int:
    # Knuth's method is fine for the small daily rates here.
    limit, count, product = pow(2.718281828459045, -rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def generate(
    directory: Path,
    start: datetime.date,
    end: datetime.date,
    seed: int = 2026,
    scale: float = 1.0,
    steady: bool = False,
) -> dict[str, int]:
    """Write a synthetic region as plek-csv; returns the number of rows per file.

    ``steady`` starts the region as it stands on an ordinary day (guests already in every
    shelter, not only residents in the long-stay facilities), as the demo does; without it the
    short-stay facilities start empty, as the tests with fixed seeds expect.
    """
    return Simulation(start, end, seed, scale, steady).run().write(directory)
