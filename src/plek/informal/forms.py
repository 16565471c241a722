from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality
from plek.informal import burden
from plek.informal.models import (
    CareRelationKind,
    Outcome,
    PaymentStatus,
    RequesterKind,
    RequestUrgency,
    Skill,
    SupportKind,
    VogStatus,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipality_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Gemeente"), queryset=Municipality.objects.order_by("name"), empty_label="—"
    )


class CarerForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=7)
    house_number = forms.IntegerField(label=_("Huisnummer"), min_value=1)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=32, required=False)
    municipality = _municipality_field()
    young_carer = forms.BooleanField(label=_("Jonge mantelzorger (jonger dan 25)"), required=False)
    carer_bsn = forms.CharField(
        label=_("BSN van de mantelzorger"),
        max_length=9,
        required=False,
        help_text=_("Alleen als de mantelzorger zelf ook in de keten bekend is."),
    )
    cared_for_bsn = forms.CharField(label=_("BSN van de zorgvrager"), max_length=9)
    relation_kind = forms.ChoiceField(
        label=_("Relatie met de zorgvrager"), choices=[("", "—"), *CareRelationKind.choices]
    )
    consent_on = forms.DateField(
        label=_("Toestemming van de zorgvrager op"), widget=DATE, initial=timezone.localdate
    )
    start_on = forms.DateField(label=_("Zorgt sinds"), widget=DATE)
    hours_per_week = forms.IntegerField(
        label=_("Uren zorg per week"), min_value=0, max_value=168, required=False
    )
    shared_summary = forms.CharField(
        label=_("Wat de zorgvrager wil delen met de mantelzorger"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Alleen dit ziet de mantelzorger; niets uit het dossier."),
    )


class CheckInForm(forms.Form):
    done_on = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in burden.QUESTIONS:
            self.fields[f"q_{code}"] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), *((str(v), text) for v, text in burden.SCALE)],
                coerce=int,
            )

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"q_{code}"] for code, _label in burden.QUESTIONS}


class SupportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort ondersteuning"), choices=[("", "—"), *SupportKind.choices]
    )
    start_on = forms.DateField(label=_("Vanaf"), widget=DATE, initial=timezone.localdate)
    end_on = forms.DateField(label=_("Tot"), widget=DATE, required=False)
    note = forms.CharField(label=_("Toelichting"), max_length=300, required=False)


class AppreciationForm(forms.Form):
    year = forms.IntegerField(
        label=_("Jaar"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    carer_day = forms.BooleanField(label=_("Komt naar de Dag van de Mantelzorg"), required=False)
    amount = forms.DecimalField(
        label=_("Mantelzorgwaardering (euro)"), min_value=0, max_digits=8, decimal_places=2
    )


class PaymentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=PaymentStatus.choices)


class CarerActionForm(forms.Form):
    action = forms.TypedChoiceField(label=_("Actie in het plan"), coerce=int)

    def __init__(self, *args: Any, actions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(a.pk), f"{a.goal.get_domain_display()}: {a.description}") for a in actions),
        ]


def _skill_choices() -> list[tuple[str, str]]:
    return [(str(s.pk), s.name) for s in Skill.objects.order_by("name")]


class AvailabilityFields(forms.Form):
    morning = forms.BooleanField(label=_("Ochtenden"), required=False)
    afternoon = forms.BooleanField(label=_("Middagen"), required=False)
    evening = forms.BooleanField(label=_("Avonden"), required=False)
    weekend = forms.BooleanField(label=_("Weekend"), required=False)


