"""What the council report says: its sections, tables and charts, from published values only.

`build_report` computes the figures with the engine, passes every value through `suppression`,
and arranges them into sections M1–M13 (with a quarterly trend of M1 and M2). The PDF and the
spreadsheet are two renderings of the `Report` built here, so they cannot disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from plek.accounts.models import Municipality, Region
from plek.housing.models import Facility, FacilityType
from plek.intake.zrm import Domain
from plek.monitor import precomputed
from plek.monitor.engine import (
    CHECKIN_ON_TIME_DAYS,
    PLAN_WITHIN_DAYS,
    ZRM_MIN_INTERVAL_DAYS,
    Norms,
    Period,
)
from plek.monitor.report import charts, texts
from plek.monitor.report.formatting import display, euros, period_text, short_period_text
from plek.monitor.report.periods import quarter_label, quarters
from plek.monitor.report.suppression import Kind, Published, Reason, count, publish, reasons
from plek.signals.models import Outcome

# The code of the section with M1 and M2 per quarter.
QUARTERS = "M1–M2"


@dataclass
class Table:
    """A table of published cells; the first column holds labels (plain text)."""

    caption: str
    columns: list[str]
    rows: list[list[str | Published]]
    # Cells whose values are changes (M10), printed with their sign.
    change: bool = False
    footer: list[str | Published] | None = None
    chart: charts.Chart | None = None
    # Why there is no chart, when one would be expected.
    no_chart: str | None = None
    # Notes under the table explaining its marks; the summary leaves them to the legend.
    notes: bool = True

    def cells(self) -> list[Published]:
        every = [*self.rows, *([self.footer] if self.footer else [])]
        return [cell for row in every for cell in row if isinstance(cell, Published)]

    def reasons(self) -> list[Reason]:
        return reasons(self.cells())

    def text(self, cell: str | Published) -> str:
        return cell if isinstance(cell, str) else display(cell, change=self.change)


@dataclass
class Section:
    code: str
    title: str
    paragraphs: list[str]
    tables: list[Table] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "sectie-" + self.code.lower().replace("–", "-")


@dataclass
class QuarterFigures:
    label: str
    period: Period
    persons: Published
    inflow: Published
    first_time: Published


@dataclass(frozen=True)
class Area:
    """The report's subject: a title ("Gemeente Zwijndrecht"), the same in a sentence
    ("gemeente Zwijndrecht"), and what it covers."""

    title: str
    phrase: str
    detail: str


@dataclass
class Report:
    area: Area
    period: Period
    generated_at: datetime.datetime
    summary: Table
    sections: list[Section]
    # Every published value by flat key (`M4.share`), with the label it has in the report.
    cells: dict[str, Published]
    labels: dict[str, str]
    quarters: list[QuarterFigures]

    @property
    def period_text(self) -> str:
        return period_text(self.period.start, self.period.end)


@dataclass
class Names:
    """Names for the codes the figures are keyed by."""

    municipalities: dict[str, str]
    facilities: dict[str, tuple[str, str, str]]  # id → (name, type, municipality)

    @classmethod
    def load(cls) -> Names:
        municipalities = dict(Municipality.objects.values_list("code", "name"))
        # Each type's label translated once, not once per facility (a country has 473).
        types = {value: str(label) for value, label in FacilityType.choices}
        facilities = {
            external_id: (name, types.get(kind, kind), municipality)
            for external_id, name, kind, municipality in Facility.objects.values_list(
                "external_id", "name", "type", "municipality__name"
            )
        }
        return cls(municipalities, facilities)


@dataclass
class Context:
    result: dict[str, Any]
    cells: dict[str, Published]
    names: Names
    norms: Norms
    quarters: list[QuarterFigures]
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str, text: str | None = None) -> str:
        """The label of a flat key, remembered for the spreadsheet."""
        label = text or str(texts.LABELS[key])
        self.labels[key] = label
        return label

    def key_table(self, figure: str) -> Table:
        """The figure's own values, one per row."""
        rows: list[list[str | Published]] = [
            [self.label(f"{figure}.{key}"), self.cells[f"{figure}.{key}"]]
            for key in SCALAR_KEYS[figure]
        ]
        return Table(_("Kerncijfers %(figure)s") % {"figure": figure}, ["", _("Waarde")], rows)


