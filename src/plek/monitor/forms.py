"""The monitor pages' period: a calendar month, quarter or year, never a span of chosen days.

Policy officers see aggregates only. Two periods a day apart would isolate the persons who
entered or left that day (finding #4 of the audit): the pages therefore offer whole months,
quarters and years. The operator's `plek monitor` command keeps its exact --from/--to.
"""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality

FIRST_YEAR = 2000

MONTH, QUARTER, YEAR = "maand", "kwartaal", "jaar"
GRANULARITIES = [(YEAR, _("Jaar")), (QUARTER, _("Kwartaal")), (MONTH, _("Maand"))]
MONTHS = [
    (1, _("januari")),
    (2, _("februari")),
    (3, _("maart")),
    (4, _("april")),
    (5, _("mei")),
    (6, _("juni")),
    (7, _("juli")),
    (8, _("augustus")),
    (9, _("september")),
    (10, _("oktober")),
    (11, _("november")),
    (12, _("december")),
]
QUARTERS = [(n, _("kwartaal %(n)d") % {"n": n}) for n in range(1, 5)]


def last_full_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def calendar_period(
    kind: str, year: int, number: int | None = None
) -> tuple[datetime.date, datetime.date]:
    """First and last day of a calendar month, quarter (number 1–4) or year."""
    if kind == YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    assert number is not None
    first_month, months = (number, 1) if kind == MONTH else (3 * number - 2, 3)
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def _years() -> list[tuple[int, int]]:
    return [(y, y) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    """`cleaned_data` gains `start` and `end`: the first and last day of the chosen period."""

    soort = forms.ChoiceField(label=_("Periode per"), choices=GRANULARITIES, initial=YEAR)
    jaar = forms.TypedChoiceField(label=_("Jaar"), choices=_years, coerce=int)
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"),
        choices=[("", _("(alleen bij kwartaal)")), *QUARTERS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    maand = forms.TypedChoiceField(
        label=_("Maand"),
        choices=[("", _("(alleen bij maand)")), *MONTHS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele regio"),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if not data or "soort" not in data:
            start, _end = last_full_year()
            municipality = data.get("municipality", "") if data else ""
            data = {"soort": YEAR, "jaar": str(start.year), "municipality": municipality}
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, year = cleaned.get("soort"), cleaned.get("jaar")
        number = None
        if kind == QUARTER:
            number = cleaned.get("kwartaal")
            if number is None and "kwartaal" not in self.errors:
                self.add_error("kwartaal", _("Kwartaal: kies een kwartaal."))
        elif kind == MONTH:
            number = cleaned.get("maand")
            if number is None and "maand" not in self.errors:
                self.add_error("maand", _("Maand: kies een maand."))
        if kind and year and (kind == YEAR or number is not None):
            cleaned["start"], cleaned["end"] = calendar_period(kind, year, number)
        return cleaned
