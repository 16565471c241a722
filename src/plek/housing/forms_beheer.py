"""Forms of the functional admin's pages for facilities, units, capacity and norms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.core.choices import Priority
from plek.housing.forms import DATE
from plek.housing.models import CapacityPeriod, Facility, Unit
from plek.housing.services.admin import FACILITY_FIELDS, UNIT_FIELDS

FACILITY_SORTS = {
    "naam": ("name", "id"),
    "soort": ("type", "name", "id"),
    "gemeente": ("municipality__name", "name", "id"),
    "aanbieder": ("provider__name", "name", "id"),
    "dagtarief": ("-day_tariff", "name", "id"),
}


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [*FACILITY_FIELDS, "origin_municipalities"]


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = list(UNIT_FIELDS)


class CapacityForm(forms.ModelForm):
    class Meta:
        model = CapacityPeriod
        fields = ["valid_from", "units"]
        widgets = {"valid_from": DATE}


class CapacityChangeForm(forms.Form):
    units = forms.IntegerField(label=_("Aantal plaatsen"), min_value=0)


class FacilitySearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken op naam, kenmerk, aanbieder of gemeente"), required=False)
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("naam", _("Naam")),
            ("soort", _("Soort voorziening")),
            ("gemeente", _("Gemeente")),
            ("aanbieder", _("Aanbieder")),
            ("dagtarief", _("Dagtarief, hoogste eerst")),
        ],
    )


class HistorySearchForm(forms.Form):
    q = forms.CharField(label=_("Zoeken in wat, veld en waarden"), required=False)
    area = forms.ChoiceField(
        label=_("Onderdeel"),
        required=False,
        choices=[
            ("", _("Alle onderdelen")),
            ("voorziening", _("Voorzieningen")),
            ("eenheid", _("Eenheden")),
            ("capaciteit", _("Capaciteit")),
            ("norm", _("Reactienormen")),
            ("briefadres", _("Termijnen briefadres")),
            ("tarief", _("Tarieven")),
            ("verdeelmodel", _("Verdeelmodel")),
            ("bewaartermijn", _("Bewaartermijnen")),
        ],
    )


class NormsForm(forms.Form):
    spoed = forms.IntegerField(label=_("Reactienorm spoed (dagen)"), min_value=0, max_value=365)
    hoog = forms.IntegerField(label=_("Reactienorm hoog (dagen)"), min_value=0, max_value=365)
    normaal = forms.IntegerField(label=_("Reactienorm normaal (dagen)"), min_value=0, max_value=365)

    FIELDS = (Priority.SPOED, Priority.HOOG, Priority.NORMAAL)
