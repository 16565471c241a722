"""The planning view: every milestone on a time axis of quarters (or half-years), one row per
action, coloured by the action's traffic light, late milestones marked; the table beside it
holds the same facts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plek.programs.models import Programme, part_end, part_start
from plek.programs.selectors import ActionStatus
from plek.web.components import Cell, Table

LIGHT_LABELS = {
    "groen": gettext_lazy("Op schema"),
    "rood": gettext_lazy("Vertraagd"),
    "blauw": gettext_lazy("Gereed"),
    "grijs": gettext_lazy("Geen status of geannuleerd"),
}
LIGHT_COLOURS = {"groen": "#39870c", "rood": "#d52b1e", "blauw": "#154273", "grijs": "#696969"}


@dataclass(frozen=True)
class Planning:
    spec: dict[str, Any] | None
    table: Table
    late: int


def build(programme: Programme, rows: list[ActionStatus], today: datetime.date) -> Planning:
    data: list[dict[str, Any]] = []
    table_rows: list[list[Cell]] = []
    late = 0
    for row in rows:
        action = row.action
        milestones = list(action.milestones.all())
        light = row.light
        for milestone in milestones:
            is_late = milestone.late_on(today)
            late += is_late
            data.append(
                {
                    "actie": f"{action.number} {action.title}"[:60],
                    "van": part_start(milestone.planned_year, milestone.planned_part).isoformat(),
                    "tot": part_end(milestone.planned_year, milestone.planned_part).isoformat(),
                    "mijlpaal": milestone.title,
                    "stoplicht": str(LIGHT_LABELS[light]),
                    "te_laat": _("te laat") if is_late else _("op tijd"),
                }
            )
            table_rows.append(
                [
                    Cell(f"{action.number} {action.title}"),
                    Cell(milestone.title),
                    Cell(milestone.planned_label),
                    Cell(date_format(milestone.reached_on) if milestone.reached_on else "—"),
                    Cell(str(LIGHT_LABELS[light]) + (" · " + _("te laat") if is_late else "")),
                ]
            )
        if not milestones:
            table_rows.append(
                [
                    Cell(f"{action.number} {action.title}"),
                    Cell("—"),
                    Cell("—"),
                    Cell("—"),
                    Cell(str(LIGHT_LABELS[light])),
                ]
            )
    table = Table(
        _("Mijlpalen per actie"),
        [_("Actie"), _("Mijlpaal"), _("Gepland"), _("Bereikt op"), _("Stoplicht")],
        table_rows,
    )
    return Planning(_spec(programme, data) if data else None, table, late)


def _spec(programme: Programme, data: list[dict[str, Any]]) -> dict[str, Any]:
    domain = [str(label) for label in LIGHT_LABELS.values()]
    colours = [LIGHT_COLOURS[key] for key in LIGHT_LABELS]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "data": {"values": data},
        "encoding": {
            "y": {
                "field": "actie",
                "type": "nominal",
                "title": None,
                "sort": None,
                "axis": {"labelLimit": 260},
            },
        },
        "layer": [
            {
                "mark": {"type": "bar", "height": {"band": 0.6}, "cornerRadius": 2},
                "encoding": {
                    "x": {
                        "field": "van",
                        "type": "temporal",
                        "title": _("Gepland (kwartaal of halfjaar)"),
                        "timeUnit": "yearmonthdate",
                        "scale": {
                            "domain": [
                                programme.start_date.isoformat(),
                                programme.end_date.isoformat(),
                            ]
                        },
                        "axis": {"format": "%Y-%m", "tickCount": 8},
                    },
                    "x2": {"field": "tot"},
                    "color": {
                        "field": "stoplicht",
                        "type": "nominal",
                        "title": _("Stoplicht"),
                        "scale": {"domain": domain, "range": colours},
                    },
                },
            },
            {
                "transform": [{"filter": f"datum.te_laat == '{_('te laat')}'"}],
                "mark": {
                    "type": "point",
                    "shape": "triangle-down",
                    "filled": True,
                    "color": "#1a1a1a",
                    "size": 60,
                },
                "encoding": {
                    "x": {"field": "tot", "type": "temporal", "timeUnit": "yearmonthdate"}
                },
            },
        ],
        "height": {"step": 22},
    }