# -- building the report ----------------------------------------------------------------------


def build_report(period: Period, norms: Norms | None = None) -> Report:
    norms = norms or Norms()
    result = precomputed.figures(period, norms)
    context = Context(
        result=result,
        cells=publish(result),
        names=Names.load(),
        norms=norms,
        quarters=_quarter_figures(period, norms),
    )
    sections = [_section(code, context) for code in SECTION_ORDER]
    return Report(
        area=_area(period, context.names),
        period=period,
        generated_at=timezone.localtime(),
        summary=_summary(context),
        sections=sections,
        cells=context.cells,
        labels=context.labels,
        quarters=context.quarters,
    )


def _area(period: Period, names: Names) -> Area:
    if period.municipality is not None:
        name = names.municipalities.get(period.municipality, period.municipality)
        values = {"name": name, "code": period.municipality}
        return Area(
            _("Gemeente %(name)s") % values,
            _("gemeente %(name)s") % values,
            _("Personen met herkomst %(name)s (CBS-code %(code)s)") % values,
        )
    region = getattr(settings, "MONITOR_REGION_NAME", "") or _single_region_name()
    listed = sorted(names.municipalities.values())
    detail = _("Alle %(count)d gemeenten: %(names)s") % {
        "count": len(listed),
        "names": ", ".join(listed),
    }
    if region:
        return Area(
            _("Regio %(name)s") % {"name": region}, _("regio %(name)s") % {"name": region}, detail
        )
    return Area(_("Hele regio"), _("de hele regio"), detail)


def _single_region_name() -> str:
    regions = list(Region.objects.values_list("name", flat=True)[:2])
    return regions[0] if len(regions) == 1 else ""


def _quarter_figures(period: Period, norms: Norms) -> list[QuarterFigures]:
    figures = []
    periods = quarters(period)
    results = precomputed.figure_sets(
        [precomputed.FigureSet(q) for q in periods], norms, codes=("M1", "M2")
    )
    for quarter, result in zip(periods, results, strict=True):
        m1, m2 = result["M1"], result["M2"]
        figures.append(
            QuarterFigures(
                label=quarter_label(quarter.start),
                period=quarter,
                persons=count(m1["persons"]),
                inflow=count(m2["inflow"]),
                first_time=count(m2["first_time"]),
            )
        )
    return figures


HEADLINES = {
    "M1": "M1.persons",
    "M2": "M2.inflow",
    "M3": "M3.ended_median_nights",
    "M4": "M4.share",
    "M5": "M5.returned_180",
    "M6": "M6.placed_median_days",
    "M8": "M8.share",
    "M9": "M9.share",
    "M10": "M10.share",
    "M11": "M11.share",
    "M12": "M12.share",
}


def _summary(context: Context) -> Table:
    rows: list[list[str | Published]] = [
        [code, str(texts.TITLES[code]), context.label(key), context.cells[key]]
        for code, key in HEADLINES.items()
    ]
    rows.append(["M13", str(texts.TITLES["M13"]), _("Totaal"), _m13_total(context)])
    columns = ["", _("Onderwerp"), _("Kerncijfer"), _("Waarde")]
    return Table(_("Kerncijfers per onderwerp"), columns, rows, notes=False)


def _definition(code: str, norms: Norms) -> list[str]:
    values = {
        **norms.response_days,
        "term": norms.postal_decision_days,
        "interval": ZRM_MIN_INTERVAL_DAYS,
        "days": CHECKIN_ON_TIME_DAYS if code == "M11" else PLAN_WITHIN_DAYS,
    }
    return [str(text).format(**values) for text in texts.DEFINITIONS[code]]


def _section(code: str, context: Context) -> Section:
    if code == QUARTERS:
        paragraphs = [str(text) for text in texts.QUARTERS_DEFINITION]
        return Section(QUARTERS, str(texts.QUARTERS_TITLE), paragraphs, [_quarter_table(context)])
    builder = BUILDERS.get(code)
    tables = builder(context) if builder else [context.key_table(code)]
    return Section(code, str(texts.TITLES[code]), _definition(code, context.norms), tables)


