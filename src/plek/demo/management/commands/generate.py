"""`plek generate DIR`: a synthetic region with chain flows as plek-csv, for demo and benchmarks."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

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
            "--scale",
            type=float,
            default=1.0,
            help="1 = één regio (~450.000 inwoners); 40 ≈ heel Nederland",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = generate(
            options["directory"],
            datetime.date.fromisoformat(options["start"]),
            datetime.date.fromisoformat(options["end"]),
            seed=options["seed"],
            scale=options["scale"],
        )
        summary = ", ".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(f"Gegenereerd in {options['directory']}: {summary}.")
