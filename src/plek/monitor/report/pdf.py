"""The council report as PDF: a Django template rendered to HTML, laid out by WeasyPrint.

Nothing is fetched: fonts come from the system (fontconfig), charts are inline SVG data, and the
URL fetcher refuses anything but `data:` URLs, because municipal networks are closed and a report
must not depend on one.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.template import Context as TemplateContext
from django.template import Engine
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plek.monitor.report import texts
from plek.monitor.report.content import Report, Section, Table
from plek.monitor.report.formatting import long_date
from plek.monitor.report.suppression import MARKS, Published, Reason

TEMPLATES = Path(__file__).parent / "templates"
# The report's template and stylesheet live with the report, not in an app's template folder.
ENGINE = Engine(dirs=[str(TEMPLATES)], libraries={"i18n": "django.templatetags.i18n"})

# Several reasons share the mark "–": a letter after it tells the reader which note applies.
LETTERS = {
    Reason.SMALL_BASE: "a",
    Reason.FEW_ITEMS: "b",
    Reason.SMALL_PART: "c",
    Reason.COMPLEMENTARY: "d",
    Reason.GROUP: "e",
}


def _css_string(text: str) -> SafeString:
    """A CSS string literal for the page margins, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    # Safe: every character that could end the string or the <style> element is escaped.
    return mark_safe(f'"{escaped}"')


def _cell(table: Table, cell: str | Published) -> dict[str, Any]:
    if isinstance(cell, str):
        return {"text": cell, "numeric": False, "letter": ""}
    letter = LETTERS.get(cell.reason) if cell.reason else None
    return {"text": table.text(cell), "numeric": True, "letter": letter or ""}


def _note(reason: Reason) -> dict[str, str]:
    return {"mark": MARKS[reason], "letter": LETTERS.get(reason, ""), "text": texts.note(reason)}


def _chart(table: Table) -> dict[str, str] | None:
    if table.chart is None:
        return None
    encoded = base64.b64encode(table.chart.svg.encode("utf-8")).decode("ascii")
    return {"src": f"data:image/svg+xml;base64,{encoded}", "alt": table.chart.alt}


def _columns(table: Table) -> list[dict[str, Any]]:
    """Headers, right-aligned above columns of numbers like the numbers themselves."""
    numeric = [
        any(isinstance(row[index], Published) for row in table.rows)
        for index in range(len(table.columns))
    ]
    return [
        {"text": text, "numeric": index > 0 and is_numeric}
        for index, (text, is_numeric) in enumerate(zip(table.columns, numeric, strict=True))
    ]


def _table(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "columns": _columns(table),
        "rows": [[_cell(table, cell) for cell in row] for row in table.rows],
        "footer": [_cell(table, cell) for cell in table.footer] if table.footer else None,
        "notes": [_note(reason) for reason in table.reasons()] if table.notes else [],
        "chart": _chart(table),
        "no_chart": table.no_chart,
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "code": section.code,
        "anchor": section.anchor,
        "title": section.title,
        "paragraphs": section.paragraphs,
        "tables": [_table(table) for table in section.tables],
        # A section with a chart gets a page of its own; short ones follow each other.
        "own_page": any(table.chart for table in section.tables),
    }


def render_html(report: Report) -> str:
    generated = report.generated_at
    context = {
        "title": str(texts.REPORT_TITLE),
        "subtitle": str(texts.REPORT_SUBTITLE),
        "report": report,
        "as_of": long_date(report.period.as_of),
        "generated": f"{long_date(generated.date())}, {generated:%H:%M}",
        "header_left": _css_string(f"plek · {texts.REPORT_TITLE}"),
        "header_right": _css_string(report.area.title),
        "footer_left": _css_string(
            _("Gegenereerd op %(date)s") % {"date": long_date(generated.date())}
        ),
        "summary": _table(report.summary),
        "sections": [_section(section) for section in report.sections],
        "rules": texts.suppression_rules(),
        "legend": [_note(reason) for reason in Reason],
    }
    return ENGINE.get_template("report.html").render(TemplateContext(context))


def write_pdf(report: Report, path: Path) -> None:
    with _quiet("weasyprint.progress"):
        # Imported here: WeasyPrint logs its progress from the moment it is imported.
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher

        # Only data: URLs (the charts) may be fetched; anything else is refused, never downloaded.
        fetcher = URLFetcher(allowed_protocols={"data"})
        html = HTML(string=render_html(report), url_fetcher=fetcher)
        css = CSS(string=(TEMPLATES / "report.css").read_text("utf-8"), url_fetcher=fetcher)
        # Tagged PDF: headings, tables and the charts' alt texts reach screen readers.
        html.write_pdf(path, stylesheets=[css], pdf_tags=True)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Keep WeasyPrint's step-by-step progress out of the command's output."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