SCALAR_KEYS = {
    "M1": ["persons"],
    "M2": ["inflow", "first_time"],
    "M3": ["ended", "ended_median_nights", "ended_mean_nights", "open", "open_median_nights"],
    "M4": ["exits", "to_housing", "share"],
    "M5": ["cohort", "returned_180", "returned_365", "returned_730"],
    "M6": ["placed", "placed_median_days", "open", "open_median_days"],
    "M8": ["received", "contacted_within_norm", "share"],
    "M9": ["applications", "decisions", "within_term", "share", "median_days", "active"],
    "M10": ["persons", "improved", "share"],
    "M11": ["active", "due", "on_time", "share", "relapses"],
    "M12": ["entered", "with_plan", "share"],
}


Label = TypeVar("Label")


def _nothing_to_draw() -> str:
    return _("Geen grafiek: alle waarden zijn afgeschermd of nul.")


def _drawn(cells: list[tuple[Label, Published]]) -> list[tuple[Label, Published]]:
    """The cells a chart may draw; none when no drawn bar would have any length."""
    drawn = [(label, cell) for label, cell in cells if cell.shown is not None]
    return drawn if any(cell.shown for _label, cell in drawn) else []


def _subtitle(cells: list[tuple[Label, Published]]) -> str | None:
    hidden = any(cell.shown is None for _label, cell in cells)
    return _("Waarden die zijn afgeschermd (<5 of –) zijn niet getekend.") if hidden else None


def _quarter_table(context: Context) -> Table:
    series = [
        _("Personen in de opvang (M1)"),
        _("Instroom (M2)"),
        _("Van wie voor het eerst (M2)"),
    ]
    rows: list[list[str | Published]] = [
        [
            q.label,
            short_period_text(q.period.start, q.period.end),
            q.persons,
            q.inflow,
            q.first_time,
        ]
        for q in context.quarters
    ]
    columns = [_("Kwartaal"), _("Periode"), *series]
    table = Table(_("Personen en instroom per kwartaal"), columns, rows)
    # One point per quarter and series; the label carries both for the chart.
    points = [
        ((q.label, name), cell)
        for q in context.quarters
        for name, cell in zip(series, (q.persons, q.inflow, q.first_time), strict=True)
    ]
    drawn = _drawn(points)
    if len(context.quarters) < 2:
        table.no_chart = _("Geen grafiek: de periode beslaat één kwartaal.")
    elif not drawn:
        table.no_chart = _nothing_to_draw()
    else:
        values = [
            {"period": quarter, "series": name, "value": cell.shown}
            for (quarter, name), cell in drawn
        ]
        table.chart = charts.grouped_columns(
            values,
            title=table.caption,
            periods=[q.label for q in context.quarters],
            series=series,
            subtitle=_subtitle(points),
        )
    return table


def _m7(context: Context) -> list[Table]:
    facilities = context.result["M7"]["facilities"]
    rows: list[list[str | Published]] = []
    shares: list[tuple[str, Published]] = []
    for facility_id in sorted(facilities, key=lambda f: context.names.facilities[f][0].lower()):
        name, type_, place = context.names.facilities[facility_id]
        key = f"M7.facilities.{facility_id}"
        for part in ("available", "occupied", "share"):
            context.label(f"{key}.{part}", f"{name}: {texts.LABELS['M7.' + part]}")
        share = context.cells[f"{key}.share"]
        rows.append(
            [
                name,
                type_,
                place,
                context.cells[f"{key}.available"],
                context.cells[f"{key}.occupied"],
                share,
            ]
        )
        shares.append((name, share))
    columns = [_("Voorziening"), _("Type"), _("Gemeente"), _("Beschikbaar"), _("Bezet")]
    table = Table(_("Bezetting per voorziening"), [*columns, _("Bezettingsgraad")], rows)
    if rows:
        axis = _("Bezettingsgraad (bezet / beschikbaar)")
        _attach(table, shares, _bars(table, axis, ".0%", up_to_one=True))
    else:
        table.no_chart = _("Geen grafiek: er zijn geen voorzieningen in dit gebied.")
    return [table]


def _attach(
    table: Table,
    cells: list[tuple[str, Published]],
    draw: Callable[[list[dict[str, Any]], str | None], charts.Chart],
    text: Callable[[Published], str] | None = None,
) -> None:
    """Give the table a chart of its drawable cells, or say why it has none.

    `text` is the label at the end of a bar, by default the cell as the table shows it.
    """
    drawn = _drawn(cells)
    if not drawn:
        table.no_chart = _nothing_to_draw()
        return
    rows = [
        {
            "label": label,
            "value": float(cell.shown or 0),
            "text": text(cell) if text else display(cell, change=table.change),
        }
        for label, cell in drawn
    ]
    table.chart = draw(rows, _subtitle(cells))


