from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.core.choices import Priority
from plek.housing.choices import ExitDestination, FacilityType
from plek.housing.models import Facility, Unit
from plek.housing.ranking import PART_KEYS, PART_LABELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegistrationForm(forms.Form):
    facility_type = forms.ChoiceField(label=_("Soort voorziening"), choices=FacilityType.choices)
    priority = forms.ChoiceField(
        label=_("Prioriteit"), choices=Priority.choices, initial=Priority.NORMAAL
    )
    registered_on = forms.DateField(label=_("Ingeschreven op"), widget=DATE)
    children_involved = forms.BooleanField(label=_("Kinderen betrokken"), required=False)
    safety_risk = forms.BooleanField(
        label=_("Veiligheidsrisico (bijvoorbeeld huiselijk geweld)"), required=False
    )
    needs_accessible = forms.BooleanField(label=_("Toegankelijke eenheid nodig"), required=False)
    access_decision_on = forms.DateField(
        label=_("Toegangsbesluit op"),
        required=False,
        widget=DATE,
        help_text=_("Alleen voor beschermd wonen."),
    )
    access_decision_until = forms.DateField(
        label=_("Toegangsbesluit geldig tot en met"), required=False, widget=DATE
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reden"), widget=forms.Textarea(attrs={"rows": 3}))


class DeclineForm(ReasonForm):
    park = forms.BooleanField(label=_("Kandidaat tijdelijk parkeren"), required=False)


class AcceptForm(forms.Form):
    start_date = forms.DateField(label=_("Begindatum verblijf"), widget=DATE)


class TransferForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Naar eenheid"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("Datum overplaatsing"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            Unit.objects.filter(active=True)
            .exclude(facility__type="terugval")
            .select_related("facility")
            .order_by("facility__name", "code")
        )


class EndForm(forms.Form):
    end_date = forms.DateField(label=_("Einddatum"), widget=DATE)
    exit_destination = forms.ChoiceField(
        label=_("Uitstroombestemming"), choices=ExitDestination.choices
    )


class RespiteForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Terugvalplek"), queryset=Unit.objects.none())
    start_date = forms.DateField(label=_("Eerste nacht"), widget=DATE)
    end_date = forms.DateField(label=_("Vertrekdatum"), widget=DATE)
    reason = forms.CharField(label=_("Aanleiding"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            facility__type="terugval", active=True
        ).select_related("facility")


class ExtendForm(forms.Form):
    end_date = forms.DateField(label=_("Nieuwe vertrekdatum"), widget=DATE)
    extension_reason = forms.CharField(
        label=_("Reden verlenging"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WhatIfForm(forms.Form):
    facility_type = forms.ChoiceField(label=_("Soort voorziening"), choices=FacilityType.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key in PART_KEYS:
            self.fields[key] = forms.IntegerField(
                label=str(PART_LABELS[key]), min_value=0, max_value=10_000, required=False
            )


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "kind", "family_suitable", "accessible", "women_only", "active"]


class FacilityRulesForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "min_age",
            "max_age",
            "sex",
            "children_rule",
            "indication_required",
            "origin_municipalities",
            "origin_region",
        ]
