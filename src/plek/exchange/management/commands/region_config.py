"""`plek region-config export FILE` / `plek region-config import FILE`: the region's
configuration (facilities, units, capacity, response norms, postal terms, money) as YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.exchange.region_config import RegionConfigError, export_yaml, import_config


class Command(BaseCommand):
    help = "De configuratie van de regio exporteren naar of importeren uit een YAML-bestand."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", help="YAML-bestand; '-' is standaarduitvoer bij export")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        if options["action"] == "export":
            text = export_yaml()
            if path == "-":
                self.stdout.write(text, ending="")
            else:
                Path(path).write_text(text, encoding="utf-8")
                self.stdout.write(f"Geschreven: {path}")
            return
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: niet te lezen als UTF-8-tekst ({exc}).") from exc
        try:
            plan = import_config(text, actor=None)
        except RegionConfigError as exc:
            raise CommandError(
                "Niets ingelezen; het bestand heeft fouten:\n"
                + "\n".join(f"- {message}" for message in exc.messages)
            ) from exc
        counts = ", ".join(f"{count} {name}" for name, count in plan.summary.items())
        self.stdout.write(f"Ingelezen: {counts}.")
