"""Read a plek-csv directory into typed rows, collecting every problem, not just the first."""

from __future__ import annotations

import csv
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from plek.core.csvfile import CsvFileError, read_csv
from plek.exchange.formulas import unescape
from plek.exchange.spec import FILES, Column, FileSpec
from plek.people.bsn import is_valid_bsn

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
_COUNT = re.compile(r"^\d+$")
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
# The largest whole number a count column holds (PostgreSQL integer), and euros before the point.
MAX_COUNT = 2_147_483_647
MAX_EURO_DIGITS = 8
# After this many problems the rest are only counted: a garbage file must not give a million lines.
MAX_PROBLEMS = 1000


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class Row:
    number: int  # the line in the file; the header is row 1
    values: dict[str, Any]
    # Columns whose cell was refused; the row is kept so that others may still refer to it
    # without one bad cell raising a cascade of follow-on problems.
    bad: set[str] = field(default_factory=set)

    def key(self, spec: FileSpec) -> tuple[Any, ...]:
        return tuple(self.values[name] for name in spec.key)


@dataclass
class Bundle:
    """The parsed rows of every file present, keyed by file name (without `.csv`)."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # found beyond MAX_PROBLEMS, counted only

    def problem(self, spec: FileSpec, row: int, column: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more_problems += 1
        else:
            self.problems.append(Problem(spec.filename, row, column, message))


class CellError(ValueError):
    pass


def parse_cell(column: Column, raw: str) -> Any:
    """The typed value of one cell, None when empty; CellError with a Dutch message when bad."""
    if raw == "":
        if column.required:
            raise CellError("verplicht veld is leeg")
        return None
    if "\x00" in raw:
        raise CellError("de cel bevat een NUL-teken (\\0)")
    if column.kind in ("text", "ref"):
        raw = unescape(raw)
        if len(raw) > column.max_length:
            raise CellError(f"{len(raw)} tekens; hoogstens {column.max_length} toegestaan")
    parser = _PARSERS.get(column.kind, _text)
    return parser(column, raw)


def _text(column: Column, raw: str) -> str:
    if column.name == "code" and not _MUNICIPALITY_CODE.match(raw):
        raise CellError(f"'{raw}' is geen CBS-gemeentecode (GM gevolgd door vier cijfers)")
    return raw


def _date(column: Column, raw: str) -> datetime.date:
    try:
        if not _DATE.match(raw):
            raise ValueError
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CellError(f"'{raw}' is geen geldige datum (verwacht JJJJ-MM-DD)") from None


def _code(column: Column, raw: str) -> str:
    if raw not in column.codes:
        raise CellError(f"onbekende code '{raw}'; toegestaan: {', '.join(column.codes)}")
    return raw


def _amount(column: Column, raw: str) -> Decimal:
    if not _AMOUNT.match(raw):
        raise CellError(
            f"'{raw}' is geen bedrag in euro's (≥ 0, met een punt en hoogstens 2 decimalen)"
        )
    if len(raw.split(".")[0]) > MAX_EURO_DIGITS:
        raise CellError(f"'{raw}' is te groot (hoogstens {MAX_EURO_DIGITS} cijfers voor de punt)")
    return Decimal(raw)


def _count(column: Column, raw: str) -> int:
    if not _COUNT.match(raw):
        raise CellError(f"'{raw}' is geen geheel getal ≥ 0")
    if len(raw) > 10 or int(raw) > MAX_COUNT:
        raise CellError(f"'{raw[:20]}' is te groot (hoogstens {MAX_COUNT})")
    return int(raw)


def _bsn(column: Column, raw: str) -> str:
    if not is_valid_bsn(raw):
        raise CellError(f"'{raw}' is geen geldig BSN (9 cijfers die de elfproef doorstaan)")
    return raw


def _score(column: Column, raw: str) -> int:
    if raw not in {"1", "2", "3", "4", "5"}:
        raise CellError(f"'{raw}' is geen ZRM-score (1 tot en met 5, of leeg)")
    return int(raw)


_PARSERS = {
    "text": _text,
    "ref": lambda column, raw: raw,
    "date": _date,
    "code": _code,
    "decimal2": _amount,
    "count": _count,
    "bsn": _bsn,
    "score": _score,
}


def read_directory(directory: Path) -> Bundle:
    bundle = Bundle()
    for spec in FILES:
        path = directory / spec.filename
        if path.is_file():
            bundle.rows[spec.name] = _read_file(spec, path, bundle)
    return bundle


def _read_file(spec: FileSpec, path: Path, bundle: Bundle) -> list[Row]:
    try:
        table = read_csv(path.read_bytes())
    except CsvFileError as error:
        bundle.problem(spec, 1, "", str(error))
        return []
    if not _header_ok(spec, table.header, bundle):
        return []
    rows = []
    number = 1
    try:
        for record in table.records:
            number = record.number
            if not any(record.cells):
                continue  # a line of empty cells, such as ",,,", carries no row
            row = _parse_row(spec, table.header, record.cells, record.number, bundle)
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        # Such as a cell over csv.field_size_limit() (131,072 characters): the rest of the
        # file cannot be read reliably, so this is its last line.
        bundle.problem(spec, number + 1, "", f"onleesbare CSV-regel: {error}")
    _check_unique_keys(spec, rows, bundle)
    return rows


def _header_ok(spec: FileSpec, header: list[str], bundle: Bundle) -> bool:
    ok = True
    for name in {name for name in header if header.count(name) > 1}:
        bundle.problem(spec, 1, name, "deze kolom staat meer dan eens in de kopregel")
        ok = False
    for column in spec.columns:
        if column.required and column.name not in header:
            bundle.problem(spec, 1, column.name, "verplichte kolom ontbreekt in de kopregel")
            ok = False
    return ok


def _parse_row(
    spec: FileSpec, header: list[str], cells: list[str], number: int, bundle: Bundle
) -> Row | None:
    if len(cells) != len(header):
        bundle.problem(
            spec, number, "", f"de rij heeft {len(cells)} cellen, de kopregel {len(header)}"
        )
        return None
    raw = dict(zip(header, cells, strict=True))
    row = Row(number, {})
    for column in spec.columns:
        try:
            row.values[column.name] = parse_cell(column, raw.get(column.name, ""))
        except CellError as error:
            bundle.problem(spec, number, column.name, str(error))
            row.values[column.name] = None
            row.bad.add(column.name)
    return row


def _check_unique_keys(spec: FileSpec, rows: list[Row], bundle: Bundle) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = row.key(spec)
        if None in key:
            continue
        if key in seen:
            shown = ", ".join(str(part) for part in key)
            bundle.problem(
                spec, row.number, spec.key[-1], f"sleutel '{shown}' staat al in rij {seen[key]}"
            )
        else:
            seen[key] = row.number
