"""plek and the systems around it: single sign-on, the BRP, ZGW case registration and iWmo."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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

        from plek.integrations.zgw import selectors, services, tasks  # noqa: F401 (the tasks)
        from plek.postal import hooks

        # ZGW: a postal-address decision becomes a zaak, its state a line on the page.
        hooks.on_decision(services.queue_registration)
        hooks.add_panel(selectors.panel)
