"""Reading a CSV file, the one way plek does it: plek-csv imports and signal deliveries.

``read_csv`` decodes the bytes (UTF-8, with or without a byte-order mark), picks the delimiter
from the header line among those the format allows, and yields the records with their row
number in the file (the header is row 1). A blank line is skipped but keeps its number, so every
problem a caller reports names the row a person sees in a spreadsheet. What the columns mean and
how a cell is checked stays with the format (``plek.exchange.reader``, ``plek.signals.delivery``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _


class CsvFileError(ValueError):
    """The file as a whole cannot be read; ``str(error)`` is a Dutch message for the user."""


@dataclass(frozen=True)
class CsvRecord:
    number: int  # the row in the file; the header is row 1
    cells: list[str]


@dataclass
class CsvTable:
    header: list[str]
    delimiter: str
    records: Iterator[CsvRecord]


def decode(content: bytes) -> str:
    """The text of a UTF-8 file; a byte-order mark (as Excel writes) is dropped."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            _("het bestand is geen UTF-8-tekst (byte %(byte)d); sla het op als CSV UTF-8")
            % {"byte": error.start}
        ) from None


def sniff_delimiter(header_line: str, delimiters: str) -> str:
    """The allowed delimiter that occurs most in the header line (the first on a tie)."""
    return max(delimiters, key=header_line.count)


def read_csv(content: bytes, delimiters: str = ",", fold_header: bool = False) -> CsvTable:
    """The header and the records of a CSV file; ``CsvFileError`` when it cannot be read.

    ``delimiters`` are the ones the format allows ("," for plek-csv; ",;" where spreadsheets
    in Dutch settings write semicolons). ``fold_header`` strips and lower-cases the column
    names. Cells are returned as written; a record may have more or fewer cells than the header.
    """
    lines = decode(content).splitlines(keepends=True)
    if not lines or not lines[0].strip():
        raise CsvFileError(_("het bestand is leeg: de kopregel ontbreekt"))
    delimiter = sniff_delimiter(lines[0], delimiters)
    reader = csv.reader(lines, delimiter=delimiter)
    header = next(reader)
    if fold_header:
        header = [name.strip().lower() for name in header]
    return CsvTable(header, delimiter, _records(reader))


def _records(reader: Iterator[list[str]]) -> Iterator[CsvRecord]:
    for number, cells in enumerate(reader, start=2):
        if cells:  # a blank line carries no record, but it keeps its row number
            yield CsvRecord(number, cells)
