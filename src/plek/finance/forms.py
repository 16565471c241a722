from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele regio"),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if not data:
            data = {"year": str(timezone.localdate().year)}
        super().__init__(data, **kwargs)
