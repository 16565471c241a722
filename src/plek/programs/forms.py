from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plek.accounts.models import Municipality
from plek.programs.models import Action, Origin, Status, Theme

DATE = forms.DateInput(attrs={"type": "date"})


class MomentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    reference_date = forms.DateField(label=_("Peildatum"), widget=DATE)


class StatusForm(forms.Form):
    action = forms.ModelChoiceField(label=_("Actie"), queryset=Action.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    note = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["action"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Action.objects.filter(programme_id=programme_id).order_by(
            "theme__position", "position", "number"
        )


class MilestoneForm(forms.Form):
    reached_on = forms.DateField(label=_("Bereikt op"), widget=DATE, required=False)


class ValueForm(forms.Form):
    on_date = forms.DateField(label=_("Datum"), widget=DATE)
    value = forms.DecimalField(label=_("Waarde"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=300)


FORMAT_CHOICES = [("pdf", "PDF"), ("xlsx", "XLSX")]


class EvaluationForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    file_format = forms.ChoiceField(label=_("Formaat"), choices=FORMAT_CHOICES, initial="pdf")


class ReportFormatForm(forms.Form):
    file_format = forms.ChoiceField(label=_("Formaat"), choices=FORMAT_CHOICES, initial="pdf")


class CouncilReportForm(forms.Form):
    start = forms.DateField(label=_("Van"), widget=DATE)
    end = forms.DateField(label=_("Tot en met"), widget=DATE)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente van herkomst"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("Hele regio"),
    )
    file_format = forms.ChoiceField(label=_("Formaat"), choices=FORMAT_CHOICES, initial="pdf")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("De einddatum ligt voor de begindatum."))
        return cleaned


def last_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een programma als YAML (.yaml) of spreadsheet (.xlsx), volgens het sjabloon."),
    )


class ActionForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=Theme.objects.none())
    number = forms.CharField(label=_("Nummer"), max_length=20)
    title = forms.CharField(label=_("Titel van de actie"), max_length=300)
    lead_organisation = forms.CharField(label=_("Trekker"), max_length=200)
    origin = forms.ChoiceField(
        label=_("Herkomst"),
        choices=[
            (Origin.TUSSENTIJDS, Origin.TUSSENTIJDS.label),
            (Origin.MOTIE, Origin.MOTIE.label),
        ],
    )
    motion_reference = forms.CharField(label=_("Kenmerk motie"), max_length=100, required=False)

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.filter(programme_id=programme_id).order_by("position")
