"""The report's charts as Vega-Lite specifications, rendered to SVG.

The same specification can be drawn in a page by vega-embed; for the PDF, vl-convert renders it
on the server. Charts only ever get published values: a suppressed cell is left out, never drawn
at its real height, and the chart's subtitle says so. Every chart sits above the table with its
data.

Colours follow the Dutch central government palette (dark blue, sky blue; the orange darkened),
chosen so that neighbours differ in lightness as well as hue (readable in greyscale and with
colour blindness: blue against orange, never red against green), each with a contrast of at least
3:1 against white, as WCAG 2.2 asks of graphical objects.

The specifications are written as plain Vega-Lite JSON, not built with Altair as elsewhere in
plek: Altair's objects and their schema checks took half of a national dashboard's time (some
twenty charts a page). tests/monitor/test_charts.py checks every shape against the Vega-Lite schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import vl_convert

DARK_BLUE = "#154273"
SKY_BLUE = "#007BC7"
ORANGE = "#C65B00"
GREY = "#535353"
FONT = "Liberation Sans"
# The Vega-Lite version vl-convert and the page's vega-embed draw (the one Altair ships with).
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
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


def _finish(spec: dict[str, Any], alt_text: str) -> Chart:
    return Chart(spec=top_level(spec), alt=alt_text)


def top_level(spec: dict[str, Any]) -> dict[str, Any]:
    """A chart's specification with what every top-level one carries."""
    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
        **spec,
        "$schema": SCHEMA,
    }


def _title(title: str, subtitle: str | None) -> dict[str, str]:
    return {"text": title, "subtitle": subtitle or ""}


def _label_axis() -> dict[str, Any]:
    """The categories down the side, in the order given."""
    return {
        "axis": {"labelLimit": 220},
        "field": "label",
        "sort": None,
        "title": None,
        "type": "nominal",
    }


def _text(mark: dict[str, Any], encoding: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A layer that writes each row's `text` at its bar's end."""
    return {
        "mark": {"type": "text", **mark},
        "encoding": {"text": {"field": "text", "type": "nominal"}, **encoding},
        **extra,
    }


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
    encoding = {
        # Few ticks: labels such as "90%" and "100%" must not run into each other.
        "x": {
            "axis": {"format": value_format, "tickCount": 5},
            "field": "value",
            **({"scale": {"domain": list(domain)}} if domain else {}),
            "title": value_title,
            "type": "quantitative",
        },
        "y": _label_axis(),
    }
    spec = {
        "layer": [
            {
                "mark": {"type": "bar", "color": SKY_BLUE, "height": {"band": 0.7}},
                "encoding": encoding,
            },
            _text({"align": "left", "color": "#1a1a1a", "dx": 3, "fontSize": 10}, encoding),
        ],
        "data": {"values": rows},
        "height": {"step": STEP},
        "title": _title(title, subtitle),
        "width": WIDTH,
    }
    return _finish(spec, f"{title}. Staafdiagram; de waarden staan in de tabel eronder.")


def _padded(values: Iterable[float]) -> tuple[float, float]:
    """An axis from the lowest to the highest value (and always 0), with room for the labels
    at the bar ends on the side(s) where bars are."""
    seen = list(values)
    low, high = min([0.0, *seen]), max([0.0, *seen])
    room = max(0.1, (high - low) * 0.15)
    return (low - room if low < 0 else 0.0), (high + room if high > 0 else 0.0)


def change_bars(rows: list[dict[str, Any]], *, title: str, subtitle: str | None) -> Chart:
    """Mean change per ZRM domain: to the right (blue) is progress, to the left (orange) decline."""
    data = {"values": rows}
    encoding = {
        # One decimal on the axis and at least 0.1 between ticks, so no label appears twice.
        "x": {
            "axis": {"format": ".1f", "tickCount": 6, "tickMinStep": 0.1},
            "field": "value",
            "scale": {"domain": list(_padded(row["value"] for row in rows)), "nice": False},
            "title": "Gemiddelde verandering in ZRM-score",
            "type": "quantitative",
        },
        "y": _label_axis(),
    }
    bars = {
        "data": data,
        "mark": {"type": "bar", "height": {"band": 0.7}},
        "encoding": {
            "color": {
                "condition": {"test": "(datum.value >= 0)", "value": SKY_BLUE},
                "value": ORANGE,
            },
            **encoding,
        },
    }
    # Labels outside the bar end: right of progress, left of decline.
    up = _text(
        {"align": "left", "dx": 3, "fontSize": 10},
        encoding,
        data=data,
        transform=[{"filter": "(datum.value >= 0)"}],
    )
    down = _text(
        {"align": "right", "dx": -3, "fontSize": 10},
        encoding,
        data=data,
        transform=[{"filter": "(datum.value < 0)"}],
    )
    zero = {
        "data": {"values": [{"zero": 0}]},
        "mark": {"type": "rule", "color": GREY},
        "encoding": {"x": {"field": "zero", "type": "quantitative"}},
    }
    spec = {
        "layer": [bars, up, down, zero],
        "height": {"step": STEP},
        "title": _title(title, subtitle),
        "width": WIDTH,
    }
    return _finish(spec, f"{title}. Staafdiagram rond nul; de waarden staan in de tabel eronder.")


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
    spec = {
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "color": {
                "field": "series",
                "scale": {"domain": series, "range": colours},
                "sort": series,
                "title": None,
                "type": "nominal",
            },
            # Every period on the axis, also one whose values are all suppressed.
            "x": {
                "axis": {"labelAngle": 0},
                "field": "period",
                "scale": {"domain": periods},
                "title": "Kwartaal",
                "type": "nominal",
            },
            # Every series keeps its slot, also when a suppressed value leaves it empty.
            "xOffset": {
                "field": "series",
                "scale": {"domain": series},
                "sort": series,
                "type": "nominal",
            },
            "y": {
                "axis": {"format": ",d"},
                "field": "value",
                "title": "Aantal personen",
                "type": "quantitative",
            },
        },
        "height": 200,
        "title": _title(title, subtitle),
        "width": WIDTH + 40,
    }
    return _finish(spec, f"{title}. Kolommen per kwartaal; de waarden staan in de tabel eronder.")
