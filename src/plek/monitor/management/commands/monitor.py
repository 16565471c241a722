"""`plek monitor`: the monitor's figures M1–M13 for a period (EXCHANGE.md §2)."""

from __future__ import annotations

import csv
import datetime
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from plek.monitor.engine import Period, compute
from plek.monitor.output import flat_rows, to_json


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"'{value}' is geen geldige datum (verwacht JJJJ-MM-DD)") from None


class Command(BaseCommand):
    help = "Bereken de monitorcijfers M1–M13 voor een periode."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, type=_day)
        parser.add_argument("--to", dest="end", required=True, type=_day)
        parser.add_argument("--as-of", dest="as_of", type=_day)
        parser.add_argument("--municipality", help="CBS-code van de gemeente van herkomst")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period(
                start=options["start"],
                end=options["end"],
                as_of=options["as_of"] or timezone.localdate(),
                municipality=options["municipality"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        result = compute(period)
        if options["format"] == "json":
            self.stdout.write(to_json(result))
            return
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["figure", "key", "value"])
        writer.writerows(flat_rows(result))
