"""A report as plain parts (sections with paragraphs, tables and charts), and its renderings:
HTML in the browser, PDF by WeasyPrint (charts as SVG from vl-convert), XLSX by openpyxl.

Every table holds text that has already passed the monitor's publication rules; the document
never sees an exact small number.
"""

from __future__ import annotations

import base64
import io
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.template import Context as TemplateContext
from django.template import Engine
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from plek.monitor.report import charts

TEMPLATES = Path(__file__).parent / "templates" / "programs" / "pdf"
ENGINE = Engine(dirs=[str(TEMPLATES)], libraries={"i18n": "django.templatetags.i18n"})
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class Chart:
    spec: dict[str, Any]
    alt: str
    svg: str = ""

    def rendered(self) -> str:
        if not self.svg:
            self.svg = charts.render(self.spec)
        return self.svg


@dataclass
class DocTable:
    caption: str
    columns: list[str]
    rows: list[list[str | int | Decimal]]
    chart: Chart | None = None
    note: str = ""
    # Rows to emphasise (what changed since the previous moment), by index.
    marked: set[int] = field(default_factory=set)


@dataclass
class DocSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[DocTable] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[DocSection]
    generated: str = ""


def cell_text(value: str | int | Decimal) -> str:
    return str(value)


# -- PDF ----------------------------------------------------------------------------------------


def _chart_src(chart: Chart) -> str:
    encoded = base64.b64encode(chart.rendered().encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"


def render_pdf_html(document: Document) -> str:
    sections = [
        {
            "title": section.title,
            "paragraphs": section.paragraphs,
            "tables": [
                {
                    "caption": table.caption,
                    "columns": table.columns,
                    "rows": [
                        {"cells": [cell_text(cell) for cell in row], "marked": n in table.marked}
                        for n, row in enumerate(table.rows)
                    ],
                    "note": table.note,
                    "chart": {"src": _chart_src(table.chart), "alt": table.chart.alt}
                    if table.chart
                    else None,
                }
                for table in section.tables
            ],
        }
        for section in document.sections
    ]
    context = {"document": document, "sections": sections}
    return ENGINE.get_template("document.html").render(TemplateContext(context))


def pdf_bytes(document: Document) -> bytes:
    logger = logging.getLogger("weasyprint.progress")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher

        fetcher = URLFetcher(allowed_protocols={"data"})
        html = HTML(string=render_pdf_html(document), url_fetcher=fetcher)
        css = CSS(string=(TEMPLATES / "document.css").read_text("utf-8"), url_fetcher=fetcher)
        return bytes(html.write_pdf(stylesheets=[css], pdf_tags=True))
    finally:
        logger.setLevel(level)


# -- XLSX ---------------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="154273")
TITLE_FONT = Font(bold=True, size=14, color="154273")


def safe(value: Any) -> Any:
    """Text a spreadsheet would read as a formula gets an apostrophe in front (injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe(value: Any) -> Any:
    """The inverse of `safe` for imports: one apostrophe before a formula-like start goes."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()[:28] or "Blad"
    name, n = cleaned, 2
    while name in used:
        name = f"{cleaned[:25]} {n}"
        n += 1
    used.add(name)
    return name


def xlsx_bytes(document: Document) -> bytes:
    book = Workbook()
    used: set[str] = set()
    first = True
    for section in document.sections:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = _sheet_title(section.title, used)
        sheet["A1"] = safe(document.title)
        sheet["A1"].font = TITLE_FONT
        sheet["A2"] = safe(section.title)
        sheet["A2"].font = Font(bold=True)
        row = 3
        for paragraph in section.paragraphs:
            sheet.cell(row=row, column=1, value=safe(paragraph))
            row += 1
        for table in section.tables:
            row += 1
            sheet.cell(row=row, column=1, value=safe(table.caption)).font = Font(bold=True)
            row += 1
            for column, title in enumerate(table.columns, start=1):
                cell = sheet.cell(row=row, column=column, value=safe(title))
                cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            for values in table.rows:
                row += 1
                for column, value in enumerate(values, start=1):
                    cell = sheet.cell(row=row, column=column, value=safe(value))
                    cell.alignment = Alignment(
                        wrap_text=isinstance(value, str) and len(value) > 40, vertical="top"
                    )
            if table.note:
                row += 1
                sheet.cell(row=row, column=1, value=safe(table.note))
            row += 1
        sheet.column_dimensions["A"].width = 36
        for letter in "BCDEFG":
            sheet.column_dimensions[letter].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
