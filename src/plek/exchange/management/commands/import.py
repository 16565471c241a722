"""`plek import DIR`: the plek-csv import (docs/exchange.md)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plek.exchange.importer import import_directory
from plek.exchange.operator import add_als_argument, operator_actor


class Command(BaseCommand):
    help = "Importeer een map met plek-csv-bestanden: alles of niets."
    # No system checks: they import every URL module (and charts) before any work starts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="voortgang op stderr tonen (standaard: als stderr een terminal is)",
        )
        add_als_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = operator_actor(options["als"])
        started = time.perf_counter()

        def show(stage: str, done: int, total: int) -> None:
            # A progress line on standard error, so standard output stays the summary only.
            seconds = time.perf_counter() - started
            bar = "#" * (20 * done // max(total, 1))
            self.stderr.write(f"[{bar:<20}] {stage} ({done}/{total}) na {seconds:.1f} s")

        wanted = options["progress"]
        if wanted is None:
            wanted = sys.stderr.isatty()
        result = import_directory(options["directory"], show if wanted else _quiet, actor=actor)
        if not result.ok:
            for line in result.lines():
                self.stderr.write(line)
            count = len(result.problems) + result.more_problems
            self.stderr.write(f"Niets geïmporteerd: {count} probleem/problemen.")
            sys.exit(1)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{name} {count}" for name, count in result.counts.items())
        rate = result.rows / seconds if seconds else 0
        self.stdout.write(
            f"Geïmporteerd: {result.rows} rijen in {seconds:.1f} s ({rate:,.0f} rijen/s; "
            f"{summary})."
        )


def _quiet(stage: str, done: int, total: int) -> None:
    pass
