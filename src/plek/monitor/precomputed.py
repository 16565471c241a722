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
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

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


def _sealed(key: dict[str, Any], wanted: list[str]) -> dict[str, Any]:
    """The sealed values for the key (any as-of day; the latest sealing wins)."""
    unsealed_key = {name: value for name, value in key.items() if name != "as_of"}
    rows = MonitorFigure.objects.filter(**unsealed_key, figure__in=wanted, sealed=True).order_by(
        "as_of"
    )
    return {code: _decode(value) for code, value in rows.values_list("figure", "value")}


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


def _stale_among(snapshots: Iterable[str], period_end: datetime.date) -> set[str]:
    """The snapshots among `snapshots` that a change reaching `period_end` makes stale: one
    statement however many (figures computed one municipality at a time carry one each)."""
    wanted = sorted(set(snapshots))
    if not wanted:
        return set()
    bound = period_end + datetime.timedelta(days=REACH_DAYS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT s.snapshot FROM unnest(%(snapshots)s::text[]) AS s(snapshot) "
                "WHERE EXISTS (SELECT 1 FROM monitor_monitorchange c WHERE c.since <= %(bound)s "
                "AND CASE WHEN c.xid::text = split_part(s.snapshot, '|', 2) "
                "THEN c.id > split_part(s.snapshot, '|', 3)::bigint "
                "ELSE NOT pg_visible_in_snapshot(c.xid::text::xid8, "
                "CAST(split_part(s.snapshot, '|', 1) AS pg_snapshot)) END)",
                {"snapshots": wanted, "bound": bound},
            )
            return {row[0] for row in cursor.fetchall()}
        # SQLite: a snapshot is the change counter it saw; stale below the newest change.
        cursor.execute(
            "SELECT COALESCE(MAX(xid), 0) FROM monitor_monitorchange WHERE since <= %(bound)s",
            {"bound": bound.isoformat()},
        )
        newest = int(cursor.fetchone()[0])
        return {snapshot for snapshot in wanted if int(snapshot) < newest}


def figures(
    period: Period,
    norms: Norms | None = None,
    cut: Cut | None = None,
    codes: Iterable[str] = FIGURES,
) -> dict[str, Any]:
    """The figures `codes` for a period, exactly as `engine.compute` gives them, from the store
    where they are still fresh; the others are computed now and stored."""
    norms = norms or Norms()
    cut = cut or Cut()
    wanted = [code for code in FIGURES if code in set(codes)]
    key = {
        "period_start": period.start,
        "period_end": period.end,
        "as_of": period.as_of,
        "municipality": period.municipality or "",
        "cut": cut_key(cut),
        "norms": norms_key(norms),
    }
    sealed = _sealed(key, wanted)
    stored = list(
        MonitorFigure.objects.filter(**key, figure__in=wanted, sealed=False)
        .exclude(figure__in=list(sealed))
        .values_list("figure", "value", "snapshot")
    )
    stale = _stale_among((s for _, _, s in stored), period.end)
    values = {code: _decode(value) for code, value, snapshot in stored if snapshot not in stale}
    values.update(sealed)
    missing = [code for code in wanted if code not in values]
    reading = _STORED_ONLY.get()
    if missing and reading is not None:
        values.update(_latest_stored(key, missing, reading))
        if any(code not in values for code in wanted):
            raise FiguresPending
        missing = []
    if missing:
        snapshot = _snapshot()
        queries = MonitorQueries(period, norms, cut=cut)
        computed = {code: getattr(queries, code.lower())() for code in missing}
        MonitorFigure.objects.bulk_create(
            [
                MonitorFigure(**key, figure=code, value=_encode(value), snapshot=snapshot)
                for code, value in computed.items()
            ],
            update_conflicts=True,
            unique_fields=KEY_FIELDS,
            update_fields=["value", "snapshot", "computed_at"],
        )
        values.update(computed)
    if _SEALING.get():
        unsealed = [code for code in wanted if code not in sealed]
        MonitorFigure.objects.filter(**key, figure__in=unsealed).update(sealed=True)
    return {"period": _header(period), **{code: values[code] for code in wanted}}


def _latest_stored(key: dict[str, Any], codes: list[str], reading: StoredReading) -> dict[str, Any]:
    """The newest stored value of each code for the key, stale or of an earlier as-of day."""
    earlier = {name: value for name, value in key.items() if name != "as_of"}
    rows = (
        MonitorFigure.objects.filter(**earlier, as_of__lte=key["as_of"], figure__in=codes)
        .order_by("figure", "-as_of", "-computed_at")
        .values_list("figure", "value", "computed_at")
    )
    found: dict[str, Any] = {}
    for code, value, computed_at in rows:
        if code not in found:
            found[code] = _decode(value)
            reading.saw(computed_at, stale=True)
    return found


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
    """`figures` for each of many municipalities: the fresh stored ones in one query (a national
    breakdown has 342 rows), only the missing or stale ones computed, one municipality at a
    time. Inside ``stored_only`` the stale ones come from the same query, with their time."""
    norms = norms or Norms()
    wanted = [code for code in FIGURES if code in set(codes)]
    stored = list(
        MonitorFigure.objects.filter(
            period_start=period.start,
            period_end=period.end,
            as_of=period.as_of,
            municipality__in=municipalities,
            cut="",
            norms=norms_key(norms),
            figure__in=wanted,
        ).values_list("municipality", "figure", "value", "snapshot", "computed_at")
    )
    stale = _stale_among((row[3] for row in stored), period.end)
    reading = _STORED_ONLY.get()
    found: dict[str, dict[str, Any]] = {code: {} for code in municipalities}
    for municipality, code, value, snapshot, computed_at in stored:
        if snapshot not in stale:
            found[municipality][code] = _decode(value)
        elif reading is not None:
            found[municipality][code] = _decode(value)
            reading.saw(computed_at, stale=True)
    result = {}
    for municipality in municipalities:
        narrowed = Period(period.start, period.end, period.as_of, municipality)
        # While sealing, every figure goes through `figures`, which marks it sealed.
        if len(found[municipality]) == len(wanted) and not _SEALING.get():
            result[municipality] = {"period": _header(narrowed), **found[municipality]}
        else:
            result[municipality] = figures(narrowed, norms, codes=wanted)
    return result


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
    entries = 0
    for start, end in months_before(as_of, months):
        for municipality in municipalities:
            figures(Period(start, end, as_of, municipality))
            entries += 1
    prune(as_of)
    return entries


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
