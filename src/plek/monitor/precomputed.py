"""The precomputed monitor: every figure served from `MonitorFigure` while it is still what a
fresh computation would give, and recomputed (then stored) when it is not.

Freshness is decided by the database, not by the code paths that change data: triggers log every
change to a table the figures read (`MonitorChange`, with the earliest day it can affect), and a
stored figure remembers the snapshot it was computed in. A figure for a period ending on day E is
stale as soon as a change outside its snapshot reaches day E + 730 or earlier (730 days: the
furthest any figure looks across a period's edge, M2's look-back and M5's longest horizon). So
imports (also a bulk COPY), services, the admin and hand-written SQL all invalidate it.

`refresh` recomputes what is stale and keeps the months of the last year ready per municipality;
the Celery task `plek.monitor.refresh` runs it after imports and changes.

Where a Celery worker computes in the background, pages read the store only (``stored_only``):
a figure that is stale, or kept for an earlier as-of day, is shown as stored with its time, and
a figure the store does not hold at all raises ``FiguresPending``; the page then queues the
computation instead of holding a web worker for the minutes a national monitor takes.

Sealed figures are published figures that must never change again: the retention job seals the
figures of every period the records it is about to delete or anonymise reach (``sealing``), so
later pages and reports for those periods show what was published, not a recomputation from the
reduced data. A sealed figure is served for its period, municipality, cut and norms whatever the
as-of day, is never stale and is never pruned.
"""

from __future__ import annotations

import contextvars
import datetime
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from plek.monitor.engine import Cut, MonitorQueries, Norms, Period
from plek.monitor.models import MonitorChange, MonitorFigure

FIGURES = tuple(f"M{n}" for n in range(1, 14))
# The furthest any figure looks beyond the end of its period (M2's look-back, M5's horizons).
REACH_DAYS = 730
KEY_FIELDS = ["period_start", "period_end", "as_of", "municipality", "cut", "norms", "figure"]

_SEALING: contextvars.ContextVar[bool] = contextvars.ContextVar("monitor_sealing", default=False)


class FiguresPending(Exception):
    """A figure asked for under ``stored_only`` that the store does not hold: compute it first."""


@dataclass
class StoredReading:
    """What ``stored_only`` served: whether anything was stale and the oldest computation."""

    stale: bool = False
    oldest: datetime.datetime | None = None

    def saw(self, computed_at: datetime.datetime, stale: bool) -> None:
        self.stale = self.stale or stale
        if self.oldest is None or computed_at < self.oldest:
            self.oldest = computed_at


_STORED_ONLY: contextvars.ContextVar[StoredReading | None] = contextvars.ContextVar(
    "monitor_stored_only", default=None
)


@contextmanager
def stored_only() -> Iterator[StoredReading]:
    """Serve every figure inside the block from the store, fresh or not; never compute."""
    reading = StoredReading()
    token = _STORED_ONLY.set(reading)
    try:
        yield reading
    finally:
        _STORED_ONLY.reset(token)


@contextmanager
def sealing() -> Iterator[None]:
    """Seal every figure that `figures` serves or computes inside the block."""
    token = _SEALING.set(True)
    try:
        yield
    finally:
        _SEALING.reset(token)


def cut_key(cut: Cut) -> str:
    parts = []
    if cut.sex is not None:
        parts.append(f"sex={cut.sex}")
    if cut.age_band is not None:
        parts.append(f"age={cut.age_band.label}")
    if cut.facility_type is not None:
        parts.append(f"type={cut.facility_type}")
    return ";".join(parts)


