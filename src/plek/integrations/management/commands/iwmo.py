"""`plek iwmo toewijzen | export DIR | import FILE… | agb KENMERK CODE`: the broker's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plek.accounts.models import Organisation
from plek.integrations.iwmo import services
from plek.integrations.iwmo.messages import MessageError


class Command(BaseCommand):
    help = "iWmo-berichten: toewijzingen aanmaken, klaarstaande exporteren, berichten inlezen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("toewijzen", help="WMO301 klaarzetten voor nieuwe indicaties")
        export = sub.add_parser("export", help="klaarstaande berichten naar een map schrijven")
        export.add_argument("map", type=Path)
        read = sub.add_parser("import", help="WMO302, WMO305 of WMO307 inlezen")
        read.add_argument("bestanden", type=Path, nargs="+")
        agb = sub.add_parser("agb", help="de AGB-code van een aanbieder vastleggen")
        agb.add_argument("kenmerk")
        agb.add_argument("code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (MessageError, ValidationError) as exc:
            raise CommandError(
                str(exc.messages if isinstance(exc, ValidationError) else exc)
            ) from exc

    def _toewijzen(self, options: dict[str, Any]) -> None:
        made = services.allocate(None)
        self.stdout.write(f"{len(made)} toewijzingsbericht(en) klaargezet.")

    def _export(self, options: dict[str, Any]) -> None:
        for path in services.export_pending(None, options["map"]):
            self.stdout.write(str(path))

    def _import(self, options: dict[str, Any]) -> None:
        for path in options["bestanden"]:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise MessageError(f"{path}: niet te lezen als UTF-8-tekst.") from exc
            incoming = services.import_message(None, path.name, text)
            codes = ", ".join(incoming.return_codes) or "geen afkeuringen"
            self.stdout.write(f"{path.name}: {incoming.get_kind_display()} ingelezen ({codes}).")

    def _agb(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(external_id=options["kenmerk"]).first()
        if organisation is None:
            raise CommandError(f"kenmerk: geen organisatie {options['kenmerk']!r}.")
        services.register_provider(None, organisation.pk, options["code"])
        self.stdout.write(f"{organisation.name}: AGB-code {options['code']}.")
