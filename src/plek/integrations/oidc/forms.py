from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from plek.integrations.form_fields import https_by_default
from plek.integrations.models_sso import OidcConfig

FIELDS = [
    "enabled",
    "provider_name",
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_endpoint",
    "client_id",
    "client_secret",
    "scopes",
    "sign_algorithm",
    "match_claim",
    "provider_enforces_second_factor",
]
REQUIRED_WHEN_ON = [
    "provider_name",
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "jwks_endpoint",
    "client_id",
]


class OidcConfigForm(forms.ModelForm):
    # Never shown again once stored; left empty, the stored secret stays.
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leeg laten om het opgeslagen geheim te houden."),
    )

    class Meta:
        model = OidcConfig
        fields = FIELDS
        formfield_callback = https_by_default

    def clean_client_secret(self) -> str:
        return self.cleaned_data["client_secret"] or self.instance.client_secret

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("enabled"):
            for name in REQUIRED_WHEN_ON:
                if not data.get(name):
                    label = self.fields[name].label
                    self.add_error(
                        name,
                        _("%(field)s: nodig om single sign-on aan te zetten.") % {"field": label},
                    )
            if "openid" not in (data.get("scopes") or "").split():
                self.add_error("scopes", _("Scopes: 'openid' is nodig voor OpenID Connect."))
        return data
