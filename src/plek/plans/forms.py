from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Organisation
from plek.intake.zrm import Domain
from plek.people.models import Household
from plek.plans.models import EndReason, Progress

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanStartForm(forms.Form):
    household = forms.ModelChoiceField(
        label=_("Huishouden"),
        queryset=Household.objects.none(),
        required=False,
        empty_label=_("Geen huishouden: een plan voor deze persoon alleen"),
    )
    started_on = forms.DateField(label=_("Startdatum"), widget=DATE)
    review_on = forms.DateField(
        label=_("Evaluatiedatum"),
        widget=DATE,
        required=False,
        help_text=_("Leeg laten: de standaardtermijn na de startdatum."),
    )

    def __init__(self, *args: Any, households: list[Household], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        household_field = self.fields["household"]
        assert isinstance(household_field, forms.ModelChoiceField)
        household_field.queryset = Household.objects.filter(pk__in=[h.pk for h in households])
        if households:
            self.fields["household"].initial = households[0].pk
        self.fields["started_on"].initial = timezone.localdate()


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Leefgebied"), choices=Domain.choices)
    own_words = forms.CharField(
        label=_("Doel in eigen woorden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Schrijf het doel op zoals de bewoner het zegt."),
    )


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    organisation = forms.ModelChoiceField(
        label=_("Verantwoordelijke organisatie"), queryset=Organisation.objects.order_by("name")
    )
    target_date = forms.DateField(label=_("Streefdatum"), widget=DATE)


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Datum evaluatie"), widget=DATE)
    progress = forms.ChoiceField(label=_("Voortgang"), choices=Progress.choices)
    note = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluated_on"].initial = timezone.localdate()


class HandOverForm(forms.Form):
    """The receiver is picked from a list of colleagues (``plek.accounts.selectors.colleagues``);
    the service checks that the one picked may be case lead."""

    to_username = forms.CharField(
        label=_("Nieuwe regisseur"),
        max_length=150,
        widget=forms.Select,
        error_messages={"required": _("Nieuwe regisseur: kies een collega uit de lijst.")},
    )
    note = forms.CharField(
        label=_("Toelichting voor de nieuwe regisseur"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, colleagues: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["to_username"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", _("Kies een collega"))] + [
            (
                m.user.username,
                f"{m.user.display_name} — {m.get_role_display()}, {m.organisation.name}"
                + (f" · {m.team.name}" if m.team else ""),
            )
            for m in colleagues
        ]


class EndPlanForm(forms.Form):
    ended_on = forms.DateField(label=_("Einddatum"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reden"), choices=EndReason.choices)
    note = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Verplicht als de reden 'Anders' is."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class ReviewForm(forms.Form):
    review_on = forms.DateField(label=_("Nieuwe evaluatiedatum"), widget=DATE)


class ActionDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Gedaan op"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = timezone.localdate()