class VolunteerForm(AvailabilityFields):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    family_name = forms.CharField(label=_("Achternaam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=32, required=False)
    area = forms.CharField(label=_("Wijk"), max_length=100)
    skills = forms.TypedMultipleChoiceField(
        label=_("Vaardigheden"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    trained_on = forms.DateField(label=_("Training gevolgd op"), widget=DATE, required=False)
    vog_status = forms.ChoiceField(
        label=_("Verklaring omtrent het gedrag (VOG)"), choices=VogStatus.choices
    )
    vog_issued_on = forms.DateField(label=_("VOG afgegeven op"), widget=DATE, required=False)
    insured = forms.BooleanField(
        label=_("Verzekerd via de vrijwilligersverzekering van de gemeente"), required=False
    )

    field_order = [
        "first_name",
        "family_name",
        "email",
        "phone",
        "area",
        "skills",
        "morning",
        "afternoon",
        "evening",
        "weekend",
        "trained_on",
        "vog_status",
        "vog_issued_on",
        "insured",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skills"].choices = _skill_choices()  # type: ignore[attr-defined]


class HelpRequestForm(AvailabilityFields):
    requester_kind = forms.ChoiceField(
        label=_("Aangevraagd door"),
        choices=[
            (RequesterKind.BEWONER, RequesterKind.BEWONER.label),
            (RequesterKind.ORGANISATIE, RequesterKind.ORGANISATIE.label),
        ],
    )
    bsn = forms.CharField(
        label=_("BSN van de bewoner"),
        max_length=9,
        required=False,
        help_text=_("Alleen voor uw eigen dossier; de vrijwilligerscentrale ziet het niet."),
    )
    aftercare_track = forms.TypedChoiceField(
        label=_("Maatje voor nazorgtraject"), coerce=int, empty_value=None, required=False
    )
    municipality = _municipality_field()
    first_name = forms.CharField(label=_("Voornaam van de bewoner"), max_length=100)
    area = forms.CharField(label=_("Wijk"), max_length=100)
    skill = forms.TypedChoiceField(label=_("Soort hulp"), coerce=int)
    question = forms.CharField(
        label=_("Wat wordt gevraagd"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Geschreven voor de vrijwilliger: geen diagnose, geen dossiergegevens."),
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=RequestUrgency.choices)
    period_start = forms.DateField(label=_("Vanaf"), widget=DATE, initial=timezone.localdate)
    period_end = forms.DateField(label=_("Tot"), widget=DATE, required=False)
    consent_on = forms.DateField(
        label=_("Toestemming van de bewoner om dit te delen op"),
        widget=DATE,
        initial=timezone.localdate,
    )

    field_order = [
        "requester_kind",
        "bsn",
        "aftercare_track",
        "municipality",
        "first_name",
        "area",
        "skill",
        "question",
        "urgency",
        "period_start",
        "period_end",
        "morning",
        "afternoon",
        "evening",
        "weekend",
        "consent_on",
    ]

    def __init__(
        self, *args: Any, coordinator: bool, tracks: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "—"), *_skill_choices()]  # type: ignore[attr-defined]
        if coordinator:
            del self.fields["bsn"]
            del self.fields["aftercare_track"]
        else:
            del self.fields["requester_kind"]
            self.fields["aftercare_track"].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *((str(t.pk), str(t.person)) for t in tracks or []),
            ]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=[("", "—"), *Outcome.choices])


class DayForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)


class FollowUpForm(DayForm):
    note = forms.CharField(
        label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConcernForm(forms.Form):
    text = forms.CharField(label=_("Wat ziet het maatje"), widget=forms.Textarea(attrs={"rows": 3}))


class CircleForm(forms.Form):
    municipality = _municipality_field()
    name = forms.CharField(label=_("Naam"), max_length=100)
    area = forms.CharField(label=_("Wijk"), max_length=100)
    lead = forms.TypedChoiceField(label=_("Vrijwilliger die de cirkel leidt"), coerce=int)
    organises = forms.CharField(
        label=_("Wat de cirkel organiseert"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, leads: list[Any], municipalities: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(v.pk), str(v)) for v in leads),
        ]
        self.fields["municipality"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            pk__in=municipalities
        ).order_by("name")


class MemberForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam van het nieuwe lid"), max_length=100)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Datum"), widget=DATE, initial=timezone.localdate)
    attendees = forms.IntegerField(label=_("Aanwezigen"), min_value=1, max_value=500)
    topic = forms.CharField(label=_("Onderwerp of activiteit"), max_length=200)