def norms_key(norms: Norms) -> str:
    return json.dumps([sorted(norms.response_days.items()), norms.postal_decision_days])


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        return {key: _encode(inner) for key, inner in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$decimal"} and isinstance(value["$decimal"], str):
            return Decimal(value["$decimal"])
        return {key: _decode(inner) for key, inner in value.items()}
    return value


def _snapshot() -> str:
    """What the next computation is guaranteed to see; read before it starts."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_current_snapshot()::text, "
                "COALESCE(pg_current_xact_id_if_assigned()::text, ''), "
                "(SELECT COALESCE(MAX(id), 0) FROM monitor_monitorchange)"
            )
            snap, own, last_id = cursor.fetchone()
            return f"{snap}|{own}|{last_id}"
        cursor.execute("SELECT COALESCE(MAX(value), 0) FROM monitor_monitorcounter")
        return str(cursor.fetchone()[0])


def _stale_among(pairs: Iterable[tuple[str, datetime.date]]) -> set[tuple[str, datetime.date]]:
    """The (snapshot, period end) pairs whose figures a later change reaching the period makes
    stale: one statement however many (figures computed one set at a time carry one each)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT s.snapshot, s.period_end "
                "FROM unnest(%(snapshots)s::text[], %(ends)s::date[]) AS s(snapshot, period_end) "
                "WHERE EXISTS (SELECT 1 FROM monitor_monitorchange c "
                "WHERE c.since <= s.period_end + %(reach)s "
                "AND CASE WHEN c.xid::text = split_part(s.snapshot, '|', 2) "
                "THEN c.id > split_part(s.snapshot, '|', 3)::bigint "
                "ELSE NOT pg_visible_in_snapshot(c.xid::text::xid8, "
                "CAST(split_part(s.snapshot, '|', 1) AS pg_snapshot)) END)",
                {
                    "snapshots": [snapshot for snapshot, _ in wanted],
                    "ends": [end for _, end in wanted],
                    "reach": REACH_DAYS,
                },
            )
            return {(snapshot, end) for snapshot, end in cursor.fetchall()}
        # SQLite: a snapshot is the change counter it saw; stale below the newest change that
        # reaches the period (a dashboard asks for a handful of period ends).
        stale = set()
        for end in sorted({end for _, end in wanted}):
            bound = end + datetime.timedelta(days=REACH_DAYS)
            cursor.execute(
                "SELECT COALESCE(MAX(xid), 0) FROM monitor_monitorchange WHERE since <= %(bound)s",
                {"bound": bound.isoformat()},
            )
            newest = int(cursor.fetchone()[0])
            stale |= {(s, e) for s, e in wanted if e == end and int(s) < newest}
        return stale


@dataclass(frozen=True)
class FigureSet:
    """One set of figures asked for: a period (of one municipality or of all) and a cut."""

    period: Period
    cut: Cut = field(default_factory=Cut)

    @property
    def place(self) -> tuple[datetime.date, datetime.date, str, str]:
        """Where its stored rows are, whatever their as-of day."""
        return (
            self.period.start,
            self.period.end,
            self.period.municipality or "",
            cut_key(self.cut),
        )

    def key(self, norms: str) -> dict[str, Any]:
        start, end, municipality, cut = self.place
        return {
            "period_start": start,
            "period_end": end,
            "as_of": self.period.as_of,
            "municipality": municipality,
            "cut": cut,
            "norms": norms,
        }


@dataclass
class _Stored:
    """What the store gave for each set, and which of those figures are sealed."""

    values: dict[FigureSet, dict[str, Any]]
    sealed: dict[FigureSet, set[str]]


def figures(
    period: Period,
    norms: Norms | None = None,
    cut: Cut | None = None,
    codes: Iterable[str] = FIGURES,
) -> dict[str, Any]:
    """The figures `codes` for a period, exactly as `engine.compute` gives them, from the store
    where they are still fresh; the others are computed now and stored."""
    return figure_sets([FigureSet(period, cut or Cut())], norms, codes)[0]


