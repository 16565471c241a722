"""The monitor's figures as the JSON of docs/monitor.md, as CSV and as a spreadsheet.

These are the raw figures for analysts: no small-number suppression here. Whatever is published
for a wider audience goes through `plek.monitor.report`, which suppresses.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from plek.exchange.formulas import escape, plain_text_cells

CSV_HEADER = ("figure", "key", "value")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Already rounded to at most 4 places: float's shortest repr gives back the same digits.
        return float(value)
    raise TypeError(f"{type(value).__name__} kan niet naar JSON")


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, default=_plain, ensure_ascii=False, indent=2)


def flat_rows(result: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(figure, key path, value) for every value but the period, keys joined with dots."""

    def walk(figure: str, prefix: str, value: Any) -> Iterator[tuple[str, str, Any]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from walk(figure, f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            yield figure, prefix, value

    for figure, values in result.items():
        if figure != "period":
            yield from walk(figure, "", values)


def to_csv(result: dict[str, Any]) -> str:
    """figure, key, value rows; an empty value where the contract has `null`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(
        (figure, escape(key), value if not isinstance(value, str) else escape(value))
        for figure, key, value in flat_rows(result)
    )
    return buffer.getvalue()


def _period_rows(period: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("from", period["from"]),
        ("to", period["to"]),
        ("as_of", period["as_of"]),
        ("municipality", period["municipality"] or ""),
    ]


def write_xlsx(result: dict[str, Any], path: Path) -> None:
    """A workbook with the sheet `figures` (figure, key, value) and the sheet `period`.

    Values stay numbers (Decimal → float, exact at ≤ 4 places) so a spreadsheet can compute with
    them; a `null` of the contract is an empty cell, as in the CSV.
    """
    # Imported here: openpyxl is not needed to start the command line.
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "figures"
    sheet.append(CSV_HEADER)
    for figure, key, value in flat_rows(result):
        sheet.append((figure, key, float(value) if isinstance(value, Decimal) else value))
    period = workbook.create_sheet("period")
    period.append(("field", "value"))
    for row in _period_rows(result["period"]):
        period.append(row)
    for header in (sheet[1], period[1]):
        for cell in header:
            cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 36
    plain_text_cells(workbook)
    workbook.save(path)
