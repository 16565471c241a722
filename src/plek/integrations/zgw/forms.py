from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from plek.integrations.models_zgw import ZgwConfiguration
from plek.integrations.zgw.services import CONFIG_FIELDS


def _https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    # The case system's APIs are reached over HTTPS: a URL typed without a scheme gets it.
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ZgwConfigurationForm(forms.ModelForm):
    secret = forms.CharField(
        label=_("Geheim"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leeg laten om het huidige geheim te houden."),
    )

    class Meta:
        model = ZgwConfiguration
        formfield_callback = _https_by_default
        fields = list(CONFIG_FIELDS)  # what the service saves and records in the history
