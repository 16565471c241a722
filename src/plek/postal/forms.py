from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Membership, Team
from plek.accounts.roles import Role
from plek.postal.models import CriterionStatus, EndReason, Ground, Opinion, PostalGiver
from plek.postal.selectors import ApplicationSearch, Order, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(forms.Form):
    bsn = forms.CharField(label=_("BSN van de aanvrager"), max_length=9)
    applied_on = forms.DateField(label=_("Aangevraagd op"), widget=DATE, initial=timezone.localdate)
    ground = forms.ChoiceField(label=_("Grond"), choices=[("", "—"), *Ground.choices])
    giver = forms.ModelChoiceField(
        label=_("Briefadresgever (organisatie)"),
        queryset=PostalGiver.objects.filter(active=True),
        required=False,
        help_text=_("Of vul hieronder een persoon met een woonadres in."),
    )
    giver_person_name = forms.CharField(
        label=_("Briefadresgever (persoon): naam"), max_length=200, required=False
    )
    giver_person_address = forms.CharField(
        label=_("Briefadresgever (persoon): woonadres"), max_length=300, required=False
    )
    giver_consent = forms.BooleanField(
        label=_("De briefadresgever geeft toestemming"), required=False
    )
    home_address_registered = forms.BooleanField(
        label=_("Er staat een woonadres van de aanvrager in de BRP"), required=False
    )
    team = forms.ModelChoiceField(
        label=_("MDT briefadressen"), queryset=Team.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, role: str | None = None, with_bsn: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_bsn:
            del self.fields["bsn"]
        if role == Role.BRIEFADRES:
            del self.fields["team"]
        else:
            teams = Membership.objects.active().filter(role=Role.BRIEFADRES).values("team_id")
            self.fields["team"].queryset = Team.objects.filter(pk__in=teams)  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    opinion = forms.ChoiceField(label=_("Advies"), choices=[("", "—"), *Opinion.choices])
    note = forms.CharField(
        label=_("Toelichting bij het advies"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            ("", "—"),
            ("toegekend", _("Toekennen")),
            ("afgewezen", _("Afwijzen")),
            ("ingetrokken", _("Aanvraag ingetrokken")),
        ],
    )
    decided_on = forms.DateField(label=_("Besloten op"), widget=DATE, initial=timezone.localdate)
    reasons = forms.CharField(
        label=_("Redenen (verplicht bij afwijzing)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(
        label=_("Herbeoordeeld op"), widget=DATE, initial=timezone.localdate
    )
    note = forms.CharField(label=_("Bevindingen"), widget=forms.Textarea(attrs={"rows": 3}))


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Beëindigd op"), widget=DATE, initial=timezone.localdate)
    end_reason = forms.ChoiceField(
        label=_("Reden van beëindiging"), choices=[("", "—"), *EndReason.choices]
    )
    note = forms.CharField(
        label=_("Toelichting bij beëindiging"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


STATUS_CHOICES = [("", "—"), *CriterionStatus.choices]


class ApplicationSearchForm(forms.Form):
    """The applications list's search (GET): name or reference, status, period, order."""

    q = forms.CharField(label=_("Naam of kenmerk"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (Status.ALL, _("Alle")),
            (Status.OPEN, _("In behandeling")),
            (Status.OVER_TERM, _("Over de beslistermijn")),
            (Status.TEMPORARY, _("Tijdelijk ingeschreven")),
            (Status.RUNNING, _("Lopend briefadres")),
            (Status.REVIEW_OVERDUE, _("Herbeoordeling te laat")),
            (Status.REFUSED, _("Afgewezen")),
            (Status.WITHDRAWN, _("Ingetrokken")),
            (Status.ENDED, _("Beëindigd")),
        ],
    )
    vanaf = forms.DateField(label=_("Aangevraagd vanaf"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Aangevraagd tot en met"), widget=DATE, required=False)
    volgorde = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[
            (Order.URGENCY, _("Meest dringend eerst")),
            (Order.NEWEST, _("Nieuwste aanvraag eerst")),
            (Order.NAME, _("Op naam")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("vanaf"), data.get("tot")
        if start and end and end < start:
            self.add_error(
                "tot",
                _("Aangevraagd tot en met: deze datum ligt vóór de datum bij Aangevraagd vanaf."),
            )
        return data

    def search(self) -> ApplicationSearch:
        """The search as the selector takes it; the defaults where a field was invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return ApplicationSearch(
            name=(data.get("q") or "").strip(),
            status=data.get("status") or Status.ALL,
            applied_from=data.get("vanaf"),
            applied_to=data.get("tot"),
            order=data.get("volgorde") or Order.URGENCY,
        )
