"""What an indicator says: its value for a period rule (live from the monitor, or kept by hand),
its target, the verdict (reached / on track / behind) and its trend over the quarters.

Bound figures come from the same entry point as `plek monitor` (`engine.compute`) or from
`plek.programs.figures`, and pass the monitor's publication rules (`report.suppression`) before
anyone sees them: a count of 1 to 4 is `<5`, a median over fewer than 10 decisions is `–`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from plek.monitor.engine import Period, compute
from plek.monitor.report import texts
from plek.monitor.report.formatting import decimal, display
from plek.monitor.report.suppression import Kind, Published, as_is, count, publish, statistic
from plek.programs import figures
from plek.programs.models import Direction, Indicator, PeriodRule, Programme

MANUAL = "handmatig"

# Monitor figures an indicator may be bound to (keys of the JSON contract, EXCHANGE.md §2).
MONITOR_KEYS = (
    "M1.persons",
    "M2.inflow",
    "M2.first_time",
    "M3.ended_median_nights",
    "M4.to_housing",
    "M4.share",
    "M6.placed",
    "M6.placed_median_days",
    "M8.received",
    "M8.share",
    "M9.applications",
    "M9.share",
    "M9.median_days",
    "M9.active",
    "M10.share",
    "M11.active",
    "M11.share",
    "M12.share",
)

POINT = "punt"  # a figure on a day (the period's last day)
SPAN = "periode"  # a figure over the period


@dataclass(frozen=True)
class ProgrammeFigure:
    label: Promise
    kind: str  # POINT or SPAN
    needs_type: bool = False


PROGRAMME_FIGURES: dict[str, ProgrammeFigure] = {
    "hf_nieuw": ProgrammeFigure(_("Nieuwe Housing First-plaatsingen"), SPAN),
    "capaciteit": ProgrammeFigure(_("Plaatsen per soort voorziening"), POINT, needs_type=True),
    "respijtplekken": ProgrammeFigure(_("Terugvalplekken (respijt)"), POINT),
    "briefadres_mediaan": ProgrammeFigure(
        _("Briefadres: mediane dagen van aanvraag tot besluit"), SPAN
    ),
    "bw_bestand": ProgrammeFigure(_("Beschermd wonen: bewoners op de peildatum"), POINT),
    "bw_instroom": ProgrammeFigure(_("Beschermd wonen: instroom (personen)"), SPAN),
    "bw_uitstroom": ProgrammeFigure(_("Beschermd wonen: uitstroom (personen)"), SPAN),
}


def source_choices() -> list[tuple[str, str]]:
    choices = [(MANUAL, str(_("Handmatig bijgehouden waarde")))]
    choices += [(key, f"{key.split('.')[0]} · {texts.LABELS[key]}") for key in MONITOR_KEYS]
    choices += [(key, str(figure.label)) for key, figure in PROGRAMME_FIGURES.items()]
    return choices


def source_label(source: str) -> str:
    return dict(source_choices()).get(source, source)


def valid_source(source: str) -> bool:
    return source == MANUAL or source in MONITOR_KEYS or source in PROGRAMME_FIGURES


# -- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: datetime.date
    end: datetime.date
    # How much of the span the target is meant to cover has passed (for "on track"): 0..1.
    elapsed: Decimal = Decimal(1)


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def span_for(rule: str, programme: Programme, as_of: datetime.date) -> Span:
    if rule == PeriodRule.VORIG_JAAR:
        year = as_of.year - 1
        return Span(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if rule == PeriodRule.LAATSTE_KWARTAAL:
        end = _quarter_start(as_of) - datetime.timedelta(days=1)
        if as_of.month in (3, 6, 9, 12) and (as_of + datetime.timedelta(days=1)).day == 1:
            end = as_of  # the reference date closes a quarter: that quarter is the last full one
        return Span(_quarter_start(end), end)
    if rule == PeriodRule.SINDS_START:
        start = programme.start_date
        end = max(start, as_of)
        whole = (programme.end_date - start).days + 1
        done = min(whole, (end - start).days + 1)
        return Span(start, end, Decimal(done) / Decimal(whole) if whole > 0 else Decimal(1))
    if rule == PeriodRule.PEILDATUM:
        return Span(as_of, as_of)
    # Calendar year up to the reference date.
    start = datetime.date(as_of.year, 1, 1)
    year_days = (datetime.date(as_of.year, 12, 31) - start).days + 1
    return Span(start, as_of, Decimal((as_of - start).days + 1) / Decimal(year_days))


# -- values -----------------------------------------------------------------------------------


@dataclass
class FigureCache:
    """Monitor results per period and scope, so a page computes each period once."""

    as_of: datetime.date
    results: dict[tuple[datetime.date, datetime.date, str | None], dict[str, Published]] = field(
        default_factory=dict
    )

    def monitor(
        self, start: datetime.date, end: datetime.date, municipality: str | None
    ) -> dict[str, Published]:
        key = (start, end, municipality)
        if key not in self.results:
            as_of = max(self.as_of, end)
            self.results[key] = publish(compute(Period(start, end, as_of, municipality)))
        return self.results[key]


def _programme_figure(
    indicator: Indicator, start: datetime.date, end: datetime.date, municipality: str | None
) -> Published:
    source = indicator.source
    if source == "hf_nieuw":
        return count(int(figures.hf_new(start, end, municipality).value or 0))
    if source == "capaciteit":
        places = figures.capacity(indicator.facility_type, end, municipality)
        return as_is(Kind.UNIT_NIGHTS, places.value)
    if source == "respijtplekken":
        return as_is(Kind.UNIT_NIGHTS, figures.respite_places(end, municipality).value)
    if source == "briefadres_mediaan":
        median = figures.postal_median_days(start, end, municipality)
        value = median.value if median.value is None else Decimal(median.value)
        return statistic(value, median.base)
    readers: dict[str, Callable[[], figures.Figure]] = {
        "bw_bestand": lambda: figures.bw_stock(end, municipality),
        "bw_instroom": lambda: figures.bw_inflow(start, end, municipality),
        "bw_uitstroom": lambda: figures.bw_outflow(start, end, municipality),
    }
    return count(int(readers[source]().value or 0))


def published_value(
    indicator: Indicator, start: datetime.date, end: datetime.date, cache: FigureCache
) -> Published:
    """The indicator's published value over [start, end] (point figures: on `end`)."""
    municipality = indicator.municipality.code if indicator.municipality else None
    if indicator.manual:
        value = _manual_value(indicator, end)
        return as_is(Kind.STATISTIC, value)
    if indicator.source in PROGRAMME_FIGURES:
        return _programme_figure(indicator, start, end, municipality)
    cells = cache.monitor(start, end, municipality)
    return cells.get(indicator.source, Published(Kind.COUNT, None, None))


