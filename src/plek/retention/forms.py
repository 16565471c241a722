"""The functional admin's form for the retention periods: one whole number of years per kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.core.retention import kinds
from plek.retention.services import LOG_KIND, MAX_YEARS


class PeriodsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds():
            self.fields[kind.code] = forms.IntegerField(
                label=str(kind.label),
                help_text=_("%(basis)s. Standaard %(years)d jaar; daarna %(action)s.")
                % {"basis": kind.basis, "years": kind.default_years, "action": kind.action},
                min_value=1,
                max_value=MAX_YEARS,
                error_messages={
                    "required": _("%(label)s: vul een aantal jaren in.") % {"label": kind.label},
                    "invalid": _("%(label)s: een heel aantal jaren.") % {"label": kind.label},
                    "min_value": _("%(label)s: minstens 1 jaar.") % {"label": kind.label},
                    "max_value": _("%(label)s: hoogstens %(max)d jaar.")
                    % {"label": kind.label, "max": MAX_YEARS},
                },
            )
        self.fields[LOG_KIND] = forms.IntegerField(
            label=_("Verwerkingenlog (minimum)"),
            help_text=_(
                "Elke regel van het verwerkingenlog heeft zijn eigen termijn (vaak 15 jaar); "
                "een regel verdwijnt pas als die termijn én dit minimum voorbij zijn."
            ),
            min_value=1,
            max_value=MAX_YEARS,
        )
