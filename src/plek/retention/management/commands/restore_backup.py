"""`plek restore-backup DIR --database-url URL`: restore a backup into a new, empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.retention.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Zet een backup van plek backup terug in een nieuwe, lege database."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="de map plek-backup-…")
        parser.add_argument("--database-url", required=True, help="de nieuwe, lege database")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore_backup(options["directory"], options["database_url"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "Teruggezet. Controleer nu met DATABASE_URL=… plek verify-log --no-anchor "
            f"(ijkpunten: {options['directory'] / 'log-anchors'})."
        )
