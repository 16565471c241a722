"""Spreadsheet formula neutralisation (CSV injection), lossless for plek-csv.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
spreadsheet programs that open a CSV file. Exports therefore write such a text with one leading
apostrophe (which spreadsheets hide), and the importer removes it again. A text that already
starts with apostrophes followed by such a character gets one more, so the escape reverses
exactly; any other text (such as 's-Hertogenbosch) is left as it is.

In XLSX files a text is only a formula if the writer makes it one: `plain_text_cells` turns every
cell that openpyxl took for a formula back into text.
"""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _needs_escape(value: str) -> bool:
    stripped = value.lstrip("'")
    return stripped[:1] in TRIGGERS and stripped != ""


def escape(value: str) -> str:
    """The text as written to a CSV cell."""
    return "'" + value if _needs_escape(value) else value


def unescape(value: str) -> str:
    """The text as read from a CSV cell written by `escape`."""
    if value[:1] != "'":  # nearly every cell: nothing to undo
        return value
    if _needs_escape(value[1:]):
        return value[1:]
    return value


def plain_text_cells(workbook: Any) -> None:
    """Make every cell of an openpyxl workbook that would be a formula a plain text cell."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
