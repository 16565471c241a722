"""The council report as a spreadsheet: the same published values as the PDF, ready to reuse.

Sheets: "Rapport" (what, where, when and the suppression rules), "Cijfers" (one row per value:
figure, label, key, value, note), "Per kwartaal" (M1 and M2 per quarter) and "Toelichting" (the
definitions). A shown value is a number with a Dutch-looking number format; a suppressed one is
the text of its mark ("<5", "–", "n.v.t."), so nobody can sum a hidden value by accident.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from plek.exchange.formulas import plain_text_cells
from plek.monitor.report import texts
from plek.monitor.report.content import Report
from plek.monitor.report.formatting import long_date
from plek.monitor.report.suppression import Kind, Published

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="154273")
TITLE_FONT = Font(bold=True, size=14, color="154273")

NUMBER_FORMATS = {
    Kind.COUNT: "#,##0",
    Kind.UNIT_NIGHTS: "#,##0",
    Kind.SHARE: "0.0%",
    Kind.OCCUPANCY: "0.0%",
    Kind.STATISTIC: "0.00",
    Kind.MONEY: '"€" #,##0.00',
}


def _header(sheet: Worksheet, *titles: str) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    # By reference: asking for the cell below would create it and push the first row down.
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _put(sheet: Worksheet, row: int, column: int, cell: Published) -> None:
    """A published cell: its exact value as a number, or its mark as text."""
    target = sheet.cell(row=row, column=column)
    if cell.mark is not None or cell.value is None:
        target.value = cell.mark or ""
        target.alignment = Alignment(horizontal="right")
        return
    target.value = float(cell.value) if cell.kind is not Kind.COUNT else int(cell.value)
    target.number_format = NUMBER_FORMATS[cell.kind]


def _widths(sheet: Worksheet, *widths: int) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width


def _about(sheet: Worksheet, report: Report) -> None:
    sheet.title = _("Rapport")
    sheet.append((f"plek · {texts.REPORT_TITLE}",))
    sheet["A1"].font = TITLE_FONT
    sheet.append(())
    rows = [
        (_("Gebied"), report.area.title),
        ("", report.area.detail),
        (_("Periode"), report.period_text),
        (_("Van"), report.period.start),
        (_("Tot en met"), report.period.end),
        (_("Gegevens bekend tot en met"), long_date(report.period.as_of)),
        (_("Datum gegevens (as-of)"), report.period.as_of),
        (_("Gemeente (CBS-code)"), report.period.municipality or _("hele regio")),
        (_("Gegenereerd op"), report.generated_at.replace(tzinfo=None, microsecond=0)),
    ]
    for row in rows:
        sheet.append(row)
    for (cell,) in sheet.iter_rows(min_row=3, max_col=1):
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=2):
        for cell in row:
            if cell.is_date:
                cell.number_format = (
                    "dd-mm-yyyy hh:mm" if cell.row == sheet.max_row else "dd-mm-yyyy"
                )
    sheet.append(())
    sheet.append((_("Afscherming van kleine aantallen"),))
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, color="154273")
    for rule in texts.suppression_rules():
        sheet.append((rule,))
    _widths(sheet, 30, 90)


def _figures(sheet: Worksheet, report: Report) -> None:
    _header(
        sheet, _("Figuur"), _("Onderwerp"), _("Onderdeel"), _("Sleutel"), _("Waarde"), _("Noot")
    )
    for key, cell in report.cells.items():
        figure = key.split(".", 1)[0]
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value=figure)
        sheet.cell(row=row, column=2, value=str(texts.TITLES[figure]))
        sheet.cell(row=row, column=3, value=report.labels.get(key, key))
        sheet.cell(row=row, column=4, value=key)
        _put(sheet, row, 5, cell)
        if cell.reason is not None:
            sheet.cell(row=row, column=6, value=texts.note(cell.reason))
    _widths(sheet, 8, 34, 52, 40, 14, 60)


def _quarters(sheet: Worksheet, report: Report) -> None:
    _header(
        sheet,
        _("Kwartaal"),
        _("Van"),
        _("Tot en met"),
        _("Personen in de opvang (M1)"),
        _("Instroom (M2)"),
        _("Van wie voor het eerst (M2)"),
    )
    for quarter in report.quarters:
        row = sheet.max_row + 1
        sheet.cell(row=row, column=1, value=quarter.label)
        for column, day in ((2, quarter.period.start), (3, quarter.period.end)):
            sheet.cell(row=row, column=column, value=day).number_format = "dd-mm-yyyy"
        for column, cell in enumerate((quarter.persons, quarter.inflow, quarter.first_time), 4):
            _put(sheet, row, column, cell)
    _widths(sheet, 12, 13, 13, 26, 16, 26)


def _explanations(sheet: Worksheet, report: Report) -> None:
    _header(sheet, _("Figuur"), _("Onderwerp"), _("Wat telt mee"))
    for section in report.sections:
        sheet.append((section.code, section.title, "\n\n".join(section.paragraphs)))
        sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        for column in (1, 2):
            sheet.cell(row=sheet.max_row, column=column).alignment = Alignment(vertical="top")
    _widths(sheet, 8, 34, 100)


def write_xlsx(report: Report, path: Path) -> None:
    workbook = Workbook()
    about = workbook.active
    assert about is not None  # a new workbook always has one sheet
    _about(about, report)
    _figures(workbook.create_sheet(_("Cijfers")), report)
    _quarters(workbook.create_sheet(_("Per kwartaal")), report)
    _explanations(workbook.create_sheet(_("Toelichting")), report)
    plain_text_cells(workbook)
    workbook.save(path)
