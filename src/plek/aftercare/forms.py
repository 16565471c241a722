from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.aftercare.models import Light
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
