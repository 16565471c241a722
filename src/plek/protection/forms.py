from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality
from plek.protection.models import ArrangementKind, Product, TryOut

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExtendIndicationForm(forms.Form):
    valid_until = forms.DateField(label=_("Nieuwe einddatum (tot en met)"), widget=DATE)
    review_on = forms.DateField(label=_("Herbeoordeling op"), widget=DATE, required=False)
    reason = forms.CharField(label=_("Reden verlenging"), widget=forms.Textarea(attrs={"rows": 3}))


class EndIndicationForm(forms.Form):
    ended_on = forms.DateField(
        label=_("Laatste dag van de indicatie"), widget=DATE, initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reden beëindiging"), widget=forms.Textarea(attrs={"rows": 3}))


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort ondersteuning"), choices=ArrangementKind.choices)
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.order_by("code"))
    hours_per_week = forms.DecimalField(
        label=_("Uren per week"), max_digits=5, decimal_places=2, min_value=0, required=False
    )
    start_date = forms.DateField(label=_("Begindatum"), widget=DATE, initial=timezone.localdate)
    review_on = forms.DateField(label=_("Evaluatie op"), widget=DATE, required=False)


class EndArrangementForm(forms.Form):
    end_date = forms.DateField(
        label=_("Laatste dag van de ondersteuning"), widget=DATE, initial=timezone.localdate
    )
    end_reason = forms.CharField(
        label=_("Reden beëindiging"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConcludeTryOutForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=TryOut.Outcome.choices)
    on = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)


class OriginChangeForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Nieuwe gemeente van herkomst"), queryset=Municipality.objects.order_by("name")
    )
    valid_from = forms.DateField(label=_("Geldt vanaf"), widget=DATE)
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
