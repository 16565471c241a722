"""`plek demo`: migrate the embedded database, load the demo region, show the logins, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from plek.demo.chain import load_demo_chain
from plek.demo.region import DemoLogin, load_demo_region

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "Database bijwerken, demoregio laden, demogebruikers tonen en plek starten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Alleen database en demodata bijwerken; de server niet starten.",
        )
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=f"Adres en poort van de server (standaard {DEFAULT_ADDRPORT}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            # The demo users' passwords are printed and public: never create them elsewhere.
            raise CommandError(
                "De demo draait alleen met PLEK_DEMO_MODE=1 (`plek demo` zet dat zelf)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo_region()
        rows = load_demo_chain(timezone.localdate())
        if rows:
            self.stdout.write(
                f"Demoketen geladen: {rows} rijen (personen, verblijven, signalen, ...)."
            )
        self._print_logins(logins)
        if options["no_serve"]:
            return
        # whitenoise warns at start-up when the collectstatic target is missing; the demo
        # serves static files straight from the finders, so an empty directory is enough.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"\nplek draait op http://{options['addrport']}/ (stoppen: Ctrl+C)\n")
        # No autoreloader: it would run this command (and the loader) a second time.
        call_command("runserver", options["addrport"], use_reloader=False)

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        header = ("gebruikersnaam", "wachtwoord", "rol", "organisatie / team")
        rows = [
            (
                login.username,
                login.password,
                login.role_label,
                f"{login.organisation} / {login.team}" if login.team else login.organisation,
            )
            for login in logins
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
        self.stdout.write(self.style.SUCCESS("Demoregio geladen. Demogebruikers:"))
        for row in [header, *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
        self.stdout.write(
            "Demogebruikers mogen in de demomodus (en alleen daar) de tweede factor overslaan."
        )
