"""`plek verdeelmodel`: configure the allocation model and compute the budgets of a year.

    plek verdeelmodel NAAM --eerste-jaar 2024 --afbouwjaren 5 \\
        --aandelen aandelen.csv --totaal 2025=24000000.00 --jaar 2025

`aandelen.csv` has the columns `municipality,historical,objective` (CBS code, fractions with at
most six decimals; each column adds up to 1). Everything is checked first and written in one
transaction, or nothing is.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from plek.accounts.models import Municipality
from plek.finance import services
from plek.finance.models import AllocationModel, MunicipalityShare, RegionalTotal


def _fraction(text: str, where: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"{where}: '{text}' is geen getal") from None
    if not 0 <= value <= 1 or value.as_tuple().exponent < -6:  # type: ignore[operator]
        raise CommandError(
            f"{where}: '{text}' is geen aandeel tussen 0 en 1 (hoogstens 6 decimalen)"
        )
    return value


class Command(BaseCommand):
    help = "Leg het verdeelmodel vast (afbouw, aandelen, regionale budgetten) en bereken budgetten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="naam van het verdeelmodel")
        parser.add_argument("--eerste-jaar", type=int, dest="first_year")
        parser.add_argument("--afbouwjaren", type=int, dest="phase_out_years")
        parser.add_argument("--aandelen", type=Path, dest="shares", help="CSV met de aandelen")
        parser.add_argument(
            "--totaal", action="append", default=[], dest="totals", help="JAAR=BEDRAG"
        )
        parser.add_argument("--jaar", type=int, action="append", default=[], dest="years")

    def handle(self, *args: Any, **options: Any) -> None:
        shares = self._read_shares(options["shares"]) if options["shares"] else None
        totals = self._parse_totals(options["totals"])
        with transaction.atomic():
            model = self._model(options)
            if shares is not None:
                MunicipalityShare.objects.filter(model=model).delete()
                MunicipalityShare.objects.bulk_create(
                    MunicipalityShare(model=model, municipality=m, historical=h, objective=o)
                    for m, h, o in shares
                )
            for year, amount in totals.items():
                RegionalTotal.objects.update_or_create(
                    model=model, year=year, defaults={"amount": amount}
                )
            try:
                for year in options["years"]:
                    budgets = services.apply_allocation(None, model.pk, year)
                    self.stdout.write(f"{year}: {len(budgets)} budgetten berekend")
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None

    def _model(self, options: dict[str, Any]) -> AllocationModel:
        model = AllocationModel.objects.filter(name=options["name"]).first()
        first, years = options["first_year"], options["phase_out_years"]
        if model is None:
            if first is None or years is None:
                raise CommandError("Nieuw verdeelmodel: geef --eerste-jaar en --afbouwjaren op.")
            model = AllocationModel(name=options["name"])
        if first is not None:
            model.first_year = first
        if years is not None:
            if years < 1:
                raise CommandError("--afbouwjaren: minstens 1 jaar.")
            model.phase_out_years = years
        model.save()
        return model

    def _read_shares(self, path: Path) -> list[tuple[Municipality, Decimal, Decimal]]:
        if not path.is_file():
            raise CommandError(f"{path}: dit bestand bestaat niet")
        places = {m.code: m for m in Municipality.objects.all()}
        rows = []
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"municipality", "historical", "objective"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{path.name}:1: kolom ontbreekt: {', '.join(sorted(missing))}")
            for number, row in enumerate(reader, start=2):
                where = f"{path.name}:{number}"
                place = places.get(row["municipality"])
                if place is None:
                    raise CommandError(f"{where}:municipality: '{row['municipality']}' is onbekend")
                rows.append(
                    (
                        place,
                        _fraction(row["historical"], f"{where}:historical"),
                        _fraction(row["objective"], f"{where}:objective"),
                    )
                )
        return rows

    def _parse_totals(self, totals: list[str]) -> dict[int, Decimal]:
        parsed = {}
        for text in totals:
            year, _, amount = text.partition("=")
            try:
                parsed[int(year)] = Decimal(amount)
            except (ValueError, InvalidOperation):
                raise CommandError(f"--totaal: '{text}' is niet JAAR=BEDRAG") from None
            if parsed[int(year)] < 0:
                raise CommandError(f"--totaal: '{text}' is negatief")
        return parsed
