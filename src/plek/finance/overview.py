"""The policy officer's page on protected living and its money: aggregates only.

Counts go through the monitor's publication rules (1–4 shown as <5, shares over fewer than 10
not shown); money is published as it is, like M13.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import altair as alt
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from plek.accounts.models import Municipality
from plek.finance import allocation
from plek.finance.costs import UNKNOWN, realised_cost
from plek.finance.models import AllocationModel, Budget
from plek.monitor.report.formatting import display, euros, percentage
from plek.monitor.report.suppression import Kind, as_is, count, share
from plek.protection import figures
from plek.protection.figures import Slice
from plek.web.components import Cell, Table

AGE_BANDS = (("18-26", 18, 26), ("27-49", 27, 49), ("50-64", 50, 64), ("65+", 65, None))
SEXES = (
    ("V", gettext_noop("Vrouw")),
    ("M", gettext_noop("Man")),
    ("X", gettext_noop("Anders / onbekend")),
)


def quarters(year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    starts = [datetime.date(year, month, 1) for month in (1, 4, 7, 10)]
    ends = [*(s - datetime.timedelta(days=1) for s in starts[1:]), datetime.date(year, 12, 31)]
    return [(f"K{i + 1} {year}", s, e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]


@dataclass(frozen=True)
class Phase:
    model: str
    historical: Decimal
    objective: Decimal


@dataclass(frozen=True)
class Overview:
    year: int
    municipality: Municipality | None
    phase: Phase | None
    cost_table: Table
    cost_chart: dict[str, Any] | None
    quarter_table: Table
    flow_table: Table
    breakdown_table: Table


def phase_of(year: int) -> Phase | None:
    model = AllocationModel.objects.order_by("-first_year", "id").first()
    if model is None:
        return None
    weight = allocation.historical_weight(model.first_year, model.phase_out_years, year)
    historical = Decimal(weight.numerator) / Decimal(weight.denominator)
    return Phase(model.name, historical, 1 - historical)


def _money(value: Decimal | None) -> Cell:
    return Cell(display(as_is(Kind.MONEY, value)) if value is not None else "–", numeric=True)


def _cost_rows(year: int, municipality: Municipality | None) -> list[dict[str, Any]]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    costs = realised_cost(start, end)
    budgets = {
        b.municipality.code: b
        for b in Budget.objects.filter(year=year).select_related("municipality")
    }
    places = Municipality.objects.order_by("name")
    if municipality is not None:
        places = places.filter(pk=municipality.pk)
    zero = Decimal("0.00")
    rows = []
    for place in places:
        cost = costs.get(place.code)
        budget = budgets.get(place.code)
        if cost is None and budget is None:
            continue
        total = cost.total if cost else zero
        rows.append(
            {
                "name": place.name,
                "stays": cost.stays if cost else zero,
                "ambulatory": cost.ambulatory if cost else zero,
                "total": total,
                "budget": budget.amount if budget else None,
                "historical": budget.historical_part if budget else None,
                "difference": budget.amount - total if budget else None,
            }
        )
    if municipality is None and UNKNOWN in costs:
        cost = costs[UNKNOWN]
        rows.append(
            {
                "name": _("Onbekend"),
                "stays": cost.stays,
                "ambulatory": cost.ambulatory,
                "total": cost.total,
                "budget": None,
                "historical": None,
                "difference": None,
            }
        )
    return rows


def _cost_table(year: int, rows: list[dict[str, Any]]) -> Table:
    columns = [
        _("Gemeente van herkomst"),
        _("Verblijf beschermd wonen"),
        _("Ambulant (beschermd thuis)"),
        _("Kosten totaal"),
        _("Budget"),
        _("Waarvan historisch deel"),
        _("Verschil (budget − kosten)"),
    ]
    return Table(
        caption=_("Gerealiseerde kosten tegen budget per gemeente van herkomst, %(year)s")
        % {"year": year},
        columns=columns,
        rows=[
            [Cell(row["name"])]
            + [
                _money(row[key])
                for key in ("stays", "ambulatory", "total", "budget", "historical", "difference")
            ]
            for row in rows
        ],
        numeric_columns=frozenset(range(1, len(columns))),
    )


def _cost_chart(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    cost_label, budget_label = _("Kosten"), _("Budget")
    values = []
    for row in rows:
        values.append({"gemeente": row["name"], "soort": cost_label, "euro": float(row["total"])})
        if row["budget"] is not None:
            values.append(
                {"gemeente": row["name"], "soort": budget_label, "euro": float(row["budget"])}
            )
    if not values:
        return None
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("gemeente:N", title=_("Gemeente van herkomst")),
            yOffset=alt.YOffset("soort:N"),
            x=alt.X("euro:Q", title=_("Euro")),
            color=alt.Color(
                "soort:N",
                title="",
                scale=alt.Scale(domain=[cost_label, budget_label], range=["#01689b", "#8fcae7"]),
            ),
            tooltip=["gemeente:N", "soort:N", "euro:Q"],
        )
        .properties(width="container")
    )
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _quarter_table(year: int, municipality: Municipality | None) -> Table:
    budget_query = Budget.objects.filter(year=year)
    if municipality is not None:
        budget_query = budget_query.filter(municipality=municipality)
    yearly = sum((b.amount for b in budget_query), Decimal(0)) if budget_query.exists() else None
    rows = []
    for label, start, end in quarters(year):
        costs = realised_cost(start, end)
        if municipality is not None:
            cost = costs.get(municipality.code)
            total = cost.total if cost else Decimal("0.00")
        else:
            total = sum((c.total for c in costs.values()), Decimal("0.00"))
        budget = (yearly / 4).quantize(Decimal("0.01")) if yearly is not None else None
        rows.append(
            [
                Cell(label),
                _money(total),
                _money(budget),
                _money(budget - total if budget is not None else None),
            ]
        )
    return Table(
        caption=_("Per kwartaal: kosten tegen een kwart van het jaarbudget"),
        columns=[_("Kwartaal"), _("Kosten"), _("Budget (kwart)"), _("Verschil")],
        rows=rows,
        numeric_columns=frozenset({1, 2, 3}),
    )


def _flow_values(start: datetime.date, end: datetime.date, cut: Slice) -> list[str]:
    out = figures.bw_outflow(start, end, cut)
    return [
        display(count(figures.bw_stock(end, cut))),
        display(count(figures.bw_inflow(start, end, cut))),
        display(count(out["persons"])),
        display(share(out["share"], out["persons"])),
        display(count(figures.beschermd_thuis(end, cut))),
        display(count(figures.indications_expiring(start, end, cut)["total"])),
    ]


FLOW_COLUMNS = (
    gettext_noop("In beschermd wonen (einde periode)"),
    gettext_noop("Instroom"),
    gettext_noop("Uitstroom"),
    gettext_noop("Waarvan naar beschermd thuis"),
    gettext_noop("Beschermd thuis (einde periode)"),
    gettext_noop("Aflopende indicaties"),
)


def _flow_table(year: int, cut: Slice) -> Table:
    periods = [*quarters(year), (str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))]
    columns = [_("Periode"), *(_(c) for c in FLOW_COLUMNS)]
    return Table(
        caption=_("Van beschermd wonen naar beschermd thuis: personen per kwartaal"),
        columns=columns,
        rows=[
            [Cell(label)] + [Cell(v, numeric=True) for v in _flow_values(s, e, cut)]
            for label, s, e in periods
        ],
        numeric_columns=frozenset(range(1, len(columns))),
    )


def _breakdown_table(year: int, base: Slice) -> Table:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    groups: list[tuple[str, Slice]] = [
        (_(label), Slice(municipality=base.municipality, sex=sex)) for sex, label in SEXES
    ] + [
        (label, Slice(municipality=base.municipality, min_age=low, max_age=high))
        for label, low, high in AGE_BANDS
    ]
    columns = [_("Groep"), *(_(c) for c in FLOW_COLUMNS)]
    return Table(
        caption=_("Uitsplitsing naar geslacht en leeftijd, %(year)s") % {"year": year},
        columns=columns,
        rows=[
            [Cell(label)] + [Cell(v, numeric=True) for v in _flow_values(start, end, cut)]
            for label, cut in groups
        ],
        numeric_columns=frozenset(range(1, len(columns))),
    )


def build(year: int, municipality: Municipality | None) -> Overview:
    rows = _cost_rows(year, municipality)
    cut = Slice(municipality=municipality.code if municipality else None)
    return Overview(
        year=year,
        municipality=municipality,
        phase=phase_of(year),
        cost_table=_cost_table(year, rows),
        cost_chart=_cost_chart(rows),
        quarter_table=_quarter_table(year, municipality),
        flow_table=_flow_table(year, cut),
        breakdown_table=_breakdown_table(year, cut),
    )


def phase_text(phase: Phase) -> str:
    return _(
        "Verdeelmodel %(model)s: %(historical)s van het budget volgt nog het historische "
        "aandeel, %(objective)s het objectieve aandeel."
    ) % {
        "model": phase.model,
        "historical": percentage(phase.historical),
        "objective": percentage(phase.objective),
    }


__all__ = ["Overview", "build", "euros", "phase_text", "quarters"]
