from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality, Organisation
from plek.people.models import CONSENT_DATA_KINDS, HouseholdRole, Sex


def _required(label: str) -> dict[str, str]:
    return {"required": _("%(field)s: vul dit veld in.") % {"field": label}}


class PersonForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        required=False,
        max_length=9,
        help_text=_("Negen cijfers; laat leeg als het BSN niet bekend is."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": _("BSN: vul precies 9 cijfers in.")},
    )
    initials = forms.CharField(label=_("Voorletters"), required=False, max_length=20)
    family_name = forms.CharField(
        label=_("Achternaam"), max_length=200, error_messages=_required("Achternaam")
    )
    birth_date = forms.DateField(
        label=_("Geboortedatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geboortedatum: vul een geldige datum in.")},
    )
    sex = forms.ChoiceField(label=_("Geslacht"), choices=Sex.choices, initial=Sex.ANDERS)
    origin_municipality = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": _("Gemeente van herkomst: kies uit de lijst.")},
    )
    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=32)
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("E-mailadres: vul een geldig e-mailadres in.")},
    )
    no_fixed_address = forms.BooleanField(
        label=_("Zonder vaste woon- of verblijfplaats"), required=False
    )
    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=16)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=7,
        help_text=_("Bijvoorbeeld 3311 AB."),
        error_messages={"max_length": _("Postcode: vier cijfers en twee letters.")},
    )
    address_municipality = forms.ModelChoiceField(
        label=_("Gemeente van het adres"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": _("Gemeente van het adres: kies uit de lijst.")},
    )
    overrule = forms.BooleanField(
        label=_("Toch nieuw aanmaken"),
        required=False,
        help_text=_(
            "Alleen als u zeker weet dat dit een andere persoon is dan de mogelijke dubbelen "
            "hierboven. Dit wordt vastgelegd."
        ),
    )


class HouseholdForm(forms.Form):
    name = forms.CharField(
        label=_("Naam van het huishouden"), max_length=200, error_messages=_required("Naam")
    )
    role = forms.ChoiceField(
        label=_("Rol van deze persoon"),
        choices=HouseholdRole.choices,
        initial=HouseholdRole.AANVRAGER,
    )
    start_date = forms.DateField(
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vanaf: vul een datum in."),
            "invalid": _("Vanaf: vul een geldige datum in."),
        },
    )


class MemberSearchForm(forms.Form):
    """Step one of adding a household member: find the person (``plek.people.search``)."""

    zoek = forms.CharField(
        label=_("Zoek de persoon"),
        max_length=100,
        help_text=_("Naam, geboortedatum, BSN of postcode met huisnummer."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"required": _("Zoek de persoon: vul een naam of ander gegeven in.")},
    )


class MemberForm(forms.Form):
    """Step two: pick one of the persons found (the view fills the choices) and the role."""

    person = forms.IntegerField(
        label=_("Persoon"),
        min_value=1,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Persoon: kies een persoon uit de zoekresultaten."),
            "invalid": _("Persoon: kies een persoon uit de zoekresultaten."),
            "min_value": _("Persoon: kies een persoon uit de zoekresultaten."),
        },
    )
    role = forms.ChoiceField(label=_("Rol"), choices=HouseholdRole.choices)
    start_date = forms.DateField(
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vanaf: vul een datum in."),
            "invalid": _("Vanaf: vul een geldige datum in."),
        },
    )
    # The search that found the persons: to show the same choices again after an error.
    zoek = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args: Any, choices: list[tuple[int, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices or []
        widget = self.fields["person"].widget
        assert isinstance(widget, forms.RadioSelect)
        widget.choices = self.choices


class EndMemberForm(forms.Form):
    end_date = forms.DateField(
        label=_("Tot"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Tot: vul een datum in."),
            "invalid": _("Tot: vul een geldige datum in."),
        },
    )


class MergeForm(forms.Form):
    source = forms.IntegerField(
        label=_("Persoonsnummer van de dubbele registratie"),
        min_value=1,
        help_text=_("Deze registratie gaat op in het dossier dat u nu bekijkt."),
        error_messages={
            "required": _("Persoonsnummer: vul het nummer in."),
            "invalid": _("Persoonsnummer: vul een geheel getal in."),
            "min_value": _("Persoonsnummer: vul een getal van 1 of hoger in."),
        },
    )
    confirm = forms.BooleanField(
        label=_("Ik weet zeker dat dit dezelfde persoon is"),
        error_messages={"required": _("Bevestiging: vink aan dat het dezelfde persoon is.")},
    )


class InzageSearchForm(forms.Form):
    zoek = forms.CharField(
        label=_("BSN of persoonsnummer"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("BSN of persoonsnummer: vul een van beide in.")},
    )


class ContactForm(forms.Form):
    """Contact details and the current address (``services.update_contact``)."""

    phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=32)
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("E-mailadres: vul een geldig e-mailadres in.")},
    )
    no_fixed_address = forms.BooleanField(
        label=_("Zonder vaste woon- of verblijfplaats"), required=False
    )
    street = forms.CharField(label=_("Straat"), required=False, max_length=200)
    house_number = forms.CharField(label=_("Huisnummer"), required=False, max_length=16)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=7,
        help_text=_("Bijvoorbeeld 3311 AB."),
        error_messages={"max_length": _("Postcode: vier cijfers en twee letters.")},
    )
    address_municipality = forms.ModelChoiceField(
        label=_("Gemeente van het adres"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        error_messages={"invalid_choice": _("Gemeente van het adres: kies uit de lijst.")},
    )


def _casework_purposes() -> list[tuple[str, str]]:
    from plek.access.choices import CASEWORK_PURPOSES, Purpose

    return [(p.value, str(p.label)) for p in Purpose if p in CASEWORK_PURPOSES]


def _consent_kinds() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in CONSENT_DATA_KINDS]


class ConsentForm(forms.Form):
    """The person lets an organisation receive these data for this purpose
    (``services.give_consent``)."""

    organisation = forms.ModelChoiceField(
        label=_("Ontvangende organisatie"),
        queryset=Organisation.objects.order_by("name"),
        error_messages={
            "required": _("Ontvangende organisatie: kies een organisatie."),
            "invalid_choice": _("Ontvangende organisatie: kies uit de lijst."),
        },
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Soorten gegevens"),
        choices=_consent_kinds,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Soorten gegevens: kies minstens één soort."),
            "invalid_choice": _("Soorten gegevens: kies uit de lijst."),
        },
    )
    purpose = forms.ChoiceField(
        label=_("Doel"),
        choices=_casework_purposes,
        error_messages={
            "required": _("Doel: kies een doel."),
            "invalid_choice": _("Doel: kies een doel uit de lijst."),
        },
    )
    given_on = forms.DateField(
        label=_("Gegeven op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Gegeven op: vul een datum in."),
            "invalid": _("Gegeven op: vul een geldige datum in."),
        },
    )
    valid_until = forms.DateField(
        label=_("Geldig tot"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geldig tot: vul een geldige datum in.")},
    )


class RevokeConsentForm(forms.Form):
    revoked_on = forms.DateField(
        label=_("Ingetrokken op"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Ingetrokken op: vul een datum in."),
            "invalid": _("Ingetrokken op: vul een geldige datum in."),
        },
    )