def _manual_value(indicator: Indicator, on: datetime.date) -> Decimal | None:
    values = getattr(indicator, "prefetched_values", None)
    if values is None:
        values = list(indicator.values.order_by("on_date", "id"))
    latest = [row for row in values if row.on_date <= on]
    return latest[-1].value if latest else None


def text(cell: Published) -> str:
    if cell.kind is Kind.STATISTIC and cell.reason is None and cell.value is not None:
        return number(cell.value)
    return display(cell) or "n.v.t."


def number(value: Decimal | int) -> str:
    """A plain Dutch number: no decimals for whole values, else up to two."""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        return decimal(exact, 0)
    return decimal(exact, 2).rstrip("0").rstrip(",")


# -- verdict ----------------------------------------------------------------------------------

REACHED = "bereikt"
ON_TRACK = "op_koers"
BEHIND = "achter"
UNKNOWN = "onbekend"
NO_TARGET = "geen_doel"

VERDICT_LABELS = {
    REACHED: _("Bereikt"),
    ON_TRACK: _("Op koers"),
    BEHIND: _("Achter"),
    UNKNOWN: _("Onbekend"),
    NO_TARGET: _("Geen streefwaarde"),
}


def _comparable(cell: Published) -> Decimal | None:
    if cell.shown is None:
        return None
    value = Decimal(cell.shown)
    # Shares are fractions in the contract; targets on shares are written in percent.
    return value * 100 if cell.kind in (Kind.SHARE, Kind.OCCUPANCY) else value


