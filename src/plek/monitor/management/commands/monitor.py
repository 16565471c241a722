"""`plek monitor`: the monitor's figures M1–M13 for a period (docs/monitor.md).

json and csv go to standard output (or to --output); xlsx is binary and always goes to a file.
These are raw figures without small-number suppression: `plek report` is for publishing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.monitor.engine import compute
from plek.monitor.extensions import with_extensions
from plek.monitor.output import to_csv, to_json, write_xlsx
from plek.monitor.report.periods import add_period_arguments, period_from_options

FORMATS = ("json", "csv", "xlsx")


class Command(BaseCommand):
    help = "Bereken de monitorcijfers M1–M13 voor een periode (json, csv of xlsx)."
    # No system checks: they import every URL module (and charts) before any work starts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--with-extensions",
            action="store_true",
            help="voeg de extensiesleutels toe (zoals beschermd_wonen) naast M1–M13",
        )
        parser.add_argument(
            "--output", type=Path, help="schrijf naar dit bestand (verplicht bij --format xlsx)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        if options["format"] == "xlsx" and output is None:
            # Checked before computing: a spreadsheet on a terminal helps nobody.
            raise CommandError("Geef met --output het bestand op waarin de xlsx moet komen.")
        period = period_from_options(options)
        result = compute(period)
        if options["with_extensions"]:
            result = with_extensions(result, period)
        if output is None:
            self.stdout.write(_text(result, options["format"]), ending="")
            return
        try:
            if options["format"] == "xlsx":
                write_xlsx(result, output)
            else:
                output.write_text(_text(result, options["format"]), encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Kan '{output}' niet schrijven: {error.strerror}.") from None


def _text(result: dict[str, Any], format_: str) -> str:
    return to_json(result) + "\n" if format_ == "json" else to_csv(result)