def figure_sets(
    sets: list[FigureSet], norms: Norms | None = None, codes: Iterable[str] = FIGURES
) -> list[dict[str, Any]]:
    """`figures` for each of many sets (a breakdown's groups, a year's quarters), in their order:
    one read of the store and one freshness check for all of them, whatever their number; only
    what is missing or stale is computed, one set at a time."""
    norms = norms or Norms()
    norms_text = norms_key(norms)
    wanted = [code for code in FIGURES if code in set(codes)]
    stored = _read_store(sets, norms_text, wanted)
    values = stored.values
    missing = [s for s in sets if any(code not in values[s] for code in wanted)]
    reading = _STORED_ONLY.get()
    if missing and reading is not None:
        _fill_from_latest(missing, norms_text, wanted, values, reading)
        if any(code not in values[s] for s in missing for code in wanted):
            raise FiguresPending
        missing = []
    for figure_set in missing:
        values[figure_set].update(_compute(figure_set, norms, wanted, values[figure_set]))
    if _SEALING.get():
        for figure_set in sets:
            unsealed = [code for code in wanted if code not in stored.sealed[figure_set]]
            MonitorFigure.objects.filter(**figure_set.key(norms_text), figure__in=unsealed).update(
                sealed=True
            )
    return [
        {"period": _header(s.period), **{code: values[s][code] for code in wanted}} for s in sets
    ]


def _stored_rows(sets: list[FigureSet], norms: str, wanted: list[str]) -> QuerySet[MonitorFigure]:
    """The stored rows of these sets' places (any as-of day): a superset to pick from in Python,
    one statement however many sets."""
    return MonitorFigure.objects.filter(
        period_start__in={s.period.start for s in sets},
        period_end__in={s.period.end for s in sets},
        municipality__in={s.period.municipality or "" for s in sets},
        cut__in={cut_key(s.cut) for s in sets},
        norms=norms,
        figure__in=wanted,
    )


def _read_store(sets: list[FigureSet], norms: str, wanted: list[str]) -> _Stored:
    """Each set's figures the store may serve: the sealed ones (any as-of day, the latest
    sealing wins), else those computed for its as-of day that no change since made stale."""
    rows = (
        _stored_rows(sets, norms, wanted)
        .filter(Q(sealed=True) | Q(as_of__in={s.period.as_of for s in sets}))
        .order_by("as_of")
        .values_list(
            "period_start", "period_end", "municipality", "cut", "as_of", "figure", "value",
            "snapshot", "sealed",
        )
    )  # fmt: skip
    asked = {(*s.place, s.period.as_of): s for s in sets}
    sealed: dict[tuple[Any, ...], dict[str, Any]] = {}
    computed: dict[FigureSet, list[tuple[str, Any, str]]] = {s: [] for s in sets}
    for start, end, municipality, cut, as_of, code, value, snapshot, is_sealed in rows:
        place = (start, end, municipality, cut)
        if is_sealed:
            sealed.setdefault(place, {})[code] = value
        elif (figure_set := asked.get((*place, as_of))) is not None:
            computed[figure_set].append((code, value, snapshot))
    stale = _stale_among(
        (snapshot, s.period.end) for s in sets for _code, _value, snapshot in computed[s]
    )
    result = _Stored(values={}, sealed={})
    for figure_set in sets:
        served = {
            code: value
            for code, value, snapshot in computed[figure_set]
            if (snapshot, figure_set.period.end) not in stale
        }
        own_sealed = sealed.get(figure_set.place, {})
        served.update(own_sealed)
        result.values[figure_set] = {code: _decode(value) for code, value in served.items()}
        result.sealed[figure_set] = set(own_sealed)
    return result


def _fill_from_latest(
    sets: list[FigureSet],
    norms: str,
    wanted: list[str],
    values: dict[FigureSet, dict[str, Any]],
    reading: StoredReading,
) -> None:
    """Fill what the sets miss with the newest stored value, stale or of an earlier as-of day."""
    rows = (
        _stored_rows(sets, norms, wanted)
        .filter(as_of__lte=max(s.period.as_of for s in sets))
        .order_by("-as_of", "-computed_at")
        .values_list(
            "period_start", "period_end", "municipality", "cut", "as_of", "figure", "value",
            "computed_at",
        )
    )  # fmt: skip
    by_place: dict[tuple[Any, ...], list[FigureSet]] = {}
    for figure_set in sets:
        by_place.setdefault(figure_set.place, []).append(figure_set)
    for start, end, municipality, cut, as_of, code, value, computed_at in rows:
        for figure_set in by_place.get((start, end, municipality, cut), []):
            if code not in values[figure_set] and as_of <= figure_set.period.as_of:
                values[figure_set][code] = _decode(value)
                reading.saw(computed_at, stale=True)


