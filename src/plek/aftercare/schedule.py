"""The check-in schedule: "every:until" phases from the track's start (settings)."""

from __future__ import annotations

import calendar
import datetime
import re

from django.conf import settings

_PHASE = re.compile(r"^(\d+)([wm]):(\d+)([wm])$")


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(day: datetime.date, amount: int, unit: str) -> datetime.date:
    return day + datetime.timedelta(weeks=amount) if unit == "w" else add_months(day, amount)


def parse(spec: str) -> list[tuple[int, str, int, str]]:
    phases = []
    for part in spec.replace(" ", "").split(","):
        match = _PHASE.match(part)
        if match is None:
            raise ValueError(f"PLEK_AFTERCARE_SCHEDULE: onleesbare fase {part!r}")
        every, every_unit, until, until_unit = match.groups()
        if int(every) == 0:
            raise ValueError("PLEK_AFTERCARE_SCHEDULE: een interval van 0 kan niet")
        phases.append((int(every), every_unit, int(until), until_unit))
    return phases


def due_dates(start: datetime.date, spec: str | None = None) -> list[datetime.date]:
    """Every check-in date of a track that starts on ``start``."""
    dates: list[datetime.date] = []
    current = start
    for every, every_unit, until, until_unit in parse(spec or settings.AFTERCARE_SCHEDULE):
        end = _shift(start, until, until_unit)
        while True:
            following = _shift(current, every, every_unit)
            if following > end:
                break
            dates.append(following)
            current = following
    return dates
