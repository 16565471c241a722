"""The delivery format of signal sources (docs/signals-delivery.md): reading and checking a file.

Pure functions, no database: ``parse_delivery`` turns the bytes of an uploaded CSV file into
checked rows, each with its clean values (as text) and its problems (column and Dutch message).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plek.core.csvfile import CsvFileError, CsvRecord, read_csv
from plek.core.text import is_digits
from plek.people.bsn import is_valid_bsn
from plek.signals.models import DELIVERABLE_SOURCES, Source

COLUMNS = (
    "reference",
    "bsn",
    "initials",
    "family_name",
    "birth_date",
    "postcode",
    "house_number",
    "house_number_addition",
    "kind",
    "amount",
    "arrear_since",
    "eviction_date",
    "crisis",
)
REQUIRED_COLUMNS = ("reference", "family_name", "postcode", "house_number", "kind")
ARREAR_KINDS = frozenset(str(kind) for kind in DELIVERABLE_SOURCES if kind != Source.ONTRUIMING)
MAX_ROWS = 100_000
MAX_AMOUNT = Decimal("99999999.99")
POSTCODE = re.compile(r"^([1-9][0-9]{3})\s?([A-Za-z]{2})$")
DATE_DMY = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# Control characters (NUL above all: PostgreSQL refuses it in text and JSON) are never data.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A cell a spreadsheet would run as a formula when the report or an export is opened.
FORMULA_START = ("=", "+", "@")
TEXT_COLUMNS = ("reference", "initials", "family_name", "house_number_addition")


@dataclass
class ParsedRow:
    row_number: int
    data: dict[str, str] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append({"column": column, "message": message})

    @property
    def reference(self) -> str:
        return self.data.get("reference", "")


@dataclass
class ParsedFile:
    file_hash: str
    rows: list[ParsedRow]
    file_error: str = ""


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def parse_delivery(content: bytes, today: datetime.date, bsn_allowed: bool) -> ParsedFile:
    """Check every row; a problem with the file itself gives ``file_error`` and no rows."""
    digest = file_hash(content)
    try:
        table = read_csv(content, delimiters=",;", fold_header=True)
    except CsvFileError as error:
        return ParsedFile(digest, [], f"{capfirst(str(error))}.")
    if any(CONTROL.search(name) for name in table.header):
        # A control character would make a column name that no check knows, and end up in
        # the row problems as a name nobody can read.
        return ParsedFile(
            digest,
            [],
            _(
                "Rij 1: een kolomnaam in de kopregel bevat een stuurteken (zoals NUL); "
                "verwijder het."
            ),
        )
    missing = [name for name in REQUIRED_COLUMNS if name not in table.header]
    if missing:
        return ParsedFile(
            digest,
            [],
            _("Rij 1: de kolom(men) %(columns)s ontbreken in de kopregel.")
            % {"columns": ", ".join(missing)},
        )
    rows: list[ParsedRow] = []
    first_row_of: dict[str, int] = {}
    last_row = [1]
    try:
        records = list(_bounded(table.records, last_row))
    except csv.Error:
        # Python's csv module refuses a cell over its field limit (128 KiB) or broken quoting.
        return ParsedFile(
            digest,
            [],
            _("Rij %(row)d: een cel is te groot of de aanhalingstekens kloppen niet.")
            % {"row": last_row[0] + 1},
        )
    except _TooManyRows:
        return ParsedFile(
            digest, [], _("Het bestand heeft meer dan %(max)d rijen.") % {"max": MAX_ROWS}
        )
    for record in records:
        row = check_row(record.number, _values(table.header, record), today, bsn_allowed)
        reference = row.reference
        if reference:
            if reference in first_row_of:
                row.error(
                    "reference",
                    _("referentie: deze referentie staat ook al in rij %(row)d.")
                    % {"row": first_row_of[reference]},
                )
            else:
                first_row_of[reference] = record.number
        rows.append(row)
    return ParsedFile(digest, rows)


class _TooManyRows(Exception):
    pass


def _bounded(records: Iterator[CsvRecord], last_row: list[int]) -> Iterator[CsvRecord]:
    """The records, at most MAX_ROWS; ``last_row`` keeps the number of the last one read, so a
    cell the csv module refuses can be placed (the row after it)."""
    for count, record in enumerate(records, start=1):
        if count > MAX_ROWS:
            raise _TooManyRows
        last_row[0] = record.number
        yield record


def _values(header: list[str], record: CsvRecord) -> dict[str, str]:
    """The record's cells of the known columns, stripped; empty when every such cell is (a
    "rij is leeg"). Unknown columns are ignored, also a NUL or a formula in them: they are
    neither checked nor stored, and a problem on them would name a column nobody asked for."""
    values = {
        name: cell.strip()
        for name, cell in zip(header, record.cells, strict=False)
        if name in COLUMNS
    }
    return values if any(values.values()) else {}


def _date(row: ParsedRow, raw: dict[str, str], column: str, label: str) -> datetime.date | None:
    value = raw.get(column, "")
    if not value:
        return None
    day: datetime.date | None = None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        match = DATE_DMY.match(value)
        if match:
            try:
                day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                day = None
    if day is None:
        row.error(
            column,
            _("%(label)s: '%(value)s' is geen datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ.")
            % {"label": label, "value": value[:20]},
        )
        return None
    row.data[column] = day.isoformat()
    return day


def _without_unsafe_cells(row: ParsedRow, raw: dict[str, str]) -> dict[str, str]:
    """Report and drop cells with control characters, and text cells that start a formula."""
    safe = {}
    for column, value in raw.items():
        if CONTROL.search(value):
            row.error(
                column,
                _("%(column)s: bevat een stuurteken (zoals NUL) dat geen tekst is; verwijder het.")
                % {"column": column},
            )
        elif column in TEXT_COLUMNS and value.startswith(FORMULA_START):
            row.error(
                column,
                _("%(column)s: begint met '%(sign)s'; een formule is geen gegeven.")
                % {"column": column, "sign": value[0]},
            )
        else:
            safe[column] = value
    return safe


def check_row(
    number: int, raw: dict[str, str], today: datetime.date, bsn_allowed: bool
) -> ParsedRow:
    row = ParsedRow(number)
    if not raw:
        row.error("reference", _("rij is leeg."))
        return row
    raw = _without_unsafe_cells(row, raw)

    reference = raw.get("reference", "")
    if not reference:
        row.error("reference", _("referentie: vul uw eigen kenmerk van dit signaal in."))
    elif len(reference) > 64:
        row.error("reference", _("referentie: maximaal 64 tekens."))
    else:
        row.data["reference"] = reference

    bsn = raw.get("bsn", "")
    if bsn:
        if not bsn_allowed:
            row.error("bsn", _("bsn: uw organisatie mag geen BSN aanleveren; laat de kolom leeg."))
        elif not is_valid_bsn(bsn):
            row.error("bsn", _("bsn: geen geldig BSN (9 cijfers die de elfproef doorstaan)."))
        else:
            row.data["bsn"] = bsn

    initials = raw.get("initials", "")
    if len(initials) > 20:
        row.error("initials", _("voorletters: maximaal 20 tekens."))
    elif initials:
        row.data["initials"] = initials
    family_name = raw.get("family_name", "")
    if not family_name:
        row.error("family_name", _("achternaam: vul de achternaam in."))
    elif len(family_name) > 200:
        row.error("family_name", _("achternaam: maximaal 200 tekens."))
    else:
        row.data["family_name"] = family_name

    birth_date = _date(row, raw, "birth_date", _("geboortedatum"))
    if birth_date is not None and birth_date > today:
        row.error("birth_date", _("geboortedatum: ligt in de toekomst."))

    postcode = raw.get("postcode", "")
    match = POSTCODE.match(postcode)
    if not postcode:
        row.error("postcode", _("postcode: vul de postcode in."))
    elif not match:
        row.error(
            "postcode",
            _("postcode: '%(value)s' is geen postcode zoals 3311 AB.") % {"value": postcode[:10]},
        )
    else:
        row.data["postcode"] = f"{match[1]}{match[2].upper()}"

    house_number = raw.get("house_number", "")
    if not house_number:
        row.error("house_number", _("huisnummer: vul het huisnummer in."))
    elif not is_digits(house_number) or not 0 < int(house_number) <= 99999:
        row.error("house_number", _("huisnummer: gebruik alleen cijfers (1 tot 99999)."))
    else:
        row.data["house_number"] = str(int(house_number))
    addition = raw.get("house_number_addition", "")
    if len(addition) > 10:
        row.error("house_number_addition", _("toevoeging: maximaal 10 tekens."))
    elif addition:
        row.data["house_number_addition"] = addition

    kind = raw.get("kind", "").lower()
    if not kind:
        row.error("kind", _("soort: vul de soort signaal in."))
    elif kind not in {str(code) for code in DELIVERABLE_SOURCES}:
        row.error(
            "kind",
            _("soort: '%(value)s' is onbekend; gebruik %(codes)s.")
            % {"value": kind[:30], "codes": ", ".join(str(c) for c in DELIVERABLE_SOURCES)},
        )
    else:
        row.data["kind"] = kind

    amount = raw.get("amount", "").replace(",", ".")
    if amount:
        try:
            value = Decimal(amount)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            row.error(
                "amount",
                _("bedrag: '%(value)s' is geen bedrag zoals 1234,56.") % {"value": amount[:20]},
            )
        elif value < 0 or value > MAX_AMOUNT:
            row.error("amount", _("bedrag: moet tussen 0 en 99.999.999,99 liggen."))
        elif value.as_tuple().exponent < -2:  # type: ignore[operator]
            row.error("amount", _("bedrag: hoogstens twee cijfers achter de komma."))
        else:
            row.data["amount"] = f"{value:.2f}"
    elif kind in ARREAR_KINDS:
        row.error("amount", _("bedrag: vul het bedrag van de achterstand in."))

    since = _date(row, raw, "arrear_since", _("achterstand sinds"))
    if since is not None and since > today:
        row.error("arrear_since", _("achterstand sinds: ligt in de toekomst."))
    eviction = _date(row, raw, "eviction_date", _("ontruimingsdatum"))
    if (
        eviction is None
        and kind == Source.ONTRUIMING
        and "eviction_date" not in {e["column"] for e in row.errors}
    ):
        row.error("eviction_date", _("ontruimingsdatum: verplicht bij soort ontruiming."))

    crisis = raw.get("crisis", "").lower()
    if crisis in ("", "nee", "n"):
        row.data["crisis"] = "nee"
    elif crisis in ("ja", "j"):
        row.data["crisis"] = "ja"
    else:
        row.error("crisis", _("crisis: vul ja of nee in."))
    return row
