"""The monitor's figures M1–M13, exactly as docs/monitor.md defines them, in set-based SQL.

Every figure is one SQL statement over the whole period (common table expressions, window
functions, aggregates), reading each table it needs once where the figure allows; Python only
turns the exact integers they return into rounded decimals (`figures.py`). The same SQL runs on
PostgreSQL and SQLite through `sql.Dialect`, with parameters by name (`%(period_start)s`).

Persons are joined only when a filter needs them (a municipality of origin, sex or age band):
the regional figures read the fact tables alone.

A stay occupies the nights start_date … end_date − 1 (an open stay every night from its start).
Its nights inside the period P = [A, B] are therefore min(end_date, B + 1) − max(start_date, A)
when positive, with an open stay's end_date read as B + 1.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from plek.housing.choices import HOUSING_DESTINATIONS
from plek.housing.models import Facility
from plek.intake.zrm import DOMAINS
from plek.monitor import figures
from plek.monitor.engine_types import AGE_BANDS, AgeBand, Cut, Norms, Period, Stats, _iso
from plek.monitor.sql import Dialect, current_dialect, fetch_all, fetch_one

__all__ = [
    "AGE_BANDS",
    "CHECKIN_ON_TIME_DAYS",
    "FIRST_TIME_LOOKBACK_DAYS",
    "PLAN_WITHIN_DAYS",
    "RETURN_HORIZONS",
    "ZRM_MIN_INTERVAL_DAYS",
    "AgeBand",
    "Cut",
    "MonitorQueries",
    "Norms",
    "Period",
    "Stats",
    "compute",
]


# M5: a person who left for a home and is back in the shelter within H days has returned.
RETURN_HORIZONS = (180, 365, 730)
# M2: an inflow is a first time unless an earlier shelter or intermediate stay ended at most this
# many days before it (or is still open).
FIRST_TIME_LOOKBACK_DAYS = 730
ZRM_MIN_INTERVAL_DAYS = 60
PLAN_WITHIN_DAYS = 14
CHECKIN_ON_TIME_DAYS = 7


class MonitorQueries:
    """One instance answers every figure for one period, one municipality filter, one database."""

    def __init__(
        self,
        period: Period,
        norms: Norms | None = None,
        dialect: Dialect | None = None,
        cut: Cut | None = None,
    ):
        self.period = period
        self.cut = cut or Cut()
        self.norms = norms or Norms()
        self.dialect = dialect or current_dialect()
        self.params: dict[str, object] = {
            "period_start": _iso(period.start),
            "period_end": _iso(period.end),
            "day_after_end": _iso(period.end + datetime.timedelta(days=1)),
            "as_of": _iso(period.as_of),
            # An open stay's end where the latest end of several is taken (M2's history).
            "far_future": "9999-12-31",
        }
        if period.municipality is not None:
            self.params["municipality"] = period.municipality
        if self.cut.sex is not None:
            self.params["sex"] = self.cut.sex
        if self.cut.age_band is not None:
            # Age on the last day of the period, from the birth date.
            born_after, born_on_or_before = self.cut.age_band.birth_dates(period.end)
            self.params["born_after"] = _iso(born_after)
            self.params["born_on_or_before"] = _iso(born_on_or_before)
        if self.cut.facility_type is not None:
            self.params["facility_type"] = self.cut.facility_type
        self._family: dict[str, list[tuple[Any, ...]]] | None = None

    # -- building blocks -------------------------------------------------------------------

    def date(self, name: str) -> str:
        """The date parameter `name`."""
        return self.dialect.date(f"%({name})s")

    def fetch_one(self, sql: str, **extra: object) -> tuple[Any, ...]:
        return fetch_one(sql, {**self.params, **extra})

    def fetch_all(self, sql: str, **extra: object) -> list[tuple[Any, ...]]:
        return fetch_all(sql, {**self.params, **extra})

    @property
    def filters_persons(self) -> bool:
        return (
            self.period.municipality is not None
            or self.cut.sex is not None
            or (self.cut.age_band is not None)
        )

    def person_filter(self, column: str) -> str:
        """`AND column IN (the counted persons)`, or nothing when every person counts."""
        conditions: list[str] = []
        if self.period.municipality is not None:
            conditions.append(
                "p.origin_municipality_id = "
                "(SELECT m.id FROM accounts_municipality m WHERE m.code = %(municipality)s)"
            )
        if self.cut.sex is not None:
            conditions.append("p.sex = %(sex)s")
        if self.cut.age_band is not None:
            conditions.append(
                f"p.birth_date > {self.date('born_after')} "
                f"AND p.birth_date <= {self.date('born_on_or_before')}"
            )
        if not conditions:
            return ""
        return (
            f"AND {column} IN (SELECT p.id FROM people_person p WHERE {' AND '.join(conditions)})"
        )

    def near_cte(self) -> str:
        """`flags` and `near`: the counted persons' stays any stay figure groups, read once.

        No grouped figure looks at a stay that starts after B, and M2 looks back at most 730
        days before A, so `near` holds the stays that start on or before B and did not end
        before A − 730, and before P only shelter and intermediate stays; after B it holds only
        the shelter stays of any type that start within M5's longest horizon, which only M5's
        returns read. It is materialised once per statement and every pass of the family reads
        it. The origin for M13 is the stay's own, else its person's, fetched only for the stays
        without one (an index probe), so no persons join is needed.

        The flags (shelter, night shelter, counted exit, all narrowed to the cut's facility
        type; shelter-or-intermediate for M2's history, any type) come from `flags`, one row per
        facility computed once (473 rows nationally), instead of comparing category and type
        text for every stay.
        """
        dialect = self.dialect
        first = dialect.plus_days(self.date("period_start"), -FIRST_TIME_LOOKBACK_DAYS)
        end = self.date("period_end")
        in_cut = "type = %(facility_type)s" if self.cut.facility_type else "1 = 1"
        flags = (
            f"flags AS {dialect.materialized} (SELECT id, "
            f"CASE WHEN {in_cut} AND category = 'opvang' THEN 1 ELSE 0 END AS shelter, "
            f"CASE WHEN {in_cut} AND type = 'nachtopvang' THEN 1 ELSE 0 END AS night_shelter, "
            f"CASE WHEN {in_cut} AND category <> 'respijt' THEN 1 ELSE 0 END AS counted_exit, "
            # M2's history and M5's returns look at every stay, whatever the cut.
            "CASE WHEN category IN ('opvang', 'tussen') THEN 1 ELSE 0 END AS earlier_kind, "
            "CASE WHEN category = 'opvang' THEN 1 ELSE 0 END AS any_shelter "
            "FROM housing_facility)"
        )
        # Narrow rows (flags instead of category and type text): the passes group them.
        return (
            f"{flags}, near AS {dialect.materialized} ("
            "SELECT s.person_id, s.start_date, s.end_date, s.facility_id, "
            "COALESCE(s.origin_municipality_id, (SELECT p.origin_municipality_id "
            "FROM people_person p WHERE p.id = s.person_id)) AS origin_id, "
            "f.shelter, f.night_shelter, f.counted_exit, f.earlier_kind, f.any_shelter, "
            f"CASE WHEN s.exit_destination IN {self.in_list(HOUSING_DESTINATIONS)} "
            "THEN 1 ELSE 0 END AS to_home "
            "FROM housing_stay s JOIN flags f ON f.id = s.facility_id "
            f"WHERE ((s.start_date <= {end} "
            f"AND (s.end_date IS NULL OR s.end_date >= {first}) "
            # Before P only shelter and intermediate stays matter (M2's history).
            f"AND (f.earlier_kind = 1 OR s.end_date IS NULL "
            f"OR s.end_date >= {self.date('period_start')})) "
            # After P only shelter stays, for M5's returns (the passes leave them out).
            f"OR (s.start_date > {end} AND s.start_date <= {self.latest_return()} "
            "AND f.any_shelter = 1)) "
            f"{self.person_filter('s.person_id')})"
        )

    def overlaps_period(self, start: str = "start_date", end: str = "end_date") -> str:
        """Sargable: the stay [start, end) has a night in P (the same as nights_in_period > 0)."""
        return (
            f"{start} <= {self.date('period_end')} "
            f"AND ({end} IS NULL OR {end} > {self.date('period_start')})"
        )

    def nights_in_period(self, start: str = "start_date", end: str = "end_date") -> str:
        """The nights of [start, end) inside P; negative when there are none."""
        dialect = self.dialect
        last = dialect.least(
            f"COALESCE({end}, {self.date('day_after_end')})", self.date("day_after_end")
        )
        first = dialect.greatest(start, self.date("period_start"))
        return dialect.days(last, first)

    def stats_sql(self, labelled_values: str, extra: str = "") -> str:
        """Per `label` of a query with columns (label, v): count, sum, middle sum and count.

        `extra` adds aggregate columns over `v` (e.g. how many values are within a term).
        """
        middle = "rn IN ((n + 1) / 2, (n + 2) / 2)"
        return (
            f"SELECT label, COUNT(*), COALESCE(SUM(v), 0), SUM(CASE WHEN {middle} THEN v END), "
            f"SUM(CASE WHEN {middle} THEN 1 ELSE 0 END){extra} "
            "FROM (SELECT label, v, ROW_NUMBER() OVER (PARTITION BY label ORDER BY v) AS rn, "
            "COUNT(*) OVER (PARTITION BY label) AS n "
            f"FROM ({labelled_values}) AS vals) AS ranked GROUP BY label"
        )

    def fetch_stats(self, sql: str, **extra: object) -> dict[str, Stats]:
        return {
            label: Stats(int(n), int(total), middle_sum, int(middle_n), tuple(int(x) for x in more))
            for label, n, total, middle_sum, middle_n, *more in self.fetch_all(sql, **extra)
        }

    def in_list(self, values: frozenset[str] | tuple[str, ...]) -> str:
        # Only our own constant codes reach this, never input.
        return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"

    def latest_return(self) -> str:
        """The last day a shelter stay can start and still be a return of M5 (B + 730)."""
        return self.dialect.plus_days(self.date("period_end"), max(RETURN_HORIZONS))

    def in_period(self, column: str) -> str:
        return f"{column} BETWEEN {self.date('period_start')} AND {self.date('period_end')}"

    # -- the stay family: one statement, one read of the stays --------------------------------

    def family_sql(self) -> str:
        """One statement over `near` giving rows (part, label, n1 … n5) in three passes.

        - `facility`: per facility and origin the nights in P, the exits in P and those to a
          home (M4, M7's occupation, M13; the facility decides type, category and tariff);
        - `persons`/`persons_more`: per person one hash aggregate (no sort, no window) of
          whether they slept in the shelter (M1), their first inflow (M2), whether an inflow
          fell in an aftercare track (M11), their first exit to a home (M5) and their
          night-shelter entry (M12); then, only for the persons with such an inflow or entry,
          index probes: whether an earlier shelter or intermediate stay makes the inflow a
          return (M2, for periods of 730 days or more), a plan within 14 days (M12); and for
          the persons who left for a home, the days to their next shelter stay from `near`
          (M5, `returns`: a hash join on the person, the only join of two intermediate
          results, whose sizes the planner cannot know);
        - `M3`: the shelter stays ended in P or open at its end, for their medians.
        """
        dialect = self.dialect
        in_p_start, in_p_end = self.in_period("start_date"), self.in_period("end_date")
        start, end = self.date("period_start"), self.date("period_end")
        # `near` also holds the shelter stays after P, for M5's returns only.
        in_p_or_before = f"start_date <= {end}"
        facility = (
            "SELECT 'facility', COALESCE(m.code, 'onbekend'), x.facility_id, x.nights, x.exits, "
            "x.to_housing, 0 FROM (SELECT facility_id, origin_id, "
            f"SUM({dialect.greatest('0', self.nights_in_period())}) AS nights, "
            f"SUM(CASE WHEN {in_p_end} THEN 1 ELSE 0 END) AS exits, "
            f"SUM(CASE WHEN {in_p_end} AND to_home = 1 THEN 1 ELSE 0 END) "
            f"AS to_housing FROM near WHERE {in_p_or_before} "
            f"AND (end_date IS NULL OR end_date >= {start}) "
            "GROUP BY facility_id, origin_id) AS x "
            "LEFT JOIN accounts_municipality m ON m.id = x.origin_id"
        )
        night_nights = dialect.days(f"COALESCE(end_date, {self.date('as_of')})", "start_date")
        # M11: the track probe only for persons who have a track at all (one hashed lookup).
        relapse = (
            f"CASE WHEN shelter = 1 AND {in_p_start} AND person_id IN "
            "(SELECT t.person_id FROM aftercare_aftercaretrack t) AND EXISTS "
            "(SELECT 1 FROM aftercare_aftercaretrack t WHERE t.person_id = near.person_id "
            "AND t.started_on <= near.start_date "
            "AND (t.ended_on IS NULL OR t.ended_on > near.start_date)) THEN 1 ELSE 0 END"
        )
        # A night in P: the stay overlaps P (the pass leaves out the stays after B) and is not
        # zero nights long.
        a_night = (
            f"(end_date IS NULL OR (end_date > {self.date('period_start')} "
            "AND end_date > start_date))"
        )
        aggregated = (
            "SELECT person_id, "
            f"MAX(CASE WHEN shelter = 1 AND {a_night} THEN 1 ELSE 0 END) AS sheltered, "
            f"MAX({relapse}) AS relapsed, "
            f"MIN(CASE WHEN night_shelter = 1 AND {in_p_start} AND {night_nights} > 3 "
            "THEN start_date END) AS night_start, "
            f"MIN(CASE WHEN shelter = 1 AND {in_p_start} THEN start_date END) AS first_start, "
            f"MIN(CASE WHEN counted_exit = 1 AND to_home = 1 AND {in_p_end} "
            "THEN end_date END) AS exit_date, "
            # M2's history, split at A (see `known_sql`): an open stay ends in the far future.
            f"MAX(CASE WHEN earlier_kind = 1 AND start_date < {start} "
            f"THEN COALESCE(end_date, {self.date('far_future')}) END) AS earlier_end, "
            f"MIN(CASE WHEN earlier_kind = 1 AND start_date >= {start} "
            "THEN start_date END) AS earlier_start "
            f"FROM near WHERE {in_p_or_before} GROUP BY person_id"
        )
        known = f"CASE WHEN first_start IS NOT NULL AND {self.known_sql()} THEN 1 ELSE 0 END"
        with_plan = (
            "CASE WHEN night_start IS NOT NULL AND EXISTS (SELECT 1 FROM plans_plan pl "
            f"WHERE pl.person_id = pp.person_id AND {dialect.days('pl.started_on', 'night_start')} "
            f"BETWEEN 0 AND {PLAN_WITHIN_DAYS}) THEN 1 ELSE 0 END"
        )
        # Materialised so that every probe runs once per person, and M5 reads the exits.
        per_person = (
            f"per_person AS {dialect.materialized} (SELECT pp.*, {known} AS known, "
            f"{with_plan} AS with_plan FROM ({aggregated}) AS pp)"
        )
        # M5: per person who left for a home, the days to their next shelter stay (none past
        # the last horizon), joined from `near` rather than probed per person: nationally a
        # third of the persons left for a home, and 296,000 index probes took 1.3 s.
        next_shelter = dialect.days("MIN(n.start_date)", "pp.exit_date")
        returns = (
            f"returns AS (SELECT {next_shelter} AS gap FROM per_person pp "
            "JOIN near n ON n.person_id = pp.person_id WHERE pp.exit_date IS NOT NULL "
            "AND n.any_shelter = 1 AND n.start_date > pp.exit_date "
            f"AND n.start_date <= {self.latest_return()} GROUP BY pp.person_id, pp.exit_date)"
        )
        returned = ", ".join(
            f"COALESCE(SUM(CASE WHEN gap <= {horizon} THEN 1 ELSE 0 END), 0) AS r{n}"
            for n, horizon in enumerate(RETURN_HORIZONS)
        )
        persons = (
            "SELECT 'persons', '', COALESCE(SUM(sheltered), 0), COUNT(first_start), "
            "COALESCE(SUM(known), 0), COALESCE(SUM(relapsed), 0), COUNT(night_start) "
            "FROM per_person"
        )
        persons_more = (
            "SELECT 'persons_more', '', exits.n, "
            f"{', '.join(f'back.r{n}' for n in range(len(RETURN_HORIZONS)))}, exits.with_plan "
            "FROM (SELECT COUNT(exit_date) AS n, COALESCE(SUM(with_plan), 0) AS with_plan "
            f"FROM per_person) AS exits CROSS JOIN (SELECT {returned} FROM returns) AS back"
        )
        # M3: how many stays of each length; the medians come from these counts (`Stats`).
        lengths = (
            f"SELECT CASE WHEN {in_p_end} THEN 'ended' ELSE 'open' END AS label, "
            f"CASE WHEN {in_p_end} THEN {dialect.days('end_date', 'start_date')} "
            f"ELSE {dialect.days(end, 'start_date')} END AS v FROM near "
            f"WHERE shelter = 1 AND {in_p_or_before} "
            f"AND ({in_p_end} OR end_date IS NULL OR end_date > {end})"
        )
        m3 = (
            f"SELECT 'M3', label, v, COUNT(*), 0, 0, 0 FROM ({lengths}) AS lengths "
            "GROUP BY label, v"
        )
        return (
            f"WITH {self.near_cte()}, {per_person}, {returns} "
            f"{facility} UNION ALL {persons} UNION ALL {persons_more} UNION ALL {m3}"
        )

    def known_sql(self) -> str:
        """M2: the person's first inflow F (`first_start`, in P) is a return.

        That is: a shelter or intermediate stay (any cut) started before F and was open at F or
        ended at most 730 days before it. A stay that started before A started before F, so the
        latest end among those decides (`earlier_end`). A stay that started on or after A ended
        on or after A, which is after F − 730 when P is shorter than 730 days: then the
        earliest such start decides (`earlier_start`). For a longer period the person's stays
        are probed by their index instead.
        """
        lookback = self.dialect.plus_days("first_start", -FIRST_TIME_LOOKBACK_DAYS)
        if (self.period.end - self.period.start).days < FIRST_TIME_LOOKBACK_DAYS:
            return f"(earlier_end >= {lookback} OR earlier_start < first_start)"
        return (
            "EXISTS (SELECT 1 FROM housing_stay s JOIN housing_facility f "
            "ON f.id = s.facility_id WHERE s.person_id = pp.person_id "
            "AND f.category IN ('opvang', 'tussen') AND s.start_date < first_start "
            f"AND (s.end_date IS NULL OR s.end_date >= {lookback}))"
        )

    def stay_family(self) -> dict[str, list[tuple[Any, ...]]]:
        """The rows of every stay figure, from one statement (computed once per instance)."""
        if self._family is None:
            rows: dict[str, list[tuple[Any, ...]]] = {
                "facility": [],
                "persons": [],
                "persons_more": [],
                "M3": [],
            }
            for part, *values in self.fetch_all(self.family_sql()):
                rows[part].append(tuple(values))
            self._family = rows
        return self._family

    def per_facility(self) -> list[tuple[str, int, int, int, int]]:
        """(origin code, facility id, nights in P, exits in P, exits to a home) of the stays."""
        return [
            (code, int(facility), int(nights), int(exits), int(to_housing))
            for code, facility, nights, exits, to_housing, _ in self.stay_family()["facility"]
        ]

    def facilities_in_cut(self) -> dict[int, str]:
        """The category of every facility whose stays the cut counts."""
        facilities = Facility.objects.all()
        if self.cut.facility_type is not None:
            facilities = facilities.filter(type=self.cut.facility_type)
        return dict(facilities.values_list("id", "category"))

    def person_counts(self) -> tuple[int, ...]:
        ((_, *first),) = self.stay_family()["persons"]
        ((_, *more),) = self.stay_family()["persons_more"]
        return tuple(int(value) for value in (*first, *more))

    # -- the figures -----------------------------------------------------------------------

    def m1(self) -> dict[str, Any]:
        return {"persons": self.person_counts()[0]}

    def m2(self) -> dict[str, Any]:
        _, inflow, returning, *_ = self.person_counts()
        return {"inflow": inflow, "first_time": inflow - returning}

    def m3(self) -> dict[str, Any]:
        counts: dict[str, dict[int, int]] = {}
        for label, value, count, *_ in self.stay_family()["M3"]:
            counts.setdefault(label, {})[int(value)] = int(count)
        stats = {label: Stats.of_counts(by_value) for label, by_value in counts.items()}
        ended_stats, open_stats = stats.get("ended", Stats()), stats.get("open", Stats())
        return {
            "ended": ended_stats.count,
            "ended_median_nights": ended_stats.median,
            "ended_mean_nights": ended_stats.mean,
            "open": open_stats.count,
            "open_median_nights": open_stats.median,
        }

    def m4(self) -> dict[str, Any]:
        counted = self.facilities_in_cut()
        exits = to_housing = 0
        for _, facility, _, facility_exits, facility_to_housing in self.per_facility():
            if counted.get(facility, "respijt") != "respijt":
                exits += facility_exits
                to_housing += facility_to_housing
        return {"exits": exits, "to_housing": to_housing, "share": figures.share(to_housing, exits)}

    def m5(self) -> dict[str, Any]:
        cohort, *counts, _ = self.person_counts()[5:]
        result: dict[str, Any] = {"cohort": cohort}
        for horizon, count in zip(RETURN_HORIZONS, counts, strict=True):
            elapsed = self.period.end + datetime.timedelta(days=horizon) <= self.period.as_of
            result[f"returned_{horizon}"] = figures.share(count, cohort) if elapsed else None
        return result

    def m6(self) -> dict[str, Any]:
        dialect = self.dialect
        type_filter = "AND w.facility_type = %(facility_type)s" if self.cut.facility_type else ""
        end = self.date("period_end")
        # One pass: an entry placed in P is not open at its end, and the other way round.
        placed = self.in_period("w.placed_on")
        values = (
            f"SELECT CASE WHEN {placed} THEN 'placed' ELSE 'open' END AS label, "
            f"CASE WHEN {placed} THEN {dialect.days('w.placed_on', 'w.registered_on')} "
            f"ELSE {dialect.days(end, 'w.registered_on')} END AS v "
            "FROM housing_waitingentry w "
            f"WHERE ({placed} OR (w.registered_on <= {end} "
            f"AND (w.placed_on IS NULL OR w.placed_on > {end}) "
            f"AND (w.withdrawn_on IS NULL OR w.withdrawn_on > {end}))) "
            f"{type_filter} {self.person_filter('w.person_id')}"
        )
        stats = self.fetch_stats(self.stats_sql(values))
        placed_stats, open_stats = stats.get("placed", Stats()), stats.get("open", Stats())
        return {
            "placed": placed_stats.count,
            "placed_median_days": placed_stats.median,
            "open": open_stats.count,
            "open_median_days": open_stats.median,
        }

    def m7(self) -> dict[str, Any]:
        dialect = self.dialect
        conditions = []
        if self.period.municipality is not None:
            conditions.append("m.code = %(municipality)s")
        if self.cut.facility_type is not None:
            conditions.append("f.type = %(facility_type)s")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        # Capacity holds from valid_from until the facility's next row: one segment per row.
        segments = (
            "SELECT facility_id, valid_from, units, LEAD(valid_from) OVER "
            "(PARTITION BY facility_id ORDER BY valid_from) AS valid_until "
            "FROM housing_capacityperiod"
        )
        segment_nights = dialect.greatest("0", self.nights_in_period("valid_from", "valid_until"))
        available = (
            f"SELECT facility_id, SUM(units * {segment_nights}) AS units "
            "FROM segments GROUP BY facility_id"
        )
        sql = (
            f"WITH segments AS ({segments}), available AS ({available}) "
            "SELECT f.id, f.external_id, COALESCE(a.units, 0) "
            "FROM housing_facility f JOIN accounts_municipality m ON m.id = f.municipality_id "
            f"LEFT JOIN available a ON a.facility_id = f.id {where} "
            f"ORDER BY {dialect.by_id('f.external_id')}"
        )
        rows = self.fetch_all(sql)
        occupied = self.occupied_nights([facility_id for facility_id, _, _ in rows])
        return {
            "facilities": {
                external_id: {
                    "available": int(units),
                    "occupied": occupied.get(facility_id, 0),
                    "share": figures.share(occupied.get(facility_id, 0), int(units)),
                }
                for facility_id, external_id, units in rows
            }
        }

    def occupied_nights(self, facility_ids: list[int]) -> dict[int, int]:
        """M7's occupied unit-nights per facility: every stay there, whoever's."""
        if not self.filters_persons:
            # Every stay is in `near` when no person filter applies.
            occupied: dict[int, int] = {}
            for _, facility, nights, _, _ in self.per_facility():
                occupied[facility] = occupied.get(facility, 0) + nights
            return occupied
        if not facility_ids:
            return {}
        # Per municipality (or a person cut): only the listed facilities' stays, by their index.
        dialect = self.dialect
        ids = ", ".join(str(int(facility)) for facility in facility_ids)  # our own integers
        sql = (
            f"SELECT facility_id, SUM({dialect.greatest('0', self.nights_in_period())}) "
            f"FROM housing_stay WHERE facility_id IN ({ids}) "
            f"AND {self.overlaps_period()} GROUP BY facility_id"
        )
        return {int(f): int(n) for f, n in self.fetch_all(sql)}

    def m8(self) -> dict[str, Any]:
        dialect = self.dialect
        norms = sorted(self.norms.response_days.items())
        norm_params: dict[str, object] = {}
        for n, (urgency, days) in enumerate(norms):
            norm_params[f"urgency_{n}"] = urgency
            norm_params[f"norm_days_{n}"] = days
        norm = (
            "CASE s.urgency "
            + " ".join(f"WHEN %(urgency_{n})s THEN %(norm_days_{n})s" for n in range(len(norms)))
            + " END"
        )
        # Regionally every signal counts, with a person or not; per municipality the persons'.
        person_filter = (
            self.person_filter("s.person_id") if self.period.municipality is not None else ""
        )
        within = (
            "CASE WHEN s.first_contact_on IS NOT NULL AND "
            f"{dialect.days('s.first_contact_on', 's.received_on')} <= {norm} THEN 1 ELSE 0 END"
        )
        # One pass: counts per outcome; the totals are their sums.
        rows = self.fetch_all(
            f"SELECT s.outcome, COUNT(*), COALESCE(SUM({within}), 0) FROM signals_signal s "
            f"WHERE {self.in_period('s.received_on')} {person_filter} "
            "GROUP BY s.outcome ORDER BY s.outcome",
            **norm_params,
        )
        received = sum(int(count) for _, count, _ in rows)
        contacted = sum(int(within_norm) for _, _, within_norm in rows)
        return {
            "received": received,
            "contacted_within_norm": contacted,
            "share": figures.share(contacted, received),
            "outcomes": {outcome: int(count) for outcome, count, _ in rows if outcome != ""},
        }

    def m9(self) -> dict[str, Any]:
        dialect = self.dialect
        end = self.date("period_end")
        apps = (
            "SELECT applied_on, decided_on, decision, ended_on FROM postal_postalapplication a "
            f"WHERE 1 = 1 {self.person_filter('a.person_id')}"
        )
        # Applications, decisions (with their duration) and active addresses, in one statement.
        values = (
            f"SELECT 'applied' AS label, 0 AS v FROM apps WHERE {self.in_period('applied_on')} "
            f"UNION ALL SELECT 'decided', {dialect.days('decided_on', 'applied_on')} FROM apps "
            f"WHERE {self.in_period('decided_on')} AND decision IN ('toegekend', 'afgewezen') "
            "UNION ALL SELECT 'active', 0 FROM apps WHERE decision = 'toegekend' "
            f"AND decided_on <= {end} AND (ended_on IS NULL OR ended_on > {end})"
        )
        within_term = ", SUM(CASE WHEN v <= %(decision_term_days)s THEN 1 ELSE 0 END)"
        stats = self.fetch_stats(
            f"WITH apps AS ({apps}) {self.stats_sql(values, within_term)}",
            decision_term_days=self.norms.postal_decision_days,
        )
        decisions = stats.get("decided", Stats(extra=(0,)))
        return {
            "applications": stats.get("applied", Stats()).count,
            "decisions": decisions.count,
            "within_term": decisions.extra[0],
            "share": figures.share(decisions.extra[0], decisions.count),
            "median_days": decisions.median,
            "active": stats.get("active", Stats()).count,
        }

    def m10(self) -> dict[str, Any]:
        dialect = self.dialect
        # Per person: the latest assessment in P, and the earliest one at least 60 days before it.
        # The earliest such assessment is the person's first one, if that is 60 days before the
        # latest: so one pass over the assessments up to the end of P ranks both ways, and no
        # self-join (whose result size the planner cannot estimate) is needed.
        ranked = (
            "SELECT a.id, a.person_id, a.assessed_on, "
            "ROW_NUMBER() OVER (PARTITION BY a.person_id ORDER BY a.assessed_on, "
            f"{dialect.by_id('a.external_id')}) AS first_rank, "
            "ROW_NUMBER() OVER (PARTITION BY a.person_id ORDER BY a.assessed_on DESC, "
            f"{dialect.by_id('a.external_id')} DESC) AS latest_rank "
            f"FROM intake_assessment a WHERE a.assessed_on <= {self.date('period_end')} "
            f"{self.person_filter('a.person_id')}"
        )
        ends = (
            "SELECT person_id, "
            "MAX(CASE WHEN first_rank = 1 THEN id END) AS first_id, "
            "MAX(CASE WHEN first_rank = 1 THEN assessed_on END) AS first_on, "
            "MAX(CASE WHEN latest_rank = 1 THEN id END) AS latest_id, "
            "MAX(CASE WHEN latest_rank = 1 THEN assessed_on END) AS latest_on "
            "FROM ranked WHERE first_rank = 1 OR latest_rank = 1 GROUP BY person_id"
        )
        pairs = (
            "SELECT person_id, first_id, latest_id FROM ends "
            f"WHERE latest_on >= {self.date('period_start')} "
            f"AND {dialect.days('latest_on', 'first_on')} >= %(zrm_min_interval_days)s"
        )
        # Each pair's two assessments, the earlier one counted negative: summed per domain over
        # the domains both scored, that is the change.
        ends_of_pairs = (
            "SELECT person_id, first_id AS assessment_id, -1 AS sign FROM pairs "
            "UNION ALL SELECT person_id, latest_id, 1 FROM pairs"
        )
        changes = (
            "SELECT e.person_id, sc.domain, SUM(e.sign * sc.score) AS change "
            "FROM ends_of_pairs e JOIN intake_assessmentscore sc "
            "ON sc.assessment_id = e.assessment_id "
            "GROUP BY e.person_id, sc.domain HAVING COUNT(*) = 2"
        )
        sql = (
            f"WITH ranked AS ({ranked}), ends AS ({ends}), pairs AS ({pairs}), "
            f"ends_of_pairs AS ({ends_of_pairs}), changes AS ({changes}) "
            "SELECT 'pairs', '', COUNT(*), 0 FROM pairs "
            "UNION ALL SELECT 'improved', '', COUNT(*), 0 FROM "
            "(SELECT person_id FROM changes GROUP BY person_id HAVING SUM(change) > 0) AS up "
            "UNION ALL SELECT 'domain', domain, SUM(change), COUNT(*) FROM changes GROUP BY domain"
        )
        rows = self.fetch_all(sql, zrm_min_interval_days=ZRM_MIN_INTERVAL_DAYS)
        totals = {label: int(value) for label, _, value, _ in rows if label != "domain"}
        per_domain = {domain: (total, n) for label, domain, total, n in rows if label == "domain"}
        persons, improved = totals["pairs"], totals["improved"]
        return {
            "persons": persons,
            "improved": improved,
            "share": figures.share(improved, persons),
            "mean_change": {
                domain: figures.mean(*per_domain[domain]) if domain in per_domain else None
                for domain in DOMAINS
            },
        }

    def m11(self) -> dict[str, Any]:
        dialect = self.dialect
        tracks = (
            "SELECT t.id, t.person_id, t.started_on, t.ended_on FROM aftercare_aftercaretrack t "
            f"WHERE 1 = 1 {self.person_filter('t.person_id')}"
        )
        end = self.date("period_end")
        active = (
            f"SELECT COUNT(*) FROM tracks WHERE started_on <= {end} "
            f"AND (ended_on IS NULL OR ended_on > {end})"
        )
        checkins = (
            "SELECT COUNT(*) AS due, COALESCE(SUM(CASE WHEN c.done_on IS NOT NULL AND "
            f"{dialect.days('c.done_on', 'c.due_on')} <= %(checkin_on_time_days)s "
            "THEN 1 ELSE 0 END), 0) AS on_time "
            "FROM aftercare_checkin c JOIN tracks t ON t.id = c.track_id "
            f"WHERE {self.in_period('c.due_on')}"
        )
        active_count, due, on_time = self.fetch_one(
            f"WITH tracks AS ({tracks}), checkins AS ({checkins}) "
            f"SELECT ({active}), (SELECT due FROM checkins), (SELECT on_time FROM checkins)",
            checkin_on_time_days=CHECKIN_ON_TIME_DAYS,
        )
        return {
            "active": active_count,
            "due": due,
            "on_time": on_time,
            "share": figures.share(on_time, due),
            "relapses": self.person_counts()[3],
        }

    def m12(self) -> dict[str, Any]:
        counts = self.person_counts()
        entered, planned = counts[4], counts[9]
        return {"entered": entered, "with_plan": planned, "share": figures.share(planned, entered)}

    def m13(self) -> dict[str, Any]:
        # Nights per (origin, facility) in SQL; the tariff is applied here in exact decimals.
        # The origin is the one recorded on the stay when it started, so a later correction of
        # the person's origin leaves past periods as they were; the person's origin only for
        # stays that have none recorded.
        counted = self.facilities_in_cut()
        tariffs = dict(Facility.objects.values_list("id", "day_tariff"))
        costs: dict[str, Decimal] = {}
        for code, facility, nights, _, _ in self.per_facility():
            if facility in counted and nights > 0:
                costs[code] = costs.get(code, Decimal(0)) + tariffs[facility] * nights
        return {code: figures.amount(costs[code]) for code in sorted(costs)}

    def all(self) -> dict[str, Any]:
        return {
            "period": {
                "from": self.params["period_start"],
                "to": self.params["period_end"],
                "as_of": self.params["as_of"],
                "municipality": self.period.municipality,
            },
            "M1": self.m1(),
            "M2": self.m2(),
            "M3": self.m3(),
            "M4": self.m4(),
            "M5": self.m5(),
            "M6": self.m6(),
            "M7": self.m7(),
            "M8": self.m8(),
            "M9": self.m9(),
            "M10": self.m10(),
            "M11": self.m11(),
            "M12": self.m12(),
            "M13": self.m13(),
        }


def compute(period: Period, norms: Norms | None = None, cut: Cut | None = None) -> dict[str, Any]:
    """All figures for a period, as the plain values the JSON contract names."""
    return MonitorQueries(period, norms, cut=cut).all()
