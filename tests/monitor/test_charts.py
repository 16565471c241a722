"""The monitor's charts are plain Vega-Lite JSON (report/charts.py says why): every shape must be
valid against the schema of the Vega-Lite version the page and vl-convert draw."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import altair as alt
import jsonschema
import pytest
from altair.vegalite.v6.schema.core import load_schema

from plek.monitor.dashboard import _bars, build_dashboard
from plek.monitor.engine import Period
from plek.monitor.report import charts

ROWS = [
    {"label": "Nachtopvang", "value": 12, "text": "12"},
    {"label": "Beschermd wonen", "value": -0.4, "text": "-0,4"},
]


def _valid(spec: dict[str, Any]) -> None:
    jsonschema.validate(spec, load_schema())


@pytest.mark.parametrize(
    "spec",
    [
        chart.spec
        for chart in (
            charts.horizontal_bars(ROWS, title="T", value_title="Aantal", value_format=",d"),
            charts.horizontal_bars(
                ROWS, title="T", value_title="Deel", value_format=".0%", subtitle="S", domain=(0, 1)
            ),
            charts.change_bars(ROWS, title="T", subtitle=None),
            charts.grouped_columns(
                [{"period": "K1 2024", "series": "Instroom", "value": 7}],
                title="T",
                periods=["K1 2024", "K2 2024"],
                series=["Personen", "Instroom"],
                subtitle="S",
            ),
        )
    ]
    + [_bars([{"groep": "Vrouw", "aantal": 40}, {"groep": "Man", "aantal": 61}], "Geslacht")],
)
def test_every_chart_shape_is_valid_vega_lite(spec: dict[str, Any]) -> None:
    _valid(spec)
    assert spec["$schema"] == alt.SCHEMA_URL


def test_an_invalid_spec_is_caught() -> None:
    spec = charts.horizontal_bars(ROWS, title="T", value_title="A", value_format=",d").spec
    spec["layer"][0]["mark"]["type"] = "staaf"
    with pytest.raises(jsonschema.ValidationError):
        _valid(spec)


def test_every_chart_on_the_dashboard_is_valid_vega_lite(golden_region: Path) -> None:
    period = Period(
        datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), datetime.date(2026, 1, 1)
    )
    dashboard = build_dashboard(period)
    specs = [table.chart for section in dashboard.sections for table in section.tables]
    specs += [breakdown.chart for breakdown in dashboard.breakdowns]
    drawn = [spec for spec in specs if spec]  # the small region's other charts are suppressed
    assert len(drawn) >= 2
    for spec in drawn:
        _valid(spec)
