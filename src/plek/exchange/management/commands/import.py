"""`plek import DIR`: the plek-csv import (docs/exchange.md)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plek.exchange.importer import import_directory


class Command(BaseCommand):
    help = "Importeer een map met plek-csv-bestanden: alles of niets."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = import_directory(options["directory"])
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"Niets geïmporteerd: {len(result.problems)} probleem/problemen.")
            sys.exit(1)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        self.stdout.write(f"Geïmporteerd: {result.rows} rijen in {seconds:.1f} s ({summary}).")
