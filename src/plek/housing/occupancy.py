"""Occupancy per night: how many places a facility has and how many are taken, night by night.

A night D is taken by every stay and every respite booking with start_date ≤ D < end_date (an
open stay runs on). Stays without a unit (as imported) take a place like any other. The
capacity of a night is the facility's capacity period in force on that day.

``check_capacity`` is the rule "a facility is never above its capacity on any night", used by
every service that adds an occupant (callers lock the facility row first, so two additions
cannot both see the last place). ``occupancy_by_night`` feeds the facility page's figures. Both
are a fixed number of queries, whatever the number of stays.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.housing.loaders import overlapping
from plek.housing.models import CapacityPeriod, Facility, RespiteBooking, Stay

Span = tuple[datetime.date, datetime.date | None]


def _capacity_on(periods: list[tuple[datetime.date, int]], day: datetime.date) -> int:
    units = 0
    for valid_from, count in periods:
        if valid_from > day:
            break
        units = count
    return units


def _spans(
    facility_ids: Iterable[int],
    start: datetime.date,
    end: datetime.date | None,
    ignore_stay: int | None = None,
    ignore_respite: int | None = None,
) -> dict[int, list[Span]]:
    ids = list(facility_ids)
    stays = Stay.objects.filter(overlapping(start, end), facility_id__in=ids)
    if ignore_stay is not None:
        stays = stays.exclude(pk=ignore_stay)
    bookings = RespiteBooking.objects.filter(overlapping(start, end), unit__facility_id__in=ids)
    if ignore_respite is not None:
        bookings = bookings.exclude(pk=ignore_respite)
    spans: dict[int, list[Span]] = defaultdict(list)
    for facility_id, first, last in stays.values_list("facility_id", "start_date", "end_date"):
        spans[facility_id].append((first, last))
    for facility_id, first, last in bookings.values_list(
        "unit__facility_id", "start_date", "end_date"
    ):
        spans[facility_id].append((first, last))
    return spans


def _taken(spans: list[Span], day: datetime.date) -> int:
    return sum(1 for first, last in spans if first <= day and (last is None or last > day))


def check_capacity(
    facility: Facility,
    start: datetime.date,
    end: datetime.date | None,
    ignore_stay: int | None = None,
    ignore_respite: int | None = None,
) -> None:
    """Refuse one more occupant over the nights [start, end) when some night would be full.

    Only the days on which the count or the capacity changes need checking: the occupants'
    starts and the capacity periods' first days inside the range, and ``start`` itself. A
    facility without any capacity period has no recorded limit and is not checked.
    """
    periods = list(
        CapacityPeriod.objects.filter(facility=facility)
        .order_by("valid_from")
        .values_list("valid_from", "units")
    )
    if not periods:
        return
    spans = _spans([facility.pk], start, end, ignore_stay, ignore_respite)[facility.pk]

    def inside(day: datetime.date) -> bool:
        return day >= start and (end is None or day < end)

    days = {start} | {first for first, _last in spans if inside(first)}
    days |= {valid_from for valid_from, _units in periods if inside(valid_from)}
    for day in sorted(days):
        capacity = _capacity_on(periods, day)
        taken = _taken(spans, day)
        if taken + 1 > capacity:
            raise ValidationError(
                {
                    "unit": _(
                        "Eenheid: in %(facility)s zijn in de nacht van %(day)s alle "
                        "%(capacity)s plaatsen al bezet (ook verblijven zonder eenheid tellen mee)."
                    )
                    % {
                        "facility": facility.name,
                        "day": date_format(day, "j F Y"),
                        "capacity": capacity,
                    }
                }
            )


def occupancy_by_night(
    facility: Facility, start: datetime.date, nights: int
) -> list[tuple[datetime.date, int, int]]:
    """(night, capacity, taken) for ``nights`` nights from ``start``: three queries."""
    end = start + datetime.timedelta(days=nights)
    periods = list(
        CapacityPeriod.objects.filter(facility=facility)
        .order_by("valid_from")
        .values_list("valid_from", "units")
    )
    spans = _spans([facility.pk], start, end)[facility.pk]
    result = []
    for offset in range(nights):
        day = start + datetime.timedelta(days=offset)
        result.append((day, _capacity_on(periods, day), _taken(spans, day)))
    return result
