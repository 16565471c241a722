"""Forms of the signal pages; they only parse input, the services validate and decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import User
from plek.core.choices import Priority
from plek.signals.delivery import POSTCODE
from plek.signals.models import ContactKind, Outcome, PartOfDay, Source


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _required(label: str) -> dict[str, str]:
    return {
        "required": _("%(label)s: vul dit in.") % {"label": label},
        "invalid": _("%(label)s: ongeldige waarde.") % {"label": label},
    }


class ContactAttemptForm(forms.Form):
    attempted_on = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        error_messages=_required("Datum"),
        initial=timezone.localdate,
    )
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=ContactKind.choices,
        error_messages=_required("Soort contact"),
    )
    part_of_day = forms.ChoiceField(
        label=_("Dagdeel"), choices=PartOfDay.choices, error_messages=_required("Dagdeel")
    )
    reached = forms.TypedChoiceField(
        label=_("Bereikt"),
        choices=[("nee", _("Nee, niet bereikt")), ("ja", _("Ja, contact gehad"))],
        coerce=lambda value: value == "ja",
        error_messages=_required("Bereikt"),
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=Outcome.choices, error_messages=_required("Uitkomst")
    )
    outcome_on = forms.DateField(
        label=_("Datum uitkomst"),
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages=_required("Datum uitkomst"),
    )
    report_back = forms.BooleanField(
        label=_("Eindresultaat terugmelden aan de bronorganisatie"), required=False, initial=True
    )


class SignalForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Bron"), choices=Source.choices, error_messages=_required("Bron")
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Priority.choices,
        initial=Priority.NORMAAL,
        error_messages=_required("Urgentie"),
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages=_required("Ontvangen op"),
    )
    person_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    house_number = forms.IntegerField(
        label=_("Huisnummer"),
        required=False,
        min_value=1,
        max_value=99999,
        error_messages=_required("Huisnummer"),
    )
    house_number_addition = forms.CharField(label=_("Toevoeging"), required=False, max_length=10)
    arrear_amount = forms.DecimalField(
        label=_("Bedrag achterstand (euro)"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        error_messages=_required("Bedrag achterstand"),
    )
    arrear_since = forms.DateField(
        label=_("Achterstand sinds"),
        required=False,
        widget=DateInput(),
        error_messages=_required("Achterstand sinds"),
    )
    eviction_date = forms.DateField(
        label=_("Ontruimingsdatum"),
        required=False,
        widget=DateInput(),
        error_messages=_required("Ontruimingsdatum"),
    )
    crisis = forms.BooleanField(label=_("Crisis: direct contact nodig"), required=False)

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        if not value:
            return ""
        match = POSTCODE.match(value)
        if not match:
            raise forms.ValidationError(
                _("Postcode: gebruik vier cijfers en twee letters, zoals 3311 AB.")
            )
        return f"{match[1]}{match[2].upper()}"


class DeliveryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("UTF-8, met kopregel; zie de beschrijving van het aanleverformaat."),
        error_messages={
            "required": _("CSV-bestand: kies een bestand."),
            "empty": _("CSV-bestand: het bestand is leeg."),
        },
    )


class AssignForm(forms.Form):
    """Give the signal to a colleague in its team (the choices are the team's members now)."""

    worker: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Collega"),
        queryset=None,
        empty_label=_("Kies een collega"),
        error_messages={
            "required": _("Collega: kies aan wie u het signaal geeft."),
            "invalid_choice": _("Collega: kies iemand uit de lijst."),
        },
    )

    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = colleagues
        field.label_from_instance = _colleague_name  # type: ignore[method-assign,assignment]


def _colleague_name(user: User) -> str:
    return user.display_name
