"""`plek verify-log`: check the processing log's MAC chains against the key and the latest
checkpoint (see plek.access.chain), then anchor the verified state."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.access import chain


class Command(BaseCommand):
    help = (
        "Controleert het verwerkingenlog tegen de sleutel en het laatste ijkpunt; meldt elke "
        "afwijking en schrijft daarna een nieuw ijkpunt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--heads",
            action="store_true",
            help="Toon ook de kop van elke keten (volgnummer en MAC).",
        )
        parser.add_argument(
            "--no-anchor",
            action="store_true",
            help="Schrijf na een geslaagde controle geen nieuw ijkpunt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.LOG_KEY == settings.DEMO_LOG_KEY and not settings.DEMO_MODE:
            self.stderr.write("Let op: PLEK_LOG_KEY is niet gezet; de demosleutel wordt gebruikt.")
        result = chain.verify()
        if options["heads"]:
            for line in chain.describe_heads():
                self.stdout.write(line)
        if not result.intact:
            for problem in result.problems:
                self.stderr.write(problem)
            count = len(result.problems)
            raise CommandError(
                f"Verwerkingenlog NIET intact: {count} {'probleem' if count == 1 else 'problemen'}"
                f" bij {result.checked} gecontroleerde regels.",
                returncode=1,
            )
        against = (
            f" (vergeleken met ijkpunt van {result.checkpoint.label})"
            if result.checkpoint
            else " (nog geen ijkpunt)"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Verwerkingenlog intact: {result.checked} regels gecontroleerd{against}"
            )
        )
        if not options["no_anchor"]:
            try:
                checkpoint = chain.anchor()
            except (chain.AnchorRefused, chain.CheckpointError) as exc:
                # Rows written between the check and the anchor could differ only by tampering.
                raise CommandError(f"Geen ijkpunt geschreven: {exc}", returncode=1) from exc
            self.stdout.write(f"IJkpunt geschreven: {checkpoint.path}")
