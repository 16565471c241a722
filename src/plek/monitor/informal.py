"""Informal care's figures as the monitor publishes them: with the small-number suppression.

The exact figures are ``plek.informal.figures`` (set-based, one query per figure); this module,
on top, passes them through ``report.suppression`` (a count from 1 to 4 shows as "<5"; a
median or share over fewer than 10 is not shown) and shows them per municipality and year on the
page "Cijfers informele zorg", for policy officers and volunteer coordinators.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plek.access.exceptions import AccessDenied
from plek.accounts.context import actor_from_request
from plek.accounts.models import Municipality
from plek.accounts.roles import Role
from plek.informal import figures
from plek.informal.figures import COUNT_KEYS, Municipalities
from plek.monitor.report.suppression import Kind, Published, count, share, statistic
from plek.web.components import Cell, Table

FIGURE_ROLES = (Role.BELEID, Role.VRIJWILLIGERS)
COLUMNS = (
    ("registered_carers", gettext_lazy("Mantelzorgers")),
    ("carers_with_support", gettext_lazy("met ondersteuning")),
    ("overload_signals", gettext_lazy("signalen overbelasting")),
    ("volunteers_active", gettext_lazy("actieve vrijwilligers")),
    ("help_requests", gettext_lazy("hulpvragen")),
    ("matches_made", gettext_lazy("matches")),
    ("time_to_match_median_days", gettext_lazy("mediane dagen tot match")),
    ("matches_ended_well", gettext_lazy("goed afgerond")),
    ("ended_well_share", gettext_lazy("aandeel goed afgerond")),
)


def publish_exact(exact: dict[str, Any]) -> dict[str, Published]:
    """Exact figures (``compute`` or one municipality of ``by_municipality``) as cells."""
    cells: dict[str, Published] = {key: count(int(exact[key])) for key in COUNT_KEYS}
    cells["time_to_match_median_days"] = statistic(
        exact["time_to_match_median_days"], exact["time_to_match_requests"]
    )
    cells["ended_well_share"] = share(exact["ended_well_share"], exact["matches_ended"])
    return cells


def publish(
    municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> dict[str, Published]:
    return publish_exact(figures.compute(municipalities, start, end))


def published_indicator(
    code: str, municipalities: Municipalities, start: datetime.date, end: datetime.date
) -> Published:
    """One of ``figures.INDICATORS``, published: what a programme shows as its indicator."""
    if code not in figures.INDICATORS:
        raise KeyError(code)
    return publish(municipalities, start, end)[code]


def _cell(published: Published) -> Cell:
    if published.mark:
        return Cell(published.mark, numeric=True)
    value: Any = published.shown
    if value is not None and published.kind is Kind.SHARE:
        value = f"{value * 100:.0f}%"
    return Cell(value, numeric=True)


@require_http_methods(["GET"])
def informal_figures(request: HttpRequest) -> HttpResponse:
    """Aggregates only: per municipality for a year, and all municipalities together."""
    actor = actor_from_request(request)
    if actor.role not in FIGURE_ROLES:
        raise AccessDenied()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, today.year - 10), today.year)
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    names = dict(Municipality.objects.values_list("pk", "name"))
    grouped = figures.by_municipality(start, end)
    rows = [
        [Cell(names.get(pk, "?")), *(_cell(publish_exact(exact)[k]) for k, _l in COLUMNS)]
        for pk, exact in sorted(grouped.items(), key=lambda item: names.get(item[0], ""))
    ]
    total = publish(None, start, end)
    rows.append([Cell(_("Alle gemeenten")), *(_cell(total[k]) for k, _l in COLUMNS)])
    table = Table(
        caption=_("Informele zorg in %(year)s, per gemeente") % {"year": year},
        columns=[_("Gemeente"), *(label for _k, label in COLUMNS)],
        rows=rows,
        numeric_columns=frozenset(range(1, len(COLUMNS) + 1)),
    )
    years = list(range(today.year, today.year - 3, -1))
    return render(
        request, "monitor/informal_figures.html", {"table": table, "year": year, "years": years}
    )
