"""The figures of informal care, per municipality and period (both ends inclusive).

Each figure is one set-based query over the stored facts; ``compute`` gives the exact numbers,
``by_municipality`` the same for every municipality at once. ``INDICATORS`` names each figure
with a function of (municipalities, start, end) so the execution programmes can bind one as an
indicator. Publishing (the monitor's small-number suppression, GUIDE §4) is the monitor's work,
on top of this app: ``plek.monitor.informal``.

Definitions (a "period" is [start, end]; "in the municipality" is the municipality of the carer,
the volunteer or the help request):

- ``registered_carers``: carers registered on or before ``end`` and not ended before ``start``;
- ``carers_with_support``: of those, carers with support (respite, course, consultant, ...)
  that overlaps the period;
- ``overload_signals``: burden check-ins in the period that passed the norm (each raised a
  signal "overbelaste mantelzorger");
- ``volunteers_active``: volunteers registered on or before ``end`` and not ended before
  ``start``;
- ``help_requests``: help requests received in the period;
- ``matches_made``: matches made in the period;
- ``time_to_match_median_days``: for requests whose first match was made in the period, the
  median of days from receipt to that first match (over ``time_to_match_requests`` requests);
- ``matches_ended`` / ``matches_ended_well``: matches ended in the period, and of those the ones
  with outcome "goed" or "doorgelopen"; ``ended_well_share`` is their quotient.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from plek.informal.models import (
    ENDED_WELL,
    BurdenCheckIn,
    Carer,
    CarerSupport,
    HelpRequest,
    Match,
    Volunteer,
)

Municipalities = Sequence[int] | None

# The counts among the figures; the others are a median and a share, each with its base.
COUNT_KEYS = (
    "registered_carers",
    "carers_with_support",
    "overload_signals",
    "volunteers_active",
    "help_requests",
    "matches_made",
    "time_to_match_requests",
    "matches_ended",
    "matches_ended_well",
)
FIGURE_KEYS = (
    "registered_carers",
    "carers_with_support",
    "overload_signals",
    "volunteers_active",
    "help_requests",
    "matches_made",
    "time_to_match_requests",
    "time_to_match_median_days",
    "matches_ended",
    "matches_ended_well",
    "ended_well_share",
)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date


def _in(queryset: QuerySet[Any], field: str, municipalities: Municipalities) -> QuerySet[Any]:
    if municipalities is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(municipalities)})


def _running(start: datetime.date, end: datetime.date, since: str, until: str) -> Q:
    return Q(**{f"{since}__lte": end}) & (
        Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gte": start})
    )


def registered_carers(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> int:
    carers = Carer.objects.filter(_running(start, end, "registered_on", "ended_on"))
    return _in(carers, "municipality_id", municipalities).count()


def carers_with_support(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> int:
    supported = CarerSupport.objects.filter(_running(start, end, "start_on", "end_on")).values(
        "carer_id"
    )
    carers = Carer.objects.filter(
        _running(start, end, "registered_on", "ended_on"), pk__in=supported
    )
    return _in(carers, "municipality_id", municipalities).count()


def overload_signals(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> int:
    checkins = BurdenCheckIn.objects.filter(overloaded=True, done_on__gte=start, done_on__lte=end)
    return _in(checkins, "carer__municipality_id", municipalities).count()


def volunteers_active(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> int:
    active = Volunteer.objects.filter(_running(start, end, "registered_on", "ended_on"))
    return _in(active, "municipality_id", municipalities).count()


def help_requests(municipalities: Municipalities, start: datetime.date, end: datetime.date) -> int:
    requests = HelpRequest.objects.filter(received_on__gte=start, received_on__lte=end)
    return _in(requests, "municipality_id", municipalities).count()


def matches_made(municipalities: Municipalities, start: datetime.date, end: datetime.date) -> int:
    matches = Match.objects.filter(matched_on__gte=start, matched_on__lte=end)
    return _in(matches, "request__municipality_id", municipalities).count()


def time_to_match_days(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> list[int]:
    """Days from receipt to first match, for requests first matched in the period (one query)."""
    firsts = (
        _in(HelpRequest.objects.all(), "municipality_id", municipalities)
        .annotate(first_match=Min("matches__matched_on"))
        .filter(first_match__gte=start, first_match__lte=end)
        .values_list("received_on", "first_match")
    )
    return sorted((first - received).days for received, first in firsts)


def matches_ended(
    municipalities: Municipalities, start: datetime.date, end: datetime.date, well: bool = False
) -> int:
    matches = Match.objects.filter(ended_on__gte=start, ended_on__lte=end)
    if well:
        matches = matches.filter(outcome__in=ENDED_WELL)
    return _in(matches, "request__municipality_id", municipalities).count()


def _median(days: list[int]) -> Decimal | None:
    if not days:
        return None
    return Decimal(str(statistics.median(days))).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def compute(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> dict[str, Any]:
    """Every figure, exact."""
    days = time_to_match_days(municipalities, start, end)
    ended = matches_ended(municipalities, start, end)
    well = matches_ended(municipalities, start, end, well=True)
    return {
        "registered_carers": registered_carers(municipalities, start, end),
        "carers_with_support": carers_with_support(municipalities, start, end),
        "overload_signals": overload_signals(municipalities, start, end),
        "volunteers_active": volunteers_active(municipalities, start, end),
        "help_requests": help_requests(municipalities, start, end),
        "matches_made": matches_made(municipalities, start, end),
        "time_to_match_requests": len(days),
        "time_to_match_median_days": _median(days),
        "matches_ended": ended,
        "matches_ended_well": well,
        "ended_well_share": _share(well, ended),
    }


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    compute: Callable[[Municipalities, datetime.date, datetime.date], Any]


def _figure(code: str) -> Callable[[Municipalities, datetime.date, datetime.date], Any]:
    def value(municipalities: Municipalities, start: datetime.date, end: datetime.date) -> Any:
        return compute(municipalities, start, end)[code]

    return value


# For the execution programmes: an indicator is bound by its code.
INDICATORS: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        Indicator("registered_carers", "Geregistreerde mantelzorgers", registered_carers),
        Indicator("carers_with_support", "Mantelzorgers met ondersteuning", carers_with_support),
        Indicator("overload_signals", "Signalen overbelaste mantelzorger", overload_signals),
        Indicator("volunteers_active", "Actieve vrijwilligers", volunteers_active),
        Indicator("help_requests", "Hulpvragen", help_requests),
        Indicator("matches_made", "Gemaakte matches", matches_made),
        Indicator(
            "time_to_match_median_days",
            "Mediane tijd tot match (dagen)",
            _figure("time_to_match_median_days"),
        ),
        Indicator("matches_ended_well", "Matches goed afgerond", _figure("matches_ended_well")),
        Indicator("ended_well_share", "Aandeel matches goed afgerond", _figure("ended_well_share")),
    )
}


def by_municipality(start: datetime.date, end: datetime.date) -> dict[int, dict[str, Any]]:
    """``compute`` for every municipality at once: one grouped query per figure.

    Municipalities without any of it are left out; ``compute([m], ...)`` gives the same numbers
    for each one that is in it (the tests check this).
    """
    rows: dict[int, dict[str, Any]] = {}

    def put(key: str, pairs: Any) -> None:
        for municipality_id, value in pairs:
            rows.setdefault(municipality_id, {})[key] = value

    def grouped(queryset: QuerySet[Any], field: str) -> Any:
        return queryset.values_list(field).annotate(n=Count("pk")).order_by()

    carers = Carer.objects.filter(_running(start, end, "registered_on", "ended_on"))
    put("registered_carers", grouped(carers, "municipality_id"))
    supported = CarerSupport.objects.filter(_running(start, end, "start_on", "end_on")).values(
        "carer_id"
    )
    put("carers_with_support", grouped(carers.filter(pk__in=supported), "municipality_id"))
    put(
        "overload_signals",
        grouped(
            BurdenCheckIn.objects.filter(overloaded=True, done_on__gte=start, done_on__lte=end),
            "carer__municipality_id",
        ),
    )
    put(
        "volunteers_active",
        grouped(
            Volunteer.objects.filter(_running(start, end, "registered_on", "ended_on")),
            "municipality_id",
        ),
    )
    put(
        "help_requests",
        grouped(
            HelpRequest.objects.filter(received_on__gte=start, received_on__lte=end),
            "municipality_id",
        ),
    )
    put(
        "matches_made",
        grouped(
            Match.objects.filter(matched_on__gte=start, matched_on__lte=end),
            "request__municipality_id",
        ),
    )
    ended = Match.objects.filter(ended_on__gte=start, ended_on__lte=end)
    put("matches_ended", grouped(ended, "request__municipality_id"))
    put(
        "matches_ended_well",
        grouped(ended.filter(outcome__in=ENDED_WELL), "request__municipality_id"),
    )
    waits: dict[int, list[int]] = {}
    firsts = (
        HelpRequest.objects.annotate(first_match=Min("matches__matched_on"))
        .filter(first_match__gte=start, first_match__lte=end)
        .values_list("municipality_id", "received_on", "first_match")
    )
    for municipality_id, received, first in firsts:
        waits.setdefault(municipality_id, []).append((first - received).days)
        rows.setdefault(municipality_id, {})
    result: dict[int, dict[str, Any]] = {}
    for municipality_id, values in rows.items():
        days = sorted(waits.get(municipality_id, []))
        figures: dict[str, Any] = {
            key: int(values.get(key, 0)) for key in COUNT_KEYS if key != "time_to_match_requests"
        }
        figures["time_to_match_requests"] = len(days)
        figures["time_to_match_median_days"] = _median(days)
        figures["ended_well_share"] = _share(
            figures["matches_ended_well"], figures["matches_ended"]
        )
        result[municipality_id] = {key: figures[key] for key in FIGURE_KEYS}
    return result
