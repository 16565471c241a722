"""The programme as a spreadsheet (XLSX): writing it and reading it back."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from plek.programs.document import safe, unsafe
from plek.programs.interchange.common import (
    DATE_COLUMNS,
    LIST_SEPARATOR,
    NUMBER_COLUMNS,
    PROGRAMME_FIELDS,
    SHEETS,
    ImportFailed,
    Problem,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="154273")


def _xlsx_value(column: str, value: Any) -> Any:
    if isinstance(value, list):
        return safe(LIST_SEPARATOR.join(value))
    if column in NUMBER_COLUMNS and value != "":
        return (
            float(Decimal(value))
            if Decimal(value) != Decimal(value).to_integral_value()
            else int(Decimal(value))
        )
    if column in DATE_COLUMNS and value:
        return datetime.date.fromisoformat(value)
    return safe(value)


def to_xlsx(data: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "programma"
    for column, title in enumerate(("veld", "waarde"), start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, name in enumerate(PROGRAMME_FIELDS, start=2):
        sheet.cell(row=row, column=1, value=name)
        sheet.cell(row=row, column=2, value=_xlsx_value(name, data["programma"][name]))
    sheet.column_dimensions["B"].width = 60
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        for column, title in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=column, value=title)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            sheet.column_dimensions[cell.column_letter].width = 24
        for row, record in enumerate(data[name], start=2):
            for column, title in enumerate(columns, start=1):
                sheet.cell(row=row, column=column, value=_xlsx_value(title, record[title]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> Any:
    """A spreadsheet cell as the text or number the checks expect."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return unsafe(value) if isinstance(value, str) else value


# A programme has tens of actions, not thousands: a sheet beyond this is a mistake or an attack
# (a workbook may declare a million rows in a few kilobytes).
MAX_SHEET_ROWS = 5_000


def _bounded_rows(sheet: Any, name: str) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for values in sheet.iter_rows(values_only=True):
        if len(rows) > MAX_SHEET_ROWS:
            raise ImportFailed(
                [
                    Problem(
                        name,
                        MAX_SHEET_ROWS + 1,
                        "-",
                        _("Het blad heeft meer dan %(max)d rijen.") % {"max": MAX_SHEET_ROWS},
                    )
                ]
            )
        rows.append(values)
    return rows


def from_xlsx(content: bytes) -> dict[str, Any]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed(
            [Problem(_("bestand"), 0, "-", _("Dit is geen leesbaar xlsx-bestand."))]
        ) from error
    data: dict[str, Any] = {}
    if "programma" not in book.sheetnames:
        raise ImportFailed([Problem("programma", 0, "-", _("Het blad 'programma' ontbreekt."))])
    fields: dict[str, Any] = {}
    for row in book["programma"].iter_rows(min_row=2, values_only=True):
        if row and row[0]:
            fields[str(row[0]).strip()] = _cell_text(row[1] if len(row) > 1 else None)
    data["programma"] = fields
    for name in SHEETS:
        if name not in book.sheetnames:
            data[name] = []
            continue
        rows = _bounded_rows(book[name], name)
        header = [str(cell).strip() if cell is not None else "" for cell in rows[0]] if rows else []
        records: list[dict[str, Any] | None] = []
        for values in rows[1:]:
            if values is None or all(value in (None, "") for value in values):
                records.append(None)  # an empty row keeps its number, and is skipped
                continue
            records.append(
                {
                    title: _cell_text(value)
                    for title, value in zip(header, values, strict=False)
                    if title
                }
            )
        while records and records[-1] is None:
            records.pop()
        data[name] = records
    return data
