"""The check-in schedule: "every:until" phases from the track's start (settings)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings

from plek.core import dates

_PHASE = re.compile(r"^(\d+)([wm]):(\d+)([wm])$")


def _shift(day: datetime.date, amount: int, unit: str) -> datetime.date:
    return day + datetime.timedelta(weeks=amount) if unit == "w" else dates.add_months(day, amount)


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
    due: list[datetime.date] = []
    phase_start = start
    for every, every_unit, until, until_unit in parse(spec or settings.AFTERCARE_SCHEDULE):
        end = _shift(start, until, until_unit)
        # Each date counts from the phase's first day, so 31 January + 1, 2, 3 months gives
        # 28 February, 31 March, 30 April (adding a month to the previous date would drift).
        step = 1
        while (following := _shift(phase_start, every * step, every_unit)) <= end:
            due.append(following)
            step += 1
        if due:
            phase_start = due[-1]
    return due
