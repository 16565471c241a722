"""`plek generate DIR`: synthetic plek-csv for demo and benchmarks.

`--persons N` writes synthetic persons in the real country (`plek.demo.country`, streamed, for
scale tests); without it, `--scale` writes the calibrated demo region with the whole chain
(`plek.demo.flows`).
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.demo.flows import generate


class Command(BaseCommand):
    help = "Genereer een synthetische regio met ketenstromen als plek-csv."
    # No system checks: they import every URL module (and charts) before any work starts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--from", dest="start", default="2024-01-01")
        parser.add_argument("--to", dest="end", default="2025-12-31")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--persons",
            type=int,
            help="een synthetisch land met zoveel personen (en ruim 5 verblijven per persoon)",
        )
        parser.add_argument(
            "--years", type=int, default=10, help="jaren geschiedenis bij --persons (standaard 10)"
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1 = één regio (~450.000 inwoners); 40 ≈ heel Nederland",
        )
        parser.add_argument(
            "--steady",
            action="store_true",
            help="de regio begint als op een gewone dag: gasten in elke opvang (zoals de demo)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["persons"] is not None:
            from plek.demo.country import generate_country

            if options["persons"] < 1 or options["years"] < 1:
                raise CommandError("--persons en --years moeten minstens 1 zijn.")
            started = time.perf_counter()
            counts = generate_country(
                options["directory"],
                options["persons"],
                years=options["years"],
                seed=options["seed"],
                end=datetime.date.fromisoformat(options["end"]),
                progress=sys.stderr if sys.stderr.isatty() else None,
            )
            seconds = time.perf_counter() - started
            rows = sum(counts.values())
            summary = ", ".join(f"{name} {count}" for name, count in counts.items())
            self.stdout.write(
                f"Gegenereerd in {options['directory']}: {rows} rijen in {seconds:.1f} s "
                f"({rows / seconds:,.0f} rijen/s; {summary})."
            )
            return
        counts = generate(
            options["directory"],
            datetime.date.fromisoformat(options["start"]),
            datetime.date.fromisoformat(options["end"]),
            seed=options["seed"],
            scale=options["scale"],
            steady=options["steady"],
        )
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(f"Gegenereerd in {options['directory']}: {summary}.")
