"""The council report: PDF and spreadsheet read back, suppression found exactly where it belongs.

The golden region is tiny, so almost everything in it is a small number: the place to see the
rules at work. A generated region (scale 0.3) shows that numbers of 5 and more are printed as
they are. Each rendering is done once per module: WeasyPrint takes a few seconds per PDF.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from pypdf import PdfReader

from plek.demo.flows import generate
from plek.exchange.importer import import_directory
from plek.monitor.engine import Period, compute
from plek.monitor.output import flat_rows
from plek.monitor.report import suppression
from plek.monitor.report.content import Report, build_report
from plek.monitor.report.formatting import display
from plek.monitor.report.pdf import render_html, write_pdf
from plek.monitor.report.spreadsheet import write_xlsx
from plek.monitor.report.suppression import Kind, Reason
from tests.monitor.conftest import REGION

GOLDEN_YEAR = Period(
    datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2026, 1, 1)
)


@dataclass
class Rendered:
    report: Report
    result: dict[str, Any]
    pdf: PdfReader
    text: str  # all pages' text, whitespace collapsed to single spaces
    workbook: Workbook
    html: str

    def figures(self) -> dict[str, Any]:
        """The "Cijfers" sheet as key → value."""
        rows = self.workbook["Cijfers"].iter_rows(min_row=2, values_only=True)
        return {row[3]: row[4] for row in rows}

    def notes(self) -> dict[str, Any]:
        rows = self.workbook["Cijfers"].iter_rows(min_row=2, values_only=True)
        return {row[3]: row[5] for row in rows}


def _render(period: Period, directory: Path) -> Rendered:
    report = build_report(period)
    write_pdf(report, directory / "report.pdf")
    write_xlsx(report, directory / "report.xlsx")
    pdf = PdfReader(directory / "report.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    return Rendered(
        report=report,
        result=compute(period),
        pdf=pdf,
        text=re.sub(r"\s+", " ", text),
        workbook=load_workbook(directory / "report.xlsx"),
        html=render_html(report),
    )


@pytest.fixture(scope="module")
def rendered_region(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Rendered]:
    """The golden region's report for 2024, rendered once for the whole module."""
    directory = tmp_path_factory.mktemp("golden-report")
    with django_db_blocker.unblock(), transaction.atomic():
        assert import_directory(REGION).ok
        rendered = _render(GOLDEN_YEAR, directory)
        transaction.set_rollback(True)
    yield rendered


@pytest.fixture(scope="module")
def rendered_bigger(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Rendered]:
    """A generated region at scale 0.3, reported over two quarters."""
    source = tmp_path_factory.mktemp("bigger-region")
    generate(source, datetime.date(2024, 1, 1), datetime.date(2024, 9, 30), seed=11, scale=0.3)
    period = Period(
        datetime.date(2024, 4, 1), datetime.date(2024, 9, 30), datetime.date(2024, 12, 31)
    )
    with django_db_blocker.unblock(), transaction.atomic():
        assert import_directory(source).ok
        rendered = _render(period, tmp_path_factory.mktemp("bigger-report"))
        transaction.set_rollback(True)
    yield rendered


# -- the golden region: small numbers everywhere ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("M1.persons", "<5"),  # 3 persons
        ("M4.exits", 6),  # 6 ≥ 5: shown
        ("M4.to_housing", "<5"),  # 1
        ("M4.share", "–"),  # 1/6: denominator 6 < 10
        ("M8.received", 5),  # the boundary: 5 is shown
        ("M8.share", "–"),  # 2/5
        ("M8.outcomes.opgelost", "<5"),
        ("M3.ended_median_nights", "–"),  # median of 4 stays
        ("M5.returned_180", "–"),  # cohort of 1
        ("M5.returned_730", "n.v.t."),  # horizon not yet elapsed on the as-of date
        ("M10.mean_change.justitie", "–"),  # mean over 2 persons
        ("M7.facilities.f1.available", 1038),  # unit-nights: not suppressed
        ("M7.facilities.f2.occupied", 112),
        ("M13.GM0505", 4071.5),  # money: not suppressed
    ],
)
def test_xlsx_cells_follow_the_rules(rendered_region: Rendered, key: str, value: object) -> None:
    assert rendered_region.figures()[key] == value


