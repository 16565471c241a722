"""The report's charts as Vega-Lite specifications (built with Altair), rendered to SVG.

The same specification can be drawn in a page by vega-embed; for the PDF, vl-convert renders it
on the server. Charts only ever get published values: a suppressed cell is left out, never drawn
at its real height, and the chart's subtitle says so. Every chart sits above the table with its
data.

Colours follow the Dutch central government palette (dark blue, sky blue; the orange darkened),
chosen so that neighbours differ in lightness as well as hue (readable in greyscale and with
colour blindness: blue against orange, never red against green), each with a contrast of at least
3:1 against white, as WCAG 2.2 asks of graphical objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import altair as alt
import vl_convert

DARK_BLUE = "#154273"
SKY_BLUE = "#007BC7"
ORANGE = "#C65B00"
GREY = "#535353"
FONT = "Liberation Sans"
# Width of the plot area in CSS pixels; with the labels a chart stays within the A4 text width.
WIDTH = 400
STEP = 15  # pixels per bar band: a chart of 14 facilities still leaves room for its table

CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": 11,
        "titleFontSize": 11,
        "titleFontWeight": "normal",
        "labelColor": "#1a1a1a",
        "titleColor": "#1a1a1a",
        "gridColor": "#dcdcdc",
        "domainColor": GREY,
        "tickColor": GREY,
    },
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom"},
    "title": {
        "fontSize": 13,
        "anchor": "start",
        "color": "#1a1a1a",
        "subtitleFontSize": 10,
        "subtitleColor": GREY,
    },
}


@dataclass(frozen=True)
class Chart:
    """A specification and its rendering; `alt` describes it for readers of the PDF's text.

    The SVG is drawn on first use: the PDF needs it, the dashboard draws the spec in the
    browser (a national report has charts over 342 municipalities: seconds to render)."""

    spec: dict[str, Any]
    alt: str

    @cached_property
    def svg(self) -> str:
        return render(self.spec)


def render(spec: dict[str, Any]) -> str:
    """SVG of a Vega-Lite spec, Dutch number notation, no network access."""
    return vl_convert.vegalite_to_svg(
        spec, config=CONFIG, format_locale="nl-NL", allowed_base_urls=[]
    )


def _finish(chart: alt.TopLevelMixin, alt_text: str) -> Chart:
    spec = chart.to_dict()
    return Chart(spec=spec, alt=alt_text)


def _title(title: str, subtitle: str | None) -> alt.Title:
    return alt.Title(title, subtitle=subtitle or "")


def horizontal_bars(
    rows: list[dict[str, Any]],
    *,
    title: str,
    value_title: str,
    value_format: str,
    subtitle: str | None = None,
    domain: tuple[float, float] | None = None,
) -> Chart:
    """One bar per category (`label`), its length `value`, labelled with `text` at its end."""
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        # Few ticks: labels such as "90%" and "100%" must not run into each other.
        x=alt.X(
            "value:Q",
            title=value_title,
            scale=scale,
            axis=alt.Axis(format=value_format, tickCount=5),
        ),
    )
    bars = base.mark_bar(color=SKY_BLUE, height={"band": 0.7})
    labels = base.mark_text(align="left", dx=3, fontSize=10, color="#1a1a1a").encode(text="text:N")
    chart = (bars + labels).properties(
        width=WIDTH, height={"step": STEP}, title=_title(title, subtitle)
    )
    return _finish(chart, f"{title}. Staafdiagram; de waarden staan in de tabel eronder.")


def _padded(values: Iterable[float]) -> tuple[float, float]:
    """An axis from the lowest to the highest value (and always 0), with room for the labels
    at the bar ends on the side(s) where bars are."""
    seen = list(values)
    low, high = min([0.0, *seen]), max([0.0, *seen])
    room = max(0.1, (high - low) * 0.15)
    return (low - room if low < 0 else 0.0), (high + room if high > 0 else 0.0)


def change_bars(rows: list[dict[str, Any]], *, title: str, subtitle: str | None) -> Chart:
    """Mean change per ZRM domain: to the right (blue) is progress, to the left (orange) decline."""
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
        # One decimal on the axis and at least 0.1 between ticks, so no label appears twice.
        x=alt.X(
            "value:Q",
            title="Gemiddelde verandering in ZRM-score",
            axis=alt.Axis(format=".1f", tickMinStep=0.1, tickCount=6),
            scale=alt.Scale(domain=list(_padded(row["value"] for row in rows)), nice=False),
        ),
    )
    bars = base.mark_bar(height={"band": 0.7}).encode(
        color=alt.condition(alt.datum.value >= 0, alt.value(SKY_BLUE), alt.value(ORANGE))
    )
    # Labels outside the bar end: right of progress, left of decline.
    up = base.transform_filter(alt.datum.value >= 0).mark_text(align="left", dx=3, fontSize=10)
    down = base.transform_filter(alt.datum.value < 0).mark_text(align="right", dx=-3, fontSize=10)
    zero = alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(color=GREY).encode(x="zero:Q")
    chart = alt.layer(bars, up.encode(text="text:N"), down.encode(text="text:N"), zero).properties(
        width=WIDTH, height={"step": STEP}, title=_title(title, subtitle)
    )
    return _finish(chart, f"{title}. Staafdiagram rond nul; de waarden staan in de tabel eronder.")


def grouped_columns(
    rows: list[dict[str, Any]],
    *,
    title: str,
    periods: list[str],
    series: list[str],
    subtitle: str | None,
) -> Chart:
    """Columns per period (`period`), one per series (`series`) side by side, height `value`."""
    colours = [DARK_BLUE, SKY_BLUE, ORANGE][: len(series)]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            # Every period on the axis, also one whose values are all suppressed.
            x=alt.X(
                "period:N",
                title="Kwartaal",
                scale=alt.Scale(domain=periods),
                axis=alt.Axis(labelAngle=0),
            ),
            # Every series keeps its slot, also when a suppressed value leaves it empty.
            xOffset=alt.XOffset("series:N", sort=series, scale=alt.Scale(domain=series)),
            y=alt.Y("value:Q", title="Aantal personen", axis=alt.Axis(format=",d")),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=colours),
            ),
        )
        .properties(width=WIDTH + 40, height=200, title=_title(title, subtitle))
    )
    return _finish(chart, f"{title}. Kolommen per kwartaal; de waarden staan in de tabel eronder.")
