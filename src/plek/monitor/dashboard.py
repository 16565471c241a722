"""What the monitor pages show: the report's sections on screen, a tile per figure with its trend
over the quarters, and breakdowns by facility type, origin municipality, age band and sex.

Everything shown has passed the same small-number suppression as the council report
(`report/suppression.py`): policy officers see aggregates only, and a count of 1 to 4 in a
narrow breakdown could point at a person. Each count column of a breakdown also gets
complementary suppression against the total on the tiles, so a "<5" cannot be computed back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from plek.accounts.models import Municipality
from plek.housing.choices import FacilityType
from plek.housing.models import Facility
from plek.monitor import precomputed
from plek.monitor.engine import AGE_BANDS, Cut, Norms, Period
from plek.monitor.report import charts, texts
from plek.monitor.report.content import HEADLINES, Report, build_report
from plek.monitor.report.content import Table as ReportTable
from plek.monitor.report.formatting import display
from plek.monitor.report.periods import quarter_label, quarters
from plek.monitor.report.suppression import Published, count, protect_group, publish, share
from plek.web.components import Cell, Table


@dataclass(frozen=True)
class Tile:
    code: str
    title: str
    label: str
    value: str
    trend: list[tuple[str, str]]


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    table: Table
    chart: dict[str, Any] | None
    chart_description: str


@dataclass(frozen=True)
class ScreenTable:
    """A report table as text cells, with its chart's spec for the browser to draw."""

    caption: str
    columns: list[str]
    rows: list[list[str]]
    spec_id: str
    chart: dict[str, Any] | None
    chart_description: str


@dataclass(frozen=True)
class ScreenSection:
    code: str
    title: str
    anchor: str
    paragraphs: list[str]
    tables: list[ScreenTable]


@dataclass(frozen=True)
class Dashboard:
    report: Report
    tiles: list[Tile]
    sections: list[ScreenSection]
    breakdowns: list[Breakdown]


def build_dashboard(period: Period) -> Dashboard:
    # The norms are configuration read from the database: once per dashboard, not once for each
    # of its some thirty stored figure sets.
    norms = Norms()
    report = build_report(period, norms)
    return Dashboard(
        report,
        _tiles(report, period, norms),
        _screen_sections(report),
        _breakdowns(period, norms),
    )


def stored_dashboard(period: Period) -> tuple[Dashboard | None, precomputed.StoredReading]:
    """The dashboard from stored figures only (None while some have never been computed)."""
    with precomputed.stored_only() as reading:
        try:
            return build_dashboard(period), reading
        except precomputed.FiguresPending:
            return None, reading


def _screen_sections(report: Report) -> list[ScreenSection]:
    return [
        ScreenSection(
            section.code,
            section.title,
            section.anchor,
            section.paragraphs,
            [
                _screen_table(table, f"{section.anchor}-{n}")
                for n, table in enumerate(section.tables)
            ],
        )
        for section in report.sections
    ]


def _screen_table(table: ReportTable, spec_id: str) -> ScreenTable:
    rows = [*table.rows, *([table.footer] if table.footer else [])]
    return ScreenTable(
        caption=table.caption,
        columns=[column or _("Onderwerp") for column in table.columns],
        rows=[[table.text(cell) for cell in row] for row in rows],
        spec_id=spec_id,
        chart=table.chart.spec if table.chart else None,
        chart_description=table.chart.alt if table.chart else "",
    )


def _tiles(report: Report, period: Period, norms: Norms) -> list[Tile]:
    periods = quarters(period)
    results = precomputed.figure_sets([precomputed.FigureSet(q) for q in periods], norms)
    per_quarter = [
        (quarter_label(q.start), publish(result))
        for q, result in zip(periods, results, strict=True)
    ]
    return [
        Tile(
            code=code,
            title=str(texts.TITLES[code]),
            label=report.labels.get(key, str(texts.LABELS[key])),
            value=display(report.cells[key]),
            trend=[(label, display(cells[key])) for label, cells in per_quarter],
        )
        for code, key in HEADLINES.items()
    ]


# -- breakdowns -------------------------------------------------------------------------------

BREAKDOWN_FIGURES = ("M1", "M2", "M4")
COLUMNS = (
    ("M1", "persons"),
    ("M2", "inflow"),
    ("M4", "exits"),
    ("M4", "share"),
)


# The count columns (M1 persons, M2 inflow, M4 exits) by their index in COLUMNS.
COUNT_COLUMNS = (0, 1, 2)


@dataclass(frozen=True)
class Parts:
    """How a breakdown's groups relate to the totals: the count columns whose groups are parts
    of the whole (a person has one sex, a stay one facility type), and whether they add up to
    it (`complete`) or leave a rest (persons without a birth date or a known origin)."""

    columns: tuple[int, ...]
    complete: bool


def _exact_row(result: dict[str, Any]) -> tuple[list[int], Any]:
    m1, m2, m4 = result["M1"], result["M2"], result["M4"]
    return [m1["persons"], m2["inflow"], m4["exits"]], m4["share"]


