from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality


def last_full_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Van"), widget=forms.DateInput(attrs={"type": "date"}), required=True
    )
    end = forms.DateField(
        label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}), required=True
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele regio"),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        start, end = last_full_year()
        if not data:
            data = {"start": start.isoformat(), "end": end.isoformat()}
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        if start and end and (end - start).days > 5 * 366:
            self.add_error("end", _("Kies een periode van hoogstens vijf jaar."))
        return cleaned