def _bars(
    table: Table, value_title: str, value_format: str, *, up_to_one: bool = False
) -> Callable[..., charts.Chart]:
    """Horizontal bars; with `up_to_one` the axis always runs to at least 100%, so that one
    facility at 6% does not look full."""

    def draw(rows: list[dict[str, Any]], subtitle: str | None) -> charts.Chart:
        top = max([1.0, *(row["value"] for row in rows)]) if up_to_one else None
        return charts.horizontal_bars(
            rows,
            title=table.caption,
            value_title=value_title,
            value_format=value_format,
            subtitle=subtitle,
            domain=(0.0, top) if top else None,
        )

    return draw


def _m8(context: Context) -> list[Table]:
    labels = dict(Outcome.choices)
    cells: list[tuple[str, Published]] = []
    for code in context.result["M8"]["outcomes"]:
        key = f"M8.outcomes.{code}"
        cells.append((context.label(key, str(labels.get(code, code))), context.cells[key]))
    rows: list[list[str | Published]] = [[label, cell] for label, cell in cells]
    table = Table(_("Uitkomsten van de signalen"), [_("Uitkomst"), _("Aantal signalen")], rows)
    if cells:
        _attach(table, cells, _bars(table, _("Aantal signalen"), ",d"))
    else:
        table.no_chart = _("Geen grafiek: er zijn geen signalen met een uitkomst.")
    return [context.key_table("M8"), table]


def _m10(context: Context) -> list[Table]:
    labels = dict(Domain.choices)
    cells: list[tuple[str, Published]] = []
    for domain in context.result["M10"]["mean_change"]:
        key = f"M10.mean_change.{domain}"
        context.label(key, _("Gemiddelde verandering: %(domain)s") % {"domain": labels[domain]})
        cells.append((str(labels[domain]), context.cells[key]))
    table = Table(
        _("Gemiddelde verandering per ZRM-domein"),
        [_("Domein"), _("Gemiddelde verandering")],
        [[label, cell] for label, cell in cells],
        change=True,
    )

    def draw(rows: list[dict[str, Any]], subtitle: str | None) -> charts.Chart:
        return charts.change_bars(rows, title=table.caption, subtitle=subtitle)

    _attach(table, cells, draw)
    return [context.key_table("M10"), table]


def _m13_total(context: Context) -> Published:
    amounts = [Decimal(value) for value in context.result["M13"].values()]
    return Published(Kind.MONEY, sum(amounts, Decimal(0)))


def _origin_name(code: str, names: Names) -> str:
    if code == "onbekend":
        return str(texts.UNKNOWN_ORIGIN)
    return names.municipalities.get(code, code)


def _m13(context: Context) -> list[Table]:
    cells: list[tuple[str, Published]] = []
    for code in context.result["M13"]:
        key = f"M13.{code}"
        cells.append((context.label(key, _origin_name(code, context.names)), context.cells[key]))
    # Alphabetical, with the unknown origin last.
    cells.sort(key=lambda item: (item[0] == str(texts.UNKNOWN_ORIGIN), item[0].lower()))
    table = Table(
        _("Kosten van verblijf per gemeente van herkomst"),
        [_("Gemeente van herkomst"), _("Kosten")],
        [[label, cell] for label, cell in cells],
        footer=[_("Totaal"), _m13_total(context)],
    )
    if not cells:
        table.no_chart = _("Geen grafiek: er waren geen nachten in de periode.")
        return [table]
    # Whole euros at the bars: cents would only clutter them; the table has them.
    _attach(
        table,
        cells,
        _bars(table, _("Kosten (euro)"), "$,.0f"),
        lambda cell: euros(cell.shown or 0, 0),
    )
    return [table]


BUILDERS: dict[str, Callable[[Context], list[Table]]] = {
    "M7": _m7,
    "M8": _m8,
    "M10": _m10,
    "M13": _m13,
}

SECTION_ORDER = ["M1", "M2", QUARTERS, *[f"M{n}" for n in range(3, 14)]]