def verdict(indicator: Indicator, cell: Published, elapsed: Decimal) -> str:
    """Reached when the value meets the target; else on track when it meets the part of the
    way from the baseline (0 when none) that the elapsed part of the period asks for."""
    if indicator.target is None:
        return NO_TARGET
    value = _comparable(cell)
    if value is None:
        return UNKNOWN
    target = Decimal(indicator.target)
    if indicator.direction == Direction.LAGER:
        if value <= target:
            return REACHED
        if indicator.baseline is None:
            return BEHIND
        expected = Decimal(indicator.baseline) - (Decimal(indicator.baseline) - target) * elapsed
        return ON_TRACK if value <= expected else BEHIND
    if value >= target:
        return REACHED
    baseline = Decimal(indicator.baseline) if indicator.baseline is not None else Decimal(0)
    expected = baseline + (target - baseline) * elapsed
    return ON_TRACK if value >= expected else BEHIND


# -- readings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: Decimal | None  # None when suppressed or empty: never drawn
    text: str


@dataclass(frozen=True)
class Reading:
    indicator: Indicator
    span: Span
    cell: Published
    text: str
    verdict: str
    trend: list[TrendPoint]

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])

    @property
    def target_text(self) -> str:
        if self.indicator.target is None:
            return "–"
        sign = "≥" if self.indicator.direction == Direction.HOGER else "≤"
        unit = f" {self.indicator.unit}" if self.indicator.unit else ""
        return f"{sign} {number(self.indicator.target)}{unit}"

    @property
    def source_text(self) -> str:
        return source_label(self.indicator.source)

    @property
    def suppressed(self) -> bool:
        return self.cell.suppressed


def _quarter_ends(as_of: datetime.date, n: int) -> list[datetime.date]:
    """The reference date and the ends of the quarters before it, oldest first."""
    ends = [as_of]
    while len(ends) < n:
        ends.append(_quarter_start(ends[-1]) - datetime.timedelta(days=1))
    return list(reversed(ends))


def trend(indicator: Indicator, as_of: datetime.date, cache: FigureCache) -> list[TrendPoint]:
    """The value as it stood at the end of each of the last quarters, by the same period rule,
    so every point compares with the same target."""
    points = []
    for end in _quarter_ends(as_of, 6):
        span = span_for(indicator.period_rule, indicator.programme, end)
        cell = published_value(indicator, span.start, span.end, cache)
        label = f"{end.year}-K{(end.month - 1) // 3 + 1}"
        points.append(TrendPoint(label, _comparable(cell), text(cell)))
    return points


def read(
    indicator: Indicator,
    as_of: datetime.date,
    cache: FigureCache | None = None,
    *,
    with_trend: bool = True,
) -> Reading:
    cache = cache or FigureCache(as_of)
    span = span_for(indicator.period_rule, indicator.programme, as_of)
    cell = published_value(indicator, span.start, span.end, cache)
    return Reading(
        indicator=indicator,
        span=span,
        cell=cell,
        text=text(cell),
        verdict=verdict(indicator, cell, span.elapsed),
        trend=trend(indicator, as_of, cache) if with_trend else [],
    )


def trend_spec(reading: Reading) -> dict[str, Any] | None:
    """A Vega-Lite line of the published quarterly values, with the target as a rule."""
    rows = [
        {"kwartaal": point.label, "waarde": float(point.value)}
        for point in reading.trend
        if point.value is not None
    ]
    if not rows:
        return None
    order = [point.label for point in reading.trend]
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": True, "color": "#007BC7"},
            "encoding": {
                "x": {"field": "kwartaal", "type": "ordinal", "sort": order, "title": "Kwartaal"},
                "y": {"field": "waarde", "type": "quantitative", "title": str(_("Waarde"))},
            },
        }
    ]
    if reading.indicator.target is not None:
        layers.append(
            {
                "data": {"values": [{"doel": float(reading.indicator.target)}]},
                "mark": {"type": "rule", "color": "#C65B00", "strokeDash": [4, 3]},
                "encoding": {"y": {"field": "doel", "type": "quantitative"}},
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 160,
        "layer": layers,
    }
