"""Forms of the access-request register; they only parse input, the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.core import dates
from plek.inzage.models import Channel


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def _required(label: Any) -> dict[str, Any]:
    return {
        "required": _("%(label)s: vul dit in.") % {"label": label},
        "invalid": _("%(label)s: ongeldige waarde.") % {"label": label},
    }


class RequestForm(forms.Form):
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        widget=DateInput(),
        initial=dates.today,
        error_messages=_required("Ontvangen op"),
    )
    requester_name = forms.CharField(
        label=_("Naam aanvrager"), max_length=200, error_messages=_required("Naam aanvrager")
    )
    requester_address = forms.CharField(
        label=_("Adres voor het antwoord"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Postadres of e-mailadres, zoals de aanvrager het gaf."),
    )
    channel = forms.ChoiceField(
        label=_("Kanaal"), choices=Channel.choices, error_messages=_required("Kanaal")
    )


class IdentifyForm(forms.Form):
    zoek = forms.CharField(
        label=_("BSN of persoonsnummer"),
        max_length=20,
        help_text=_("Controleer eerst de identiteit van de aanvrager."),
        error_messages=_required("BSN of persoonsnummer"),
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden verlenging"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages=_required("Reden verlenging"),
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