def _compute(
    figure_set: FigureSet, norms: Norms, wanted: list[str], have: dict[str, Any]
) -> dict[str, Any]:
    """Compute the figures the set does not have yet, and store them with their snapshot."""
    snapshot = _snapshot()
    queries = MonitorQueries(figure_set.period, norms, cut=figure_set.cut)
    computed = {code: getattr(queries, code.lower())() for code in wanted if code not in have}
    key = figure_set.key(norms_key(norms))
    MonitorFigure.objects.bulk_create(
        [
            MonitorFigure(**key, figure=code, value=_encode(value), snapshot=snapshot)
            for code, value in computed.items()
        ],
        update_conflicts=True,
        unique_fields=KEY_FIELDS,
        update_fields=["value", "snapshot", "computed_at"],
    )
    return computed


def _header(period: Period) -> dict[str, Any]:
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "as_of": period.as_of.isoformat(),
        "municipality": period.municipality,
    }


def figures_per_municipality(
    period: Period,
    municipalities: list[str],
    codes: Iterable[str] = FIGURES,
    norms: Norms | None = None,
) -> dict[str, dict[str, Any]]:
    """`figures` for each of many municipalities (a national breakdown has 342 rows)."""
    sets = [
        FigureSet(Period(period.start, period.end, period.as_of, municipality))
        for municipality in municipalities
    ]
    return dict(zip(municipalities, figure_sets(sets, norms, codes), strict=True))


def months_before(day: datetime.date, count: int) -> list[tuple[datetime.date, datetime.date]]:
    """The `count` whole calendar months before the month of `day`, oldest first."""
    result = []
    first = day.replace(day=1)
    for _ in range(count):
        last = first - datetime.timedelta(days=1)
        first = last.replace(day=1)
        result.append((first, last))
    return result[::-1]


def refresh(as_of: datetime.date, months: int, municipalities: Iterable[str | None]) -> int:
    """Keep every month × municipality (None: the whole region) ready for `as_of`; recompute only
    what is stale or missing. Drops figures of earlier days and change records nobody needs.
    Returns how many (period, municipality) entries were looked at."""
    places = list(municipalities)
    sets = [
        FigureSet(Period(start, end, as_of, municipality))
        for start, end in months_before(as_of, months)
        for municipality in places
    ]
    figure_sets(sets)
    prune(as_of)
    return len(sets)


def prune(as_of: datetime.date) -> None:
    """Forget figures computed for earlier days and the changes every stored figure has seen."""
    MonitorFigure.objects.filter(Q(as_of__lt=as_of), sealed=False).delete()
    # Sealed figures are never recomputed, so the changes they did not see need not be kept.
    snapshots = set(
        MonitorFigure.objects.filter(sealed=False).values_list("snapshot", flat=True).distinct()
    )
    if connection.vendor == "postgresql":
        # A change whose transaction ended before every stored snapshot began is seen by all.
        if snapshots:
            horizon = min(int(snapshot.split(":")[0]) for snapshot in snapshots)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                horizon = int(cursor.fetchone()[0])
        MonitorChange.objects.filter(xid__lt=horizon).delete()
    else:
        oldest = min((int(snapshot) for snapshot in snapshots), default=None)
        if oldest is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT COALESCE(MAX(value), 0) FROM monitor_monitorcounter")
                oldest = int(cursor.fetchone()[0])
        MonitorChange.objects.filter(xid__lte=oldest).delete()
