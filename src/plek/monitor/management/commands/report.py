"""`plek report`: the council report for a period, as PDF and/or spreadsheet (XLSX).

The figures are those of `plek monitor`, with small numbers suppressed as docs/monitor.md requires.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.accounts.models import Municipality
from plek.monitor.report.content import build_report
from plek.monitor.report.pdf import write_pdf
from plek.monitor.report.periods import add_period_arguments, period_from_options
from plek.monitor.report.spreadsheet import write_xlsx


class Command(BaseCommand):
    help = "Maak de raadsrapportage van de monitor (PDF en/of xlsx) voor een periode."
    # No system checks: they import every URL module (and charts) before any work starts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_period_arguments(parser)
        parser.add_argument("--pdf", type=Path, help="schrijf het rapport als PDF naar dit bestand")
        parser.add_argument(
            "--xlsx", type=Path, help="schrijf de cijfers als xlsx naar dit bestand"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pdf: Path | None = options["pdf"]
        xlsx: Path | None = options["xlsx"]
        if pdf is None and xlsx is None:
            raise CommandError("Geef met --pdf en/of --xlsx op waar het rapport moet komen.")
        period = period_from_options(options)
        code = period.municipality
        if code is not None and not Municipality.objects.filter(code=code).exists():
            raise CommandError(f"Onbekende gemeente '{code}' (verwacht een CBS-code als GM0505).")
        for path in (pdf, xlsx):
            if path is not None and not path.parent.is_dir():
                raise CommandError(f"De map '{path.parent}' voor '{path.name}' bestaat niet.")
        report = build_report(period)
        if pdf is not None:
            write_pdf(report, pdf)
            self.stdout.write(f"PDF geschreven: {pdf}")
        if xlsx is not None:
            write_xlsx(report, xlsx)
            self.stdout.write(f"Spreadsheet geschreven: {xlsx}")
