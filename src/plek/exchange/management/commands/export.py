"""`plek export DIR`: every stored row as plek-csv (docs/exchange.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plek.exchange.exporter import export_directory
from plek.exchange.operator import add_als_argument, operator_actor


class Command(BaseCommand):
    help = "Exporteer alle gegevens als plek-csv naar een map."
    # No system checks: they import every URL module (and charts) before any work starts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        add_als_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = export_directory(options["directory"], actor=operator_actor(options["als"]))
        self.stdout.write(
            f"Geëxporteerd: {sum(counts.values())} rijen naar {options['directory']}."
        )
