from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Organisation
from plek.intake.zrm import DOMAINS, Domain, InstrumentVersion, Score
from plek.people.models import Household

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeStartForm(forms.Form):
    household = forms.ModelChoiceField(
        label=_("Huishouden"), queryset=Household.objects.none(), empty_label=None
    )
    started_on = forms.DateField(label=_("Startdatum"), widget=DATE)
    question_behind_question = forms.CharField(
        label=_("Vraag achter de vraag"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waar zoekt het huishouden eigenlijk hulp bij? In hun eigen woorden."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties die meededen"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    participants = forms.CharField(
        label=_("Personen die meededen"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Eén per regel, bijvoorbeeld: moeder, schuldhulpverlener, buurvrouw."),
    )

    def __init__(self, *args: Any, households: list[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        household_field = self.fields["household"]
        assert isinstance(household_field, forms.ModelChoiceField)
        household_field.queryset = Household.objects.filter(pk__in=[h.pk for h in households])
        self.fields["started_on"].initial = timezone.localdate()
        for domain in DOMAINS:
            self.fields[f"verhaal_{domain}"] = forms.CharField(
                label=Domain(domain).label,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def narrative_fields(self) -> list[forms.BoundField]:
        return [self[f"verhaal_{domain}"] for domain in DOMAINS]

    def narratives(self) -> dict[str, str]:
        return {d: self.cleaned_data.get(f"verhaal_{d}", "") for d in DOMAINS}

    def participant_names(self) -> list[str]:
        return self.cleaned_data.get("participants", "").splitlines()


# Our own short hints per level; the official criteria texts are licensed separately.
SCORE_CHOICES = [("", _("open (niet gescoord)"))] + [(str(v), label) for v, label in Score.choices]


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Datum meting"), widget=DATE)
    instrument_version = forms.ChoiceField(
        label=_("Versie instrument"),
        choices=InstrumentVersion.choices,
        initial=InstrumentVersion.ZRM_2017,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        for domain in DOMAINS:
            self.fields[domain] = forms.TypedChoiceField(
                label=Domain(domain).label,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[domain] for domain in DOMAINS]

    def scores(self) -> dict[str, int | None]:
        return {d: self.cleaned_data.get(d) for d in DOMAINS}


class IntakeCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Afgerond op"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()
