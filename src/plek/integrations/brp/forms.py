from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.integrations.form_fields import https_by_default
from plek.integrations.models_brp import BrpConfig

FIELDS = [
    "enabled",
    "endpoint",
    "api_key",
    "client_certificate",
    "client_key",
    "ca_bundle",
    "origin_oin",
    "doelbinding",
    "timeout_seconds",
]


class BrpConfigForm(forms.ModelForm):
    api_key = forms.CharField(
        label=_("API-sleutel"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leeg laten om de opgeslagen sleutel te houden."),
    )

    class Meta:
        model = BrpConfig
        fields = FIELDS
        formfield_callback = https_by_default

    def clean_api_key(self) -> str:
        return self.cleaned_data["api_key"] or self.instance.api_key

    def clean_endpoint(self) -> str:
        endpoint: str = self.cleaned_data["endpoint"]
        if endpoint and not endpoint.startswith("https://"):
            raise forms.ValidationError(_("Adres van de API: alleen https:// (TLS) is toegestaan."))
        return endpoint

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled") and not data.get("endpoint"):
            self.add_error("endpoint", _("Adres van de API: nodig om de koppeling aan te zetten."))
        return data


class CopyForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label=_("Over te nemen gegevens"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["chosen"].choices = choices  # type: ignore[attr-defined]


class LookupForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=9,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": _("BSN: vul het BSN in."),
            "max_length": _("BSN: vul precies 9 cijfers in."),
        },
    )
