"""A programme as plain lists of strings and numbers: what both formats write."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from plek.programs.models import IndicatorValue, Milestone, Programme, StatusUpdate


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def export_programme(programme: Programme) -> dict[str, Any]:
    """The programme as plain lists of strings and numbers: what both formats write."""
    actions = list(
        programme.actions.select_related("theme").order_by("theme__position", "position", "number")
    )
    numbers = {action.pk: action.number for action in actions}
    moments = list(programme.moments.order_by("reference_date"))
    indicator_rows = list(
        programme.indicators.select_related("theme", "action", "municipality").order_by("id")
    )
    return {
        "programma": {
            "naam": programme.name,
            "eigenaar": programme.owner.external_id,
            "begin": _day(programme.start_date),
            "einde": _day(programme.end_date),
            "versie": programme.version,
            "toelichting": programme.description,
            "gemeenten": sorted(programme.municipalities.values_list("code", flat=True)),
        },
        "themas": [
            {"titel": theme.title, "toelichting": theme.description}
            for theme in programme.themes.order_by("position")
        ],
        "acties": [
            {
                "nummer": action.number,
                "thema": action.theme.title,
                "titel": action.title,
                "omschrijving": action.description,
                "trekker": action.lead_organisation,
                "contact": action.lead_person,
                "betrokkenen": list(action.stakeholders),
                "herkomst": action.origin,
                "motie": action.motion_reference,
                "toegevoegd_op": _day(action.added_on),
            }
            for action in actions
        ],
        "mijlpalen": [
            {
                "actie": numbers[m.action_id],
                "titel": m.title,
                "jaar": m.planned_year,
                "deel": m.planned_part,
                "bereikt_op": _day(m.reached_on),
            }
            for m in Milestone.objects.filter(action__programme=programme).order_by(
                "action__theme__position",
                "action__position",
                "action__number",
                "planned_year",
                "planned_part",
                "id",
            )
        ],
        "momenten": [
            {"titel": m.title, "peildatum": _day(m.reference_date), "stand": m.state}
            for m in moments
        ],
        "statussen": [
            {
                "actie": numbers[u.action_id],
                "peildatum": _day(u.moment.reference_date),
                "status": u.status,
                "toelichting": u.note,
            }
            for u in StatusUpdate.objects.filter(action__programme=programme)
            .select_related("moment")
            .order_by("moment__reference_date", "recorded_at", "id")
        ],
        "indicatoren": [
            {
                "naam": i.name,
                "thema": i.theme.title if i.theme else "",
                "actie": i.action.number if i.action else "",
                "bron": i.source,
                "soort_voorziening": i.facility_type,
                "bereik": i.scope,
                "gemeente": i.municipality.code if i.municipality else "",
                "periode": i.period_rule,
                "beginwaarde": _number(i.baseline),
                "streefwaarde": _number(i.target),
                "richting": i.direction,
                "eenheid": i.unit,
            }
            for i in indicator_rows
        ],
        "waarden": [
            {
                "indicator": v.indicator.name,
                "datum": _day(v.on_date),
                "waarde": _number(v.value),
                "toelichting": v.note,
            }
            for v in IndicatorValue.objects.filter(indicator__programme=programme)
            .select_related("indicator")
            .order_by("indicator_id", "on_date", "id")
        ],
    }
