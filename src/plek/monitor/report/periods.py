"""Reading a period from the command line, and splitting it into calendar quarters."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from plek.monitor.engine import Period


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is geen geldige datum (verwacht JJJJ-MM-DD)") from None


def add_period_arguments(parser: CommandParser) -> None:
    """--from, --to, --as-of and --municipality, as `plek monitor` and `plek report` share them."""
    parser.add_argument("--from", dest="start", required=True, type=parse_day)
    parser.add_argument("--to", dest="end", required=True, type=parse_day)
    parser.add_argument(
        "--as-of", dest="as_of", type=parse_day, help="gegevens bekend t/m (standaard: vandaag)"
    )
    parser.add_argument("--municipality", help="CBS-code van de gemeente van herkomst")


def period_from_options(options: dict[str, Any]) -> Period:
    try:
        return Period(
            start=options["start"],
            end=options["end"],
            as_of=options["as_of"] or timezone.localdate(),
            municipality=options["municipality"],
        )
    except ValueError as error:
        raise CommandError(str(error)) from None


def quarter_label(day: datetime.date) -> str:
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def _quarter_end(day: datetime.date) -> datetime.date:
    first_month_next = ((day.month - 1) // 3 + 1) * 3 + 1
    if first_month_next > 12:
        return datetime.date(day.year, 12, 31)
    return datetime.date(day.year, first_month_next, 1) - datetime.timedelta(days=1)


def quarters(period: Period) -> list[Period]:
    """The calendar quarters that overlap the period, each cut to the period's bounds.

    A period that starts or ends mid-quarter gets a partial first or last quarter: the trend
    then shows exactly the period, and the report says which dates each quarter covers.
    """
    pieces: list[Period] = []
    start = period.start
    while start <= period.end:
        end = min(_quarter_end(start), period.end)
        pieces.append(Period(start, end, period.as_of, period.municipality))
        start = end + datetime.timedelta(days=1)
    return pieces