def _breakdown(
    key: str,
    title: str,
    slices: list[tuple[str, dict[str, Any]]],
    totals: list[int],
    parts: Parts,
) -> Breakdown:
    exact = [(label, _exact_row(result)) for label, result in slices]
    published: list[list[Published]] = [
        [*(count(v) for v in counts), share(m4_share, counts[2])]
        for _label, (counts, m4_share) in exact
    ]
    # Complementary suppression per column, against the region's total shown on the tiles.
    for column in parts.columns:
        cells, _total = protect_group(
            [counts[column] for _label, (counts, _share) in exact],
            totals[column],
            complete=parts.complete,
            total_may_hide=False,
        )
        for row, cell in zip(published, cells, strict=True):
            row[column] = cell
    rows = [(label, values) for (label, _exact), values in zip(exact, published, strict=True)]
    headers = [title] + [str(texts.LABELS[f"{figure}.{name}"]) for figure, name in COLUMNS]
    table = Table(
        caption=_("%(title)s: kerncijfers per groep") % {"title": title},
        columns=headers,
        rows=[
            [Cell(label)] + [Cell(display(value), numeric=True) for value in values]
            for label, values in rows
        ],
        numeric_columns=frozenset(range(1, len(headers))),
    )
    drawn = [
        {"groep": label, "aantal": values[2].shown}
        for label, values in rows
        if values[2].shown is not None and values[2].shown != 0
    ]
    description = _("Grafiek: uitstroom (M4) per %(title)s. De cijfers staan in de tabel.") % {
        "title": title.lower()
    }
    return Breakdown(key, title, table, _bars(drawn, title) if drawn else None, description)


def _bars(rows: list[dict[str, Any]], title: str) -> dict[str, Any]:
    # Plain Vega-Lite, as the report's charts (report/charts.py says why).
    return charts.top_level(
        {
            "data": {"values": rows},
            "mark": {"type": "bar", "color": "#01689b"},
            "encoding": {
                "tooltip": [
                    {"field": "groep", "type": "nominal"},
                    {"field": "aantal", "type": "quantitative"},
                ],
                "x": {
                    "field": "aantal",
                    "title": _("Uitstroom (beëindigde verblijven)"),
                    "type": "quantitative",
                },
                "y": {"field": "groep", "sort": "-x", "title": title, "type": "nominal"},
            },
            "width": "container",
        }
    )


def _breakdowns(period: Period, norms: Norms) -> list[Breakdown]:
    types = sorted(set(Facility.objects.values_list("type", flat=True)))
    labels = dict(FacilityType.choices)
    sexes = [("V", _("Vrouw")), ("M", _("Man")), ("X", _("Anders / onbekend"))]
    codes = [period.municipality] if period.municipality else None
    municipalities = Municipality.objects.order_by("name")
    if codes:
        municipalities = municipalities.filter(code__in=codes)
    cuts = [
        Cut(),
        *(Cut(facility_type=t) for t in types),
        *(Cut(age_band=band) for band in AGE_BANDS),
        *(Cut(sex=s) for s, _label in sexes),
    ]
    # Every group of every breakdown in one read of the store (a national dashboard has some
    # 370 groups), not a read per group.
    sets = [precomputed.FigureSet(period, cut) for cut in cuts] + [
        precomputed.FigureSet(Period(period.start, period.end, period.as_of, m.code))
        for m in municipalities
    ]
    results = precomputed.figure_sets(sets, norms, BREAKDOWN_FIGURES)
    by_cut = dict(zip(cuts, results[: len(cuts)], strict=True))
    per_municipality = dict(
        zip([m.code for m in municipalities], results[len(cuts) :], strict=True)
    )
    totals, _share = _exact_row(by_cut[Cut()])
    return [
        _breakdown(
            "soort",
            _("Soort voorziening"),
            [(str(labels[t]), by_cut[Cut(facility_type=t)]) for t in types],
            totals,
            # A person may stay in several types; a stay (an exit) has one.
            Parts(columns=(2,), complete=True),
        ),
        _breakdown(
            "gemeente",
            _("Gemeente van herkomst"),
            [(m.name, per_municipality[m.code]) for m in municipalities],
            totals,
            Parts(COUNT_COLUMNS, complete=bool(codes)),  # persons of unknown origin: the rest
        ),
        _breakdown(
            "leeftijd",
            _("Leeftijd"),
            [(band.label, by_cut[Cut(age_band=band)]) for band in AGE_BANDS],
            totals,
            Parts(COUNT_COLUMNS, complete=False),  # persons without a birth date: the rest
        ),
        _breakdown(
            "geslacht",
            _("Geslacht"),
            [(label, by_cut[Cut(sex=s)]) for s, label in sexes],
            totals,
            Parts(COUNT_COLUMNS, complete=True),
        ),
    ]
