"""The "Inloggen met <provider>" button on the login page, when single sign-on is on."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from plek.accounts.login_options import LoginOption, register_login_options
from plek.integrations.oidc.config import current_config


def options() -> list[LoginOption]:
    config = current_config()
    if not config.ready:
        return []
    label = _("Inloggen met %(provider)s") % {"provider": str(config)}
    return [LoginOption(label, reverse("oidc:start"))]


def register() -> None:
    register_login_options("oidc", options)
