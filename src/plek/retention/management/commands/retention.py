"""`plek retention run [--dry-run]`: apply the retention periods now (celery beat does it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.core.retention import kinds
from plek.retention import services


class Command(BaseCommand):
    help = "Bewaartermijnen toepassen: verlopen gegevens verwijderen of anonimiseren."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["run"], help="run: nu toepassen")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="alleen tellen wat er zou gebeuren, niets wijzigen",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        outcome = services.run(dry_run=dry_run)
        done = {"verwijderen": "verwijderd", "anonimiseren": "geanonimiseerd"}
        years = services.period_years()
        for kind in kinds():
            result = outcome.kinds[kind.code]
            self.stdout.write(
                f"{kind.code} ({years[kind.code]} jaar): {result.expired} verlopen, "
                f"{result.done} {'zouden worden ' if dry_run else ''}{done[kind.action]}, "
                f"{result.held} nog vastgehouden"
            )
        pruned = outcome.log.rows if outcome.log else 0
        self.stdout.write(
            f"verwerkingenlog: {pruned} regels {'zouden worden ' if dry_run else ''}opgeruimd"
        )
        self.stdout.write(f"monitor: {outcome.run.sealed_periods} perioden vastgezet")
        if outcome.log_problems:
            for problem in outcome.log_problems:
                self.stderr.write(problem)
            raise CommandError("Het verwerkingenlog klopt niet; er is niets uit het log opgeruimd.")
