from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.aftercare.models import AlertKind, EndReason, Light
from plek.aftercare.selectors import AlertFilter, AlertOrder, Seen
from plek.aftercare.services import coaches
from plek.intake.zrm import Domain

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _coach_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(str(c.pk), c.get_full_name() or c.get_username()) for c in coaches()]


class StartTrackForm(forms.Form):
    bsn = forms.CharField(label=_("BSN van de bewoner"), max_length=9)
    started_on = forms.DateField(label=_("Startdatum"), widget=DATE, initial=timezone.localdate)
    coach = forms.TypedChoiceField(
        label=_("Waakvlamcoach"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, with_bsn: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = _coach_choices()  # type: ignore[attr-defined]
        if not with_bsn:
            del self.fields["bsn"]


class CoachForm(forms.Form):
    coach = forms.TypedChoiceField(label=_("Waakvlamcoach"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = _coach_choices()  # type: ignore[attr-defined]


class CheckInForm(forms.Form):
    done_on = forms.DateField(label=_("Datum contact"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in Domain:
            self.fields[f"light_{domain.value}"] = forms.ChoiceField(
                label=domain.label, choices=[("", "—"), *Light.choices], required=False
            )

    def lights(self) -> dict[str, str]:
        return {
            name[6:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("light_") and value
        }


class PlanCheckInForm(forms.Form):
    due_on = forms.DateField(label=_("Datum contactmoment"), widget=DATE)


class EndTrackForm(forms.Form):
    ended_on = forms.DateField(label=_("Beëindigd op"), widget=DATE, initial=timezone.localdate)
    end_reason = forms.ChoiceField(
        label=_("Reden van beëindiging"), choices=[("", "—"), *EndReason.choices]
    )


SEEN_CHOICES = [
    (Seen.UNSEEN, _("Nog niet gezien")),
    (Seen.SEEN, _("Gezien")),
    (Seen.ALL, _("Alle")),
]
ORDER_CHOICES = [
    (AlertOrder.NEWEST, _("Nieuwste eerst")),
    (AlertOrder.OLDEST, _("Oudste eerst")),
    (AlertOrder.PERSON, _("Op naam")),
]


class AlertFilterForm(forms.Form):
    """The alert inbox's filters (GET): kind, coach, period, seen or not, and the order."""

    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *AlertKind.choices], required=False
    )
    coach = forms.TypedChoiceField(
        label=_("Waakvlamcoach"), coerce=int, empty_value=None, required=False
    )
    vanaf = forms.DateField(label=_("Vanaf"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Tot en met"), widget=DATE, required=False)
    status = forms.ChoiceField(label=_("Gezien"), choices=SEEN_CHOICES, required=False)
    volgorde = forms.ChoiceField(label=_("Volgorde"), choices=ORDER_CHOICES, required=False)

    def __init__(self, *args: Any, coaches: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", _("Alle coaches"))] + [  # type: ignore[attr-defined]
            (str(c.pk), c.get_full_name() or c.get_username()) for c in coaches
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("vanaf"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("Tot en met: deze datum ligt vóór de datum bij Vanaf."))
        return data

    def filters(self) -> AlertFilter:
        """The filters as the selector takes them; the defaults where a field was invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return AlertFilter(
            kind=data.get("soort") or "",
            coach_id=data.get("coach"),
            date_from=data.get("vanaf"),
            date_to=data.get("tot"),
            seen=data.get("status") or Seen.UNSEEN,
            order=data.get("volgorde") or AlertOrder.NEWEST,
        )
