"""Today in the configured time zone, and month arithmetic that does not drift."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone


def today() -> datetime.date:
    """Today's date in ``settings.TIME_ZONE`` (Europe/Amsterdam), not the server's."""
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months; a day past the month's end becomes its last day.

    31 January + 1 month is 28 (or 29) February. Compute a series from its first date
    (``add_months(start, n)``), never by adding one month to the previous result, or the
    series drifts to the 28th.
    """
    return day + relativedelta(months=months)


def first_of_month(day: datetime.date, months: int = 0) -> datetime.date:
    """The first day of the month ``months`` after the month of ``day``."""
    return day.replace(day=1) + relativedelta(months=months)


def minute_stamp(moment: datetime.datetime) -> str:
    """A moment to the minute in ``settings.TIME_ZONE`` ("2026-12-06 23:43"): stored times are
    UTC, and a record's name must show the time its users read everywhere else."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def long_date(day: datetime.date) -> str:
    """A date as pages show it: the long form of the active language ("3 april 2025" in Dutch),
    never "03-04-2025" beside it. For text built in Python (worklist details, status lines)."""
    from django.utils.formats import date_format

    return date_format(day, "j F Y")
