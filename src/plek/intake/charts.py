"""The ZRM chart (a Vega-Lite spec built with Altair) and the table that always goes with it."""

from __future__ import annotations

from typing import Any

import altair as alt
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from plek.intake.selectors import ScoredAssessment
from plek.intake.zrm import DOMAINS, Domain
from plek.web.components import Cell, Table


def zrm_spec(assessments: list[ScoredAssessment]) -> dict[str, Any]:
    """One line per life domain over time, score 1–5 on the y axis."""
    labels = dict(Domain.choices)
    rows = [
        {
            "datum": item.assessment.assessed_on.isoformat(),
            "leefgebied": str(labels[domain]),
            "score": item.scores[domain],
        }
        for item in assessments
        for domain in DOMAINS
        if domain in item.scores
    ]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("datum:T", title=_("Datum meting")),
            y=alt.Y(
                "score:Q",
                title=_("Score (1 acuut – 5 volledig zelfredzaam)"),
                scale=alt.Scale(domain=[1, 5]),
                axis=alt.Axis(values=[1, 2, 3, 4, 5]),
            ),
            color=alt.Color(
                "leefgebied:N",
                title=_("Leefgebied"),
                sort=[str(labels[d]) for d in DOMAINS],
            ),
        )
        .properties(width="container", height=320)
    )
    spec: dict[str, Any] = chart.to_dict()
    spec["description"] = _("ZRM-scores per leefgebied in de tijd")
    return spec


def zrm_table(assessments: list[ScoredAssessment]) -> Table:
    """The chart's data: a row per domain, a column per assessment (open shows as –)."""
    labels = dict(Domain.choices)
    columns = [_("Leefgebied")] + [date_format(a.assessment.assessed_on) for a in assessments]
    rows = [
        [Cell(labels[domain])]
        + [Cell(item.scores.get(domain, "–"), numeric=True) for item in assessments]
        for domain in DOMAINS
    ]
    return Table(
        _("ZRM-scores per leefgebied en meting"),
        columns,
        rows,
        empty_text=_("Nog geen ZRM-metingen."),
        numeric_columns=frozenset(range(1, len(columns))),
    )
