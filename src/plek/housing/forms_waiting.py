"""Forms of the central waiting list, access decisions, parking, matching and ranking weights."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality
from plek.core.choices import Priority
from plek.housing.choices import FacilityType
from plek.housing.ranking import PART_KEYS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RANKED_TYPES = [(value, label) for value, label in FacilityType.choices if value != "terugval"]


class ListFilterForm(forms.Form):
    soort = forms.ChoiceField(label=_("Soort voorziening"), choices=RANKED_TYPES, required=False)
    prioriteit = forms.ChoiceField(
        label=_("Prioriteit"), choices=[("", _("Alle")), *Priority.choices], required=False
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Alle"),
    )
    dagen = forms.IntegerField(
        label=_("Minstens zo veel dagen wachtend"), min_value=0, max_value=10_000, required=False
    )
    zoek = forms.CharField(label=_("Zoek op naam"), max_length=100, required=False)


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("toekennen", _("Toegang toekennen")), ("weigeren", _("Toegang weigeren"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Datum besluit"), widget=DATE)
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        widget=DATE,
        required=False,
        help_text=_("Bij toekennen: tot wanneer het besluit geldt."),
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Bij weigeren verplicht."),
    )


class ParkForm(forms.Form):
    reason = forms.CharField(label=_("Reden parkeren"), widget=forms.Textarea(attrs={"rows": 2}))
    until = forms.DateField(label=_("Geparkeerd tot en met"), widget=DATE)


class RankingPolicyForm(forms.Form):
    class_first = forms.BooleanField(
        label=_("Eerst op urgentieklasse (spoed, hoog, normaal); daarbinnen de score"),
        required=False,
    )
    urgency = forms.IntegerField(
        label=_("Urgentie (punten per niveau)"), min_value=0, max_value=10_000
    )
    children = forms.IntegerField(label=_("Kinderen betrokken"), min_value=0, max_value=10_000)
    safety = forms.IntegerField(label=_("Veiligheid"), min_value=0, max_value=10_000)
    zrm_housing = forms.IntegerField(
        label=_("ZRM huisvesting (per punt onder 5)"), min_value=0, max_value=10_000
    )
    zrm_mental = forms.IntegerField(
        label=_("ZRM geestelijke gezondheid (per punt onder 5)"), min_value=0, max_value=10_000
    )
    days_waiting = forms.IntegerField(
        label=_("Dagen wachtend (per dag)"), min_value=0, max_value=10_000
    )
    park_days = forms.IntegerField(
        label=_("Parkeertermijn na afwijzing (dagen)"), min_value=0, max_value=365
    )
    candidates_per_unit = forms.IntegerField(
        label=_("Kandidaten per vrije eenheid"), min_value=1, max_value=10
    )
    proposal_days = forms.IntegerField(
        label=_("Geldigheid van een voorstel (dagen)"), min_value=1, max_value=90
    )

    def weight_values(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in PART_KEYS}
