from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.access.choices import CASEWORK_PURPOSES, Purpose
from plek.access.models import BreakGlassGround
from plek.access.services import BREAK_GLASS_MAX_REASON, BREAK_GLASS_MIN_REASON
from plek.accounts.models import Organisation
from plek.people.bsn import is_valid_bsn

# The largest id the database holds (a signed 64-bit integer).
MAX_ID = 2**63 - 1

_INPUT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
_SELECT = {"class": "utrecht-select utrecht-select--html-select"}
_TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
_DATE = {**_INPUT, "type": "date"}


class BreakGlassForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Grond"),
        help_text=_("Waarom opent u dit dossier zonder relatie?"),
        choices=BreakGlassGround.choices,
        widget=forms.Select(attrs=_SELECT),
        error_messages={
            "required": _("Grond: kies een grond."),
            "invalid_choice": _("Grond: kies een grond uit de lijst."),
        },
    )
    reason = forms.CharField(
        label=_("Reden"),
        help_text=_(
            "Waarom moet u dit dossier nu openen, zonder betrokkenheid? Tussen 20 en 1000 tekens."
        ),
        widget=forms.Textarea(attrs={**_TEXTAREA, "maxlength": BREAK_GLASS_MAX_REASON}),
        min_length=BREAK_GLASS_MIN_REASON,
        max_length=BREAK_GLASS_MAX_REASON,
        error_messages={
            "required": _("Reden: geef een reden op."),
            "min_length": _("Reden: beschrijf in minstens %(limit_value)d tekens waarom."),
            "max_length": _("Reden: gebruik hoogstens %(limit_value)d tekens."),
        },
    )
    purpose = forms.ChoiceField(
        label=_("Doel"),
        choices=[(p.value, p.label) for p in Purpose if p in CASEWORK_PURPOSES],
        widget=forms.Select(attrs=_SELECT),
        error_messages={
            "required": _("Doel: kies een doel."),
            "invalid_choice": _("Doel: kies een doel uit de lijst."),
        },
    )


class LogSearchForm(forms.Form):
    person = forms.IntegerField(
        label=_("Persoonsnummer"),
        help_text=_("Het nummer van de persoon in plek."),
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.NumberInput(attrs=_INPUT),
        error_messages={
            "invalid": _("Persoonsnummer: vul een geheel getal in."),
            "min_value": _("Persoonsnummer: vul een getal van 1 of hoger in."),
            "max_value": _("Persoonsnummer: dit nummer is te groot."),
        },
    )
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        widget=forms.TextInput(attrs={**_INPUT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    user = forms.CharField(
        label=_("Gebruikersnaam"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=_INPUT),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Alle organisaties"),
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": _("Organisatie: kies een organisatie uit de lijst.")},
    )
    date_from = forms.DateField(
        label=_("Vanaf datum"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vanaf datum: vul een geldige datum in.")},
    )
    date_to = forms.DateField(
        label=_("Tot en met datum"),
        required=False,
        widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"),
        error_messages={"invalid": _("Tot en met datum: vul een geldige datum in.")},
    )
    purpose = forms.ChoiceField(
        label=_("Doel van het zoeken"),
        choices=[
            (Purpose.TOEZICHT.value, Purpose.TOEZICHT.label),
            (Purpose.INZAGE.value, Purpose.INZAGE.label),
        ],
        initial=Purpose.TOEZICHT,
        required=False,
        widget=forms.Select(attrs=_SELECT),
        error_messages={"invalid_choice": _("Doel van het zoeken: kies een doel uit de lijst.")},
    )

    def clean_bsn(self) -> str:
        bsn = "".join(self.cleaned_data.get("bsn", "").split())
        if bsn and not is_valid_bsn(bsn):
            raise forms.ValidationError(_("BSN: vul 9 cijfers in die voldoen aan de elfproef."))
        return bsn

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Tot en met datum: kies een datum na de vanaf-datum."))
        if not cleaned.get("purpose"):
            cleaned["purpose"] = Purpose.TOEZICHT
        return cleaned


class BreakGlassReviewForm(forms.Form):
    break_glass = forms.IntegerField(widget=forms.HiddenInput)
    justified = forms.TypedChoiceField(
        label=_("Oordeel"),
        choices=[("1", _("Terecht")), ("0", _("Niet terecht"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button"}),
        error_messages={"required": _("Oordeel: kies terecht of niet terecht.")},
    )
    review_note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={**_TEXTAREA, "rows": 2}),
    )
