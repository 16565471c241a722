"""`plek anchor-log`: write a signed checkpoint of the processing log outside the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from plek.access import chain


class Command(BaseCommand):
    help = (
        "Schrijft een ondertekend ijkpunt van het verwerkingenlog (lengte en laatste MAC van "
        "elke keten, tijdstip) naar PLEK_LOG_ANCHOR_DIR."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = chain.anchor()
        except chain.AnchorRefused as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(
                "Geen ijkpunt geschreven: het verwerkingenlog wijkt af. Draai plek verify-log.",
                returncode=1,
            ) from exc
        except chain.CheckpointError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"IJkpunt geschreven: {checkpoint.path} ({checkpoint.rows} regels in "
                f"{len(checkpoint.chains)} ketens)"
            )
        )
