"""Forms of the outreach pages; they only parse input, the services validate and decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.core import dates
from plek.core.choices import Priority
from plek.outreach.models import Offer


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


def _required(label: Any) -> dict[str, Any]:
    return {
        "required": _("%(label)s: vul dit in.") % {"label": label},
        "invalid": _("%(label)s: ongeldige waarde.") % {"label": label},
    }


def _now_time() -> datetime.time:
    return timezone.localtime().time().replace(second=0, microsecond=0)


class ContactForm(forms.Form):
    met_on = forms.DateField(
        label=_("Datum"), widget=DateInput(), initial=dates.today, error_messages=_required("Datum")
    )
    met_time = forms.TimeField(
        label=_("Tijd"), widget=TimeInput(), initial=_now_time, error_messages=_required("Tijd")
    )
    location = forms.CharField(
        label=_("Plek"),
        max_length=200,
        help_text=_("Bijvoorbeeld een straat, plein, station of park."),
        error_messages=_required("Plek"),
    )
    description = forms.CharField(
        label=_("Beschrijving van de persoon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Hoe herkent u de persoon: uiterlijk, roepnaam. Geen BSN of diagnose."),
    )
    offered = forms.ChoiceField(
        label=_("Aangeboden"), choices=Offer.choices, error_messages=_required("Aangeboden")
    )
    note = forms.CharField(
        label=_("Notitie"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def met_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["met_on"], data["met_time"]))


class LinkForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        help_text=_("Het BSN dat de persoon u gaf (9 cijfers)."),
        error_messages=_required("BSN"),
    )


class ReferralForm(forms.Form):
    team = forms.TypedChoiceField(
        label=_("Wijkteam"), coerce=int, choices=(), error_messages=_required("Wijkteam")
    )
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages=_required("Reden"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=Priority.choices,
        initial=Priority.NORMAAL,
        error_messages=_required("Urgentie"),
    )
    respond_by = forms.DateField(
        label=_("Reactie uiterlijk"),
        widget=DateInput(),
        error_messages=_required("Reactie uiterlijk"),
    )

    def __init__(self, *args: Any, teams: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", _("Kies een wijkteam")),
            *[(t.pk, t.name) for t in teams],
        ]


class ResponseForm(forms.Form):
    decision = forms.TypedChoiceField(
        label=_("Reactie"),
        choices=[("ja", _("Aannemen: ons team pakt het op")), ("nee", _("Niet aannemen"))],
        coerce=lambda value: value == "ja",
        error_messages=_required("Reactie"),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Verplicht als u niet aanneemt."),
    )