def test_xlsx_shows_shares_as_fractions_and_explains_marks(rendered_region: Rendered) -> None:
    figures, notes = rendered_region.figures(), rendered_region.notes()
    assert figures["M7.facilities.f1.share"] == pytest.approx(0.3911)
    assert notes["M4.share"] == "onderdrukt: noemer kleiner dan 10"
    assert notes["M3.ended_median_nights"] == "onderdrukt: berekend over minder dan 10 waarnemingen"
    assert notes["M1.persons"].startswith("een aantal van 1 tot en met 4")
    assert notes["M4.exits"] is None


def test_xlsx_has_every_value_of_the_contract_once(rendered_region: Rendered) -> None:
    keys = [f"{figure}.{key}" for figure, key, _ in flat_rows(rendered_region.result)]
    assert list(rendered_region.figures()) == keys


def test_no_small_count_reaches_the_spreadsheet(rendered_region: Rendered) -> None:
    figures = rendered_region.figures()
    for figure, key, value in flat_rows(rendered_region.result):
        name = f"{figure}.{key}"
        if suppression.rule_for(name)[0].kind is Kind.COUNT and 1 <= value <= 4:
            assert figures[name] == "<5", name


def test_xlsx_sheets_period_quarters_and_definitions(rendered_region: Rendered) -> None:
    workbook = rendered_region.workbook
    assert workbook.sheetnames == ["Rapport", "Cijfers", "Per kwartaal", "Toelichting"]
    about = {row[0]: row[1] for row in workbook["Rapport"].iter_rows(values_only=True) if row}
    assert about["Gegevens bekend tot en met"] == "1 januari 2026"
    assert about["Van"] == datetime.datetime(2024, 1, 1)
    assert about["Gebied"] == "Hele regio"
    quarters = list(workbook["Per kwartaal"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in quarters] == ["2024-K1", "2024-K2", "2024-K3", "2024-K4"]
    assert quarters[0][3:] == ("<5", "<5", "<5")
    assert quarters[3][3:] == ("<5", 0, 0)  # 0 stays 0
    definitions = list(workbook["Toelichting"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in definitions] == [
        "M1",
        "M2",
        "M1–M2",
        *[f"M{n}" for n in range(3, 14)],
    ]
    assert "minstens één nacht in de opvang" in definitions[0][2]


def test_pdf_prints_the_marks_in_the_tables(rendered_region: Rendered) -> None:
    text = rendered_region.text
    assert "Personen in de opvang <5" in text
    assert "Beëindigde verblijven (zonder respijt) 6" in text
    assert "Aandeel vertrokken naar wonen –a" in text  # the letter points to its note
    assert "Ontvangen signalen 5" in text
    assert "Terug in de opvang binnen 730 dagen n.v.t." in text
    assert "Beëindigde verblijven: mediane duur (nachten) –b" in text
    assert "–a onderdrukt: noemer kleiner dan 10" in text
    assert "Flexwonen West Flexwonen Zwijndrecht 1.830 112 6,1%" in text
    assert "Dordrecht € 4.071,50" in text


def test_pdf_never_prints_a_suppressed_number(rendered_region: Rendered) -> None:
    text = rendered_region.text
    assert not re.search(r"Personen in de opvang [1-4]\b", text)
    assert not re.search(r"Aandeel vertrokken naar wonen \d", text)  # 16,7% hidden
    assert "16,7%" not in text


def test_pdf_title_page_period_and_as_of(rendered_region: Rendered) -> None:
    first = rendered_region.pdf.pages[0].extract_text()
    assert "Monitor sluitende aanpak" in first
    assert "1 januari 2024 tot en met 31 december 2024" in first
    assert "gegevens bekend tot en met 1 januari 2026" in first
    assert "Alle 2 gemeenten: Dordrecht, Zwijndrecht" in first


def test_pdf_is_a4_with_numbered_pages_and_a_generation_date(rendered_region: Rendered) -> None:
    pdf = rendered_region.pdf
    for page in pdf.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    total = len(pdf.pages)
    assert f"Pagina 2 van {total}" in pdf.pages[1].extract_text()
    assert "Gegenereerd op" in pdf.pages[1].extract_text()
    assert (pdf.metadata or {}).get("/Title", "").startswith("Monitor sluitende aanpak")


def test_pdf_has_a_section_with_definition_for_every_figure(rendered_region: Rendered) -> None:
    text = rendered_region.text
    for code in [f"M{n}" for n in range(1, 14)]:
        assert re.search(rf"\b{code} [A-Z]", text), code
    assert "WAT TELT MEE" in text
    assert "geen aantallen personen" in text  # M13 says it is not suppressed


def test_report_uses_nothing_from_the_network(rendered_region: Rendered) -> None:
    assert not re.search(r"(src|href)=\"(?!data:|#)", rendered_region.html)


def test_charts_only_draw_published_values(rendered_region: Rendered) -> None:
    charts = _charts(rendered_region.report)
    # M8's outcomes are all "<5" and the quarters all "<5" or 0: nothing worth drawing.
    assert set(charts) == {
        "Bezetting per voorziening",
        "Kosten van verblijf per gemeente van herkomst",
    }
    assert sorted(row["value"] for row in charts["Bezetting per voorziening"]) == [0.0612, 0.3911]
    costs = sorted(row["value"] for row in charts["Kosten van verblijf per gemeente van herkomst"])
    assert costs == [610.5, 4071.5, 20091.0]


def _charts(report: Report) -> dict[str, list[dict[str, Any]]]:
    """Chart data by table caption, from the Vega-Lite specs."""
    found = {}
    for section in report.sections:
        for table in section.tables:
            if table.chart is None:
                continue
            spec = table.chart.spec
            # Layers sharing their data have it at the top; otherwise the first layer (the bars).
            data = spec.get("data") or spec["layer"][0]["data"]
            found[table.caption] = data["values"]
    return found


# -- a bigger region: numbers of 5 and more are printed ----------------------------------------


def test_counts_of_5_and_more_are_published_as_numbers(rendered_bigger: Rendered) -> None:
    figures = rendered_bigger.figures()
    cells = suppression.publish(rendered_bigger.result)
    shown = 0
    for figure, key, value in flat_rows(rendered_bigger.result):
        name = f"{figure}.{key}"
        if suppression.rule_for(name)[0].kind is not Kind.COUNT:
            continue
        if cells[name].reason in (Reason.COMPLEMENTARY, Reason.GROUP):
            # Hidden so that a "<5" or total − parts cannot be computed back.
            assert figures[name] == "–", name
        elif value == 0 or value >= 5:
            assert figures[name] == value, name
            shown += value >= 5
        else:
            assert figures[name] == "<5", name
    assert shown >= 10


def test_shares_with_a_large_denominator_are_published(rendered_bigger: Rendered) -> None:
    result, figures = rendered_bigger.result, rendered_bigger.figures()
    assert result["M4"]["exits"] >= 10
    assert figures["M4.share"] == pytest.approx(float(result["M4"]["share"]))
    assert result["M8"]["received"] >= 10
    assert figures["M8.share"] == pytest.approx(float(result["M8"]["share"]))


def test_pdf_prints_counts_of_5_and_more(rendered_bigger: Rendered) -> None:
    persons = rendered_bigger.result["M1"]["persons"]
    exits = rendered_bigger.result["M4"]["exits"]
    assert persons >= 5 and exits >= 10
    assert f"Personen in de opvang {persons:,}".replace(",", ".") in rendered_bigger.text
    assert f"Beëindigde verblijven (zonder respijt) {exits:,}".replace(",", ".") in (
        rendered_bigger.text
    )
    share = rendered_bigger.report.cells["M4.share"]
    assert f"Aandeel vertrokken naar wonen {display(share)}" in rendered_bigger.text


def test_bigger_region_has_charts_with_only_published_values(rendered_bigger: Rendered) -> None:
    charts = _charts(rendered_bigger.report)
    assert "Personen en instroom per kwartaal" in charts
    assert "Bezetting per voorziening" in charts
    for rows in charts.values():
        for row in rows:
            value = row["value"]
            # No count from 1 to 4 is ever drawn (shares and money are below 1 or not counts).
            assert not (isinstance(value, int) and 1 <= value <= 4), row
    quarters = charts["Personen en instroom per kwartaal"]
    published = {
        (q.label, name): cell.shown
        for q in rendered_bigger.report.quarters
        for name, cell in zip(
            ["Personen in de opvang (M1)", "Instroom (M2)", "Van wie voor het eerst (M2)"],
            (q.persons, q.inflow, q.first_time),
            strict=True,
        )
    }
    for row in quarters:
        assert published[(row["period"], row["series"])] == row["value"]
    assert [q.label for q in rendered_bigger.report.quarters] == ["2024-K2", "2024-K3"]


# -- the commands ------------------------------------------------------------------------------


def test_report_command_writes_pdf_and_xlsx_for_a_municipality(
    golden_region: Path, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command(
        "report",
        "--from=2024-01-01",
        "--to=2024-12-31",
        "--as-of=2026-01-01",
        "--municipality=GM0642",
        f"--pdf={tmp_path / 'r.pdf'}",
        f"--xlsx={tmp_path / 'r.xlsx'}",
        stdout=out,
    )
    assert "PDF geschreven" in out.getvalue()
    assert "Spreadsheet geschreven" in out.getvalue()
    first = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "Gemeente Zwijndrecht" in first
    figures = {
        row[3]: row[4]
        for row in load_workbook(tmp_path / "r.xlsx")["Cijfers"].iter_rows(
            min_row=2, values_only=True
        )
    }
    # Only Zwijndrecht's persons; M7 only the facility located in Zwijndrecht.
    assert figures["M13.GM0642"] == pytest.approx(20091.0)
    assert "M13.GM0505" not in figures
    assert [key for key in figures if key.startswith("M7.")] == [
        "M7.facilities.f2.available",
        "M7.facilities.f2.occupied",
        "M7.facilities.f2.share",
    ]


def test_report_command_can_write_only_the_spreadsheet(golden_region: Path, tmp_path: Path) -> None:
    call_command(
        "report",
        "--from=2024-01-01",
        "--to=2024-03-31",
        f"--xlsx={tmp_path / 'r.xlsx'}",
        stdout=io.StringIO(),
    )
    assert load_workbook(tmp_path / "r.xlsx")["Cijfers"]["E2"].value == "<5"  # M1.persons
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Geef met --pdf en/of --xlsx op"),
        (["--xlsx=/nonexistent-dir/r.xlsx"], "De map '/nonexistent-dir'"),
        (["--xlsx=r.xlsx", "--municipality=GM9999"], "Onbekende gemeente 'GM9999'"),
        (["--xlsx=r.xlsx", "--to=2023-01-01"], "voor de begindatum"),
    ],
)
def test_report_command_refuses_with_a_dutch_message(
    golden_region: Path, args: list[str], message: str
) -> None:
    base = {"--from": "2024-01-01", "--to": "2024-12-31"}
    for arg in args:
        base.pop(arg.partition("=")[0], None)
    options = [f"{name}={value}" for name, value in base.items()]
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("report", *options, *args, stdout=io.StringIO())


def test_golden_values_are_decimals_before_publication(rendered_region: Rendered) -> None:
    # The spreadsheet gets the engine's exact value, not a rounded display text.
    assert rendered_region.report.cells["M13.GM0505"].shown == Decimal("4071.50")
