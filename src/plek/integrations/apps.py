"""plek and the systems around it: single sign-on, the BRP, ZGW case registration and iWmo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from plek.accounts.context import Actor


class IntegrationsConfig(AppConfig):
    name = "plek.integrations"
    verbose_name = _("Koppelingen")

    def ready(self) -> None:
        from log_outgoing_requests.log_requests import install_outgoing_requests_logging

        from plek.integrations.brp import dossier as brp_dossier
        from plek.integrations.oidc import login as oidc_login

        brp_dossier.register()
        oidc_login.register()
        # Every call through requests is handed to plek.integrations.outgoing (settings.LOGGING).
        install_outgoing_requests_logging()

        from plek.integrations.zgw import selectors
        from plek.postal import hooks

        # ZGW: a postal-address decision becomes a zaak, its state a line on the page.
        hooks.on_decision(_register_zaak)
        hooks.add_panel(selectors.panel)


def _register_zaak(actor: Actor, application_id: int) -> None:
    # The ZGW services (the HTTP client, Celery) load with the first decision, not with Django:
    # a command that decides nothing should not pay for them. The worker finds the ZGW tasks
    # through plek.celery.
    from plek.integrations.zgw import services

    services.queue_registration(actor, application_id)
