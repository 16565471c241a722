"""The monitor's figures M1–M13, exactly as docs/monitor.md defines them, in set-based SQL.

Every figure is one or a few SQL statements over the whole period (common table expressions,
window functions, aggregates); Python only turns the exact integers they return into rounded
decimals (`figures.py`). The same SQL runs on PostgreSQL and SQLite through `sql.Dialect`.

A stay occupies the nights start_date … end_date − 1 (an open stay every night from its start).
Its nights inside the period P = [A, B] are therefore min(end_date, B + 1) − max(start_date, A)
when positive, with an open stay's end_date read as B + 1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from plek.housing.choices import HOUSING_DESTINATIONS
from plek.housing.models import Facility
from plek.intake.zrm import DOMAINS
from plek.monitor import figures
from plek.monitor.sql import Dialect, current_dialect, fetch_all, fetch_one

RETURN_HORIZONS = (180, 365, 730)
# M5: a person who has left for a home and is back in the shelter within H days has returned.
FIRST_TIME_LOOKBACK_DAYS = 730
ZRM_MIN_INTERVAL_DAYS = 60
PLAN_WITHIN_DAYS = 14
CHECKIN_ON_TIME_DAYS = 7


@dataclass(frozen=True)
class Norms:
    """Response norms per urgency (calendar days) and the postal-address decision term."""

    response_days: dict[str, int] = field(
        default_factory=lambda: dict(settings.MONITOR_RESPONSE_NORMS)
    )
    postal_decision_days: int = field(
        default_factory=lambda: int(settings.MONITOR_POSTAL_DECISION_DAYS)
    )


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    municipality: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("De einddatum van de periode ligt voor de begindatum.")


@dataclass(frozen=True)
class AgeBand:
    label: str
    min_age: int
    max_age: int | None = None  # inclusive; None for "and older"

    def birth_dates(self, on: datetime.date) -> tuple[datetime.date, datetime.date]:
        """(born after, born on or before) for an age in this band on day `on`."""
        oldest = self.max_age if self.max_age is not None else 150
        return _years_before(on, oldest + 1), _years_before(on, self.min_age)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


AGE_BANDS = (
    AgeBand("0-17", 0, 17),
    AgeBand("18-26", 18, 26),
    AgeBand("27-49", 27, 49),
    AgeBand("50-64", 50, 64),
    AgeBand("65+", 65),
)


@dataclass(frozen=True)
class Cut:
    """A slice of the figures: persons of one sex or age band, stays of one facility type."""

    sex: str | None = None
    age_band: AgeBand | None = None
    facility_type: str | None = None


def _iso(day: datetime.date) -> str:
    return day.isoformat()


class MonitorQueries:
    """One instance answers every figure for one period, one municipality filter, one database."""

    def __init__(
        self,
        period: Period,
        norms: Norms | None = None,
        dialect: Dialect | None = None,
        cut: Cut | None = None,
    ):
        self.p = period
        self.cut = cut or Cut()
        self.norms = norms or Norms()
        self.d = dialect or current_dialect()
        self.A = _iso(period.start)
        self.B = _iso(period.end)
        self.B1 = _iso(period.end + datetime.timedelta(days=1))
        self.as_of = _iso(period.as_of)

    # -- building blocks -------------------------------------------------------------------

    def persons_cte(self) -> tuple[str, list[object]]:
        """`persons`: the persons the figures count (origin municipality, sex, age band)."""
        conditions: list[str] = []
        params: list[object] = []
        if self.p.municipality is not None:
            conditions.append("m.code = %s")
            params.append(self.p.municipality)
        if self.cut.sex is not None:
            conditions.append("p.sex = %s")
            params.append(self.cut.sex)
        if self.cut.age_band is not None:
            # Age on the last day of the period, from the birth date.
            born_after, born_on_or_before = self.cut.age_band.birth_dates(self.p.end)
            conditions.append(f"p.birth_date > {self.d.date()} AND p.birth_date <= {self.d.date()}")
            params += [_iso(born_after), _iso(born_on_or_before)]
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        return (
            "persons AS (SELECT p.id FROM people_person p "
            f"LEFT JOIN accounts_municipality m ON m.id = p.origin_municipality_id {where})",
            params,
        )

    def stays_cte(self) -> tuple[str, list[object]]:
        """`persons`, `all_stays` (their stays with facility type) and `stays` (in the cut).

        History questions (was this person in the shelter before, did they come back) look at
        `all_stays`; what a figure counts comes from `stays`, which a facility-type cut narrows.
        """
        persons, params = self.persons_cte()
        type_filter = ""
        if self.cut.facility_type is not None:
            type_filter = "WHERE type = %s"
            params = [*params, self.cut.facility_type]
        return (
            persons + ", all_stays AS ("
            "SELECT s.id, s.external_id, s.person_id, s.start_date, s.end_date, "
            "s.exit_destination, f.category, f.type, f.id AS facility_id "
            "FROM housing_stay s JOIN housing_facility f ON f.id = s.facility_id "
            f"WHERE s.person_id IN (SELECT id FROM persons)), "
            f"stays AS (SELECT * FROM all_stays {type_filter})",
            params,
        )

    def nights_in_period(self, start: str = "start_date", end: str = "end_date") -> str:
        d = self.d
        last = d.least(f"COALESCE({end}, {d.date()})", d.date())
        first = d.greatest(start, d.date())
        return d.days(last, first)

    def nights_params(self) -> list[object]:
        return [self.B1, self.B1, self.A]

    def stats(self, values_sql: str) -> str:
        """count, sum, and the sum and count of the middle value(s) of column `v` of a query."""
        return (
            "SELECT COUNT(*), COALESCE(SUM(v), 0), "
            "SUM(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN v END), "
            "SUM(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN 1 ELSE 0 END) "
            "FROM (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, COUNT(*) OVER () AS n "
            f"FROM ({values_sql}) AS vals) AS ranked"
        )

    def in_list(self, values: frozenset[str] | tuple[str, ...]) -> str:
        # Only our own constant codes reach this, never input.
        return "(" + ", ".join(f"'{value}'" for value in sorted(values)) + ")"

    # -- the figures -----------------------------------------------------------------------

    def m1(self) -> dict[str, Any]:
        cte, params = self.stays_cte()
        sql = (
            f"WITH {cte} SELECT COUNT(DISTINCT person_id) FROM stays "
            f"WHERE category = 'opvang' AND {self.nights_in_period()} > 0"
        )
        (persons,) = fetch_one(sql, params + self.nights_params())
        return {"persons": persons}

    def m2(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        # Joins, not correlated subqueries: the CTEs have no index to probe row by row.
        sql = (
            f"WITH {cte}, firsts AS ("
            "SELECT person_id, MIN(start_date) AS first_start FROM stays "
            f"WHERE category = 'opvang' AND start_date BETWEEN {d.date()} AND {d.date()} "
            "GROUP BY person_id), "
            "known AS (SELECT DISTINCT f.person_id FROM firsts f "
            "JOIN all_stays earlier ON earlier.person_id = f.person_id "
            "WHERE earlier.category IN ('opvang', 'tussen') "
            "AND earlier.start_date < f.first_start "
            "AND (earlier.end_date IS NULL OR "
            f"earlier.end_date >= {d.plus_days('f.first_start', -FIRST_TIME_LOOKBACK_DAYS)})) "
            "SELECT (SELECT COUNT(*) FROM firsts), (SELECT COUNT(*) FROM known)"
        )
        inflow, returning = fetch_one(sql, [*params, self.A, self.B])
        return {"inflow": inflow, "first_time": inflow - returning}

    def m3(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        ended_values = (
            f"SELECT {d.days('end_date', 'start_date')} AS v FROM stays "
            f"WHERE category = 'opvang' AND end_date BETWEEN {d.date()} AND {d.date()}"
        )
        ended = fetch_one(f"WITH {cte} {self.stats(ended_values)}", [*params, self.A, self.B])
        open_values = (
            f"SELECT {d.days(d.date(), 'start_date')} AS v FROM stays "
            f"WHERE category = 'opvang' AND start_date <= {d.date()} "
            f"AND (end_date IS NULL OR end_date > {d.date()})"
        )
        opened = fetch_one(
            f"WITH {cte} {self.stats(open_values)}", [*params, self.B, self.B, self.B]
        )
        return {
            "ended": ended[0],
            "ended_median_nights": figures.median_of_middle(ended[2], ended[3]),
            "ended_mean_nights": figures.mean(ended[1], ended[0]),
            "open": opened[0],
            "open_median_nights": figures.median_of_middle(opened[2], opened[3]),
        }

    def m4(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        sql = (
            f"WITH {cte} SELECT COUNT(*), COALESCE(SUM(CASE WHEN exit_destination IN "
            f"{self.in_list(HOUSING_DESTINATIONS)} THEN 1 ELSE 0 END), 0) FROM stays "
            f"WHERE category <> 'respijt' AND end_date BETWEEN {d.date()} AND {d.date()}"
        )
        exits, to_housing = fetch_one(sql, [*params, self.A, self.B])
        return {"exits": exits, "to_housing": to_housing, "share": figures.share(to_housing, exits)}

    def m5(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        # Per cohort member the days until their first shelter stay after the exit, if any.
        returned = ", ".join(
            f"COALESCE(SUM(CASE WHEN gap <= {horizon} THEN 1 ELSE 0 END), 0)"
            for horizon in RETURN_HORIZONS
        )
        sql = (
            f"WITH {cte}, cohort AS (SELECT person_id, MIN(end_date) AS exit_date FROM stays "
            f"WHERE category <> 'respijt' AND exit_destination IN "
            f"{self.in_list(HOUSING_DESTINATIONS)} "
            f"AND end_date BETWEEN {d.date()} AND {d.date()} GROUP BY person_id), "
            f"gaps AS (SELECT c.person_id, MIN({d.days('back.start_date', 'c.exit_date')}) AS gap "
            "FROM cohort c JOIN all_stays back ON back.person_id = c.person_id "
            "AND back.category = 'opvang' AND back.start_date > c.exit_date "
            "GROUP BY c.person_id) "
            f"SELECT (SELECT COUNT(*) FROM cohort), {returned} FROM gaps"
        )
        cohort, *counts = fetch_one(sql, [*params, self.A, self.B])
        result: dict[str, Any] = {"cohort": cohort}
        for horizon, count in zip(RETURN_HORIZONS, counts, strict=True):
            elapsed = self.p.end + datetime.timedelta(days=horizon) <= self.p.as_of
            result[f"returned_{horizon}"] = figures.share(count, cohort) if elapsed else None
        return result

    def m6(self) -> dict[str, Any]:
        d = self.d
        persons, params = self.persons_cte()
        entries = (
            "SELECT w.registered_on, w.placed_on, w.withdrawn_on FROM housing_waitingentry w "
            "WHERE w.person_id IN (SELECT id FROM persons)"
        )
        if self.cut.facility_type is not None:
            entries += " AND w.facility_type = %s"
            params = [*params, self.cut.facility_type]
        placed_values = (
            f"SELECT {d.days('placed_on', 'registered_on')} AS v FROM entries "
            f"WHERE placed_on BETWEEN {d.date()} AND {d.date()}"
        )
        placed = fetch_one(
            f"WITH {persons}, entries AS ({entries}) {self.stats(placed_values)}",
            [*params, self.A, self.B],
        )
        open_values = (
            f"SELECT {d.days(d.date(), 'registered_on')} AS v FROM entries "
            f"WHERE registered_on <= {d.date()} "
            f"AND (placed_on IS NULL OR placed_on > {d.date()}) "
            f"AND (withdrawn_on IS NULL OR withdrawn_on > {d.date()})"
        )
        opened = fetch_one(
            f"WITH {persons}, entries AS ({entries}) {self.stats(open_values)}",
            [*params, self.B, self.B, self.B, self.B],
        )
        return {
            "placed": placed[0],
            "placed_median_days": figures.median_of_middle(placed[2], placed[3]),
            "open": opened[0],
            "open_median_days": figures.median_of_middle(opened[2], opened[3]),
        }

    def m7(self) -> dict[str, Any]:
        d = self.d
        conditions, params = [], []
        if self.p.municipality is not None:
            conditions.append("m.code = %s")
            params.append(self.p.municipality)
        if self.cut.facility_type is not None:
            conditions.append("f.type = %s")
            params.append(self.cut.facility_type)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        # Capacity holds from valid_from until the facility's next row: one segment per row.
        segments = (
            "SELECT facility_id, valid_from, units, LEAD(valid_from) OVER "
            "(PARTITION BY facility_id ORDER BY valid_from) AS valid_until "
            "FROM housing_capacityperiod"
        )
        available = (
            "SELECT facility_id, SUM(units * "
            f"{d.greatest('0', self.nights_in_period('valid_from', 'valid_until'))}) AS units "
            "FROM segments GROUP BY facility_id"
        )
        occupied = (
            f"SELECT facility_id, SUM({d.greatest('0', self.nights_in_period())}) AS nights "
            "FROM housing_stay GROUP BY facility_id"
        )
        sql = (
            f"WITH segments AS ({segments}), available AS ({available}), "
            f"occupied AS ({occupied}) "
            "SELECT f.external_id, COALESCE(a.units, 0), COALESCE(o.nights, 0) "
            "FROM housing_facility f JOIN accounts_municipality m ON m.id = f.municipality_id "
            "LEFT JOIN available a ON a.facility_id = f.id "
            f"LEFT JOIN occupied o ON o.facility_id = f.id {where} "
            f"ORDER BY {d.by_id('f.external_id')}"
        )
        rows = fetch_all(sql, [*self.nights_params(), *self.nights_params(), *params])
        return {
            "facilities": {
                external_id: {
                    "available": int(units),
                    "occupied": int(nights),
                    "share": figures.share(int(nights), int(units)),
                }
                for external_id, units, nights in rows
            }
        }

    def m8(self) -> dict[str, Any]:
        d = self.d
        norms = self.norms.response_days
        persons, params = self.persons_cte()
        person_filter = (
            "" if self.p.municipality is None else "AND s.person_id IN (SELECT id FROM persons)"
        )
        norm = "CASE s.urgency " + " ".join("WHEN %s THEN %s" for _ in norms) + " END"
        norm_params: list[object] = [item for pair in norms.items() for item in pair]
        signals = (
            f"SELECT s.urgency, s.outcome, s.received_on, s.first_contact_on, {norm} AS norm "
            f"FROM signals_signal s WHERE s.received_on BETWEEN {d.date()} AND {d.date()} "
            f"{person_filter}"
        )
        within = (
            "SUM(CASE WHEN first_contact_on IS NOT NULL AND "
            f"{d.days('first_contact_on', 'received_on')} <= norm THEN 1 ELSE 0 END)"
        )
        base_params = [*params, *norm_params, self.A, self.B]
        received, contacted = fetch_one(
            f"WITH {persons}, sig AS ({signals}) SELECT COUNT(*), COALESCE({within}, 0) FROM sig",
            base_params,
        )
        outcomes = fetch_all(
            f"WITH {persons}, sig AS ({signals}) SELECT outcome, COUNT(*) FROM sig "
            "WHERE outcome <> '' GROUP BY outcome ORDER BY outcome",
            base_params,
        )
        return {
            "received": received,
            "contacted_within_norm": contacted,
            "share": figures.share(contacted, received),
            "outcomes": {outcome: count for outcome, count in outcomes},
        }

    def m9(self) -> dict[str, Any]:
        d = self.d
        persons, params = self.persons_cte()
        apps = (
            "SELECT applied_on, decided_on, decision, ended_on FROM postal_postalapplication "
            "WHERE person_id IN (SELECT id FROM persons)"
        )
        head = f"WITH {persons}, apps AS ({apps}) "
        (applications,) = fetch_one(
            head + f"SELECT COUNT(*) FROM apps WHERE applied_on BETWEEN {d.date()} AND {d.date()}",
            [*params, self.A, self.B],
        )
        decision_values = (
            f"SELECT {d.days('decided_on', 'applied_on')} AS v FROM apps "
            f"WHERE decided_on BETWEEN {d.date()} AND {d.date()} "
            "AND decision IN ('toegekend', 'afgewezen')"
        )
        decisions = fetch_one(head + self.stats(decision_values), [*params, self.A, self.B])
        (within_term,) = fetch_one(
            head + f"SELECT COUNT(*) FROM ({decision_values}) AS dv WHERE v <= %s",
            [*params, self.A, self.B, self.norms.postal_decision_days],
        )
        (active,) = fetch_one(
            head + "SELECT COUNT(*) FROM apps WHERE decision = 'toegekend' "
            f"AND decided_on <= {d.date()} AND (ended_on IS NULL OR ended_on > {d.date()})",
            [*params, self.B, self.B],
        )
        return {
            "applications": applications,
            "decisions": decisions[0],
            "within_term": within_term,
            "share": figures.share(within_term, decisions[0]),
            "median_days": figures.median_of_middle(decisions[2], decisions[3]),
            "active": active,
        }

    def m10(self) -> dict[str, Any]:
        d = self.d
        persons, params = self.persons_cte()
        # Per person: the latest assessment in P, and the earliest one at least 60 days before it.
        latest = (
            "SELECT id, person_id, assessed_on FROM (SELECT a.id, a.person_id, a.assessed_on, "
            "ROW_NUMBER() OVER (PARTITION BY a.person_id ORDER BY a.assessed_on DESC, "
            f"{d.by_id('a.external_id')} DESC) AS rn FROM intake_assessment a "
            f"WHERE a.assessed_on BETWEEN {d.date()} AND {d.date()} "
            "AND a.person_id IN (SELECT id FROM persons)) AS ranked WHERE rn = 1"
        )
        earliest = (
            "SELECT id, person_id, latest_id FROM (SELECT a.id, a.person_id, "
            "l.id AS latest_id, ROW_NUMBER() OVER "
            "(PARTITION BY a.person_id ORDER BY a.assessed_on, "
            f"{d.by_id('a.external_id')}) AS rn "
            "FROM intake_assessment a JOIN latest l ON l.person_id = a.person_id "
            f"WHERE {d.days('l.assessed_on', 'a.assessed_on')} >= %s) AS ranked WHERE rn = 1"
        )
        # Each pair carries both assessment ids, so the scores come from indexed tables.
        changes = (
            "SELECT e.person_id, ls.domain, ls.score - es.score AS change FROM earliest e "
            "JOIN intake_assessmentscore ls ON ls.assessment_id = e.latest_id "
            "JOIN intake_assessmentscore es ON es.assessment_id = e.id AND es.domain = ls.domain"
        )
        head = (
            f"WITH {persons}, latest AS ({latest}), earliest AS ({earliest}), "
            f"changes AS ({changes}) "
        )
        head_params = [*params, self.A, self.B, ZRM_MIN_INTERVAL_DAYS]
        (pairs,) = fetch_one(head + "SELECT COUNT(*) FROM earliest", head_params)
        (improved,) = fetch_one(
            head + "SELECT COUNT(*) FROM (SELECT person_id FROM changes GROUP BY person_id "
            "HAVING SUM(change) > 0) AS up",
            head_params,
        )
        per_domain = {
            domain: (total, count)
            for domain, total, count in fetch_all(
                head + "SELECT domain, SUM(change), COUNT(*) FROM changes GROUP BY domain",
                head_params,
            )
        }
        return {
            "persons": pairs,
            "improved": improved,
            "share": figures.share(improved, pairs),
            "mean_change": {
                domain: figures.mean(*per_domain[domain]) if domain in per_domain else None
                for domain in DOMAINS
            },
        }

    def m11(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        tracks = (
            "SELECT t.id, t.person_id, t.started_on, t.ended_on FROM aftercare_aftercaretrack t "
            "WHERE t.person_id IN (SELECT id FROM persons)"
        )
        head = f"WITH {cte}, tracks AS ({tracks}) "
        (active,) = fetch_one(
            head + f"SELECT COUNT(*) FROM tracks WHERE started_on <= {d.date()} "
            f"AND (ended_on IS NULL OR ended_on > {d.date()})",
            [*params, self.B, self.B],
        )
        due, on_time = fetch_one(
            head + "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.done_on IS NOT NULL AND "
            f"{d.days('c.done_on', 'c.due_on')} <= %s THEN 1 ELSE 0 END), 0) "
            "FROM aftercare_checkin c JOIN tracks t ON t.id = c.track_id "
            f"WHERE c.due_on BETWEEN {d.date()} AND {d.date()}",
            [*params, CHECKIN_ON_TIME_DAYS, self.A, self.B],
        )
        (relapses,) = fetch_one(
            head + "SELECT COUNT(DISTINCT s.person_id) FROM stays s JOIN tracks t "
            "ON t.person_id = s.person_id AND t.started_on <= s.start_date "
            "AND (t.ended_on IS NULL OR t.ended_on > s.start_date) "
            f"WHERE s.category = 'opvang' AND s.start_date BETWEEN {d.date()} AND {d.date()}",
            [*params, self.A, self.B],
        )
        return {
            "active": active,
            "due": due,
            "on_time": on_time,
            "share": figures.share(on_time, due),
            "relapses": relapses,
        }

    def m12(self) -> dict[str, Any]:
        d = self.d
        cte, params = self.stays_cte()
        nights = d.days(f"COALESCE(end_date, {d.date()})", "start_date")
        entries = (
            "SELECT person_id, start_date FROM (SELECT person_id, start_date, ROW_NUMBER() OVER "
            f"(PARTITION BY person_id ORDER BY start_date, {d.by_id('external_id')}) AS rn "
            f"FROM stays WHERE type = 'nachtopvang' AND start_date BETWEEN {d.date()} "
            f"AND {d.date()} AND {nights} > 3) AS ranked WHERE rn = 1"
        )
        with_plan = (
            "SUM(CASE WHEN EXISTS (SELECT 1 FROM plans_plan pl WHERE pl.person_id = e.person_id "
            f"AND {d.days('pl.started_on', 'e.start_date')} BETWEEN 0 AND %s) "
            "THEN 1 ELSE 0 END)"
        )
        entered, planned = fetch_one(
            f"WITH {cte}, entries AS ({entries}) SELECT COUNT(*), COALESCE({with_plan}, 0) "
            "FROM entries e",
            [*params, self.A, self.B, self.as_of, PLAN_WITHIN_DAYS],
        )
        return {"entered": entered, "with_plan": planned, "share": figures.share(planned, entered)}

    def m13(self) -> dict[str, Any]:
        cte, params = self.stays_cte()
        # Nights per (origin, facility) in SQL; the tariff is applied here in exact decimals.
        sql = (
            f"WITH {cte} SELECT COALESCE(m.code, 'onbekend'), s.facility_id, "
            f"SUM({self.nights_in_period('s.start_date', 's.end_date')}) "
            "FROM stays s JOIN people_person p ON p.id = s.person_id "
            "LEFT JOIN accounts_municipality m ON m.id = p.origin_municipality_id "
            f"WHERE {self.nights_in_period('s.start_date', 's.end_date')} > 0 "
            "GROUP BY COALESCE(m.code, 'onbekend'), s.facility_id"
        )
        rows = fetch_all(sql, [*params, *self.nights_params(), *self.nights_params()])
        tariffs = dict(Facility.objects.values_list("id", "day_tariff"))
        costs: dict[str, Decimal] = {}
        for code, facility_id, nights in rows:
            costs[code] = costs.get(code, Decimal(0)) + tariffs[facility_id] * int(nights)
        return {code: figures.amount(costs[code]) for code in sorted(costs)}

    def all(self) -> dict[str, Any]:
        return {
            "period": {
                "from": self.A,
                "to": self.B,
                "as_of": self.as_of,
                "municipality": self.p.municipality,
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
