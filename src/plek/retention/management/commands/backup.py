"""`plek backup DIR`: a pg_dump of the database plus the processing log's checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.retention.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Maak een backup (pg_dump, custom format) met de ijkpunten van het verwerkingenlog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="map waarin de backup komt")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup = make_backup(options["directory"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup: {backup.dump} en {backup.checkpoints} ijkpunten.")
