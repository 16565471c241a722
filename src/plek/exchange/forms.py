from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.exchange.services import NOTHING_CHOSEN


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    csv_files = MultipleFileField(
        # The service names an empty file or an upload without data rows itself.
        allow_empty_file=True,
        error_messages={"required": NOTHING_CHOSEN},
        label=_("plek-csv-bestanden"),
        help_text=_(
            "Kies de bestanden van één map (municipalities.csv, persons.csv, stays.csv, ...). "
            "Alles wordt eerst gecontroleerd; bij één fout wordt niets opgeslagen."
        ),
    )
