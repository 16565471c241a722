"""`plek verify-log`: check the processing log's hash chains (see plek.access.chain)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.access import chain
from plek.access.models import LogChain


class Command(BaseCommand):
    help = "Controleert de hashketens van het verwerkingenlog; meldt elke afwijkende regel."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--heads",
            action="store_true",
            help="Toon ook de kop van elke keten (volgnummer en hash), om elders te bewaren.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = chain.verify()
        if options["heads"]:
            for head in LogChain.objects.order_by("chain"):
                self.stdout.write(f"keten {head.chain}: {head.last_sequence} {head.last_hash}")
        if not result.intact:
            for problem in result.problems:
                self.stderr.write(problem)
            count = len(result.problems)
            raise CommandError(
                f"Verwerkingenlog NIET intact: {count} {'probleem' if count == 1 else 'problemen'}"
                f" bij {result.checked} gecontroleerde regels.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Verwerkingenlog intact: {result.checked} regels gecontroleerd")
        )
