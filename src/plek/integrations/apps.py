from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "plek.integrations"
    verbose_name = _("Koppelingen")

    def ready(self) -> None:
        from plek.integrations.zgw import selectors, services, tasks  # noqa: F401 (the tasks)
        from plek.postal import hooks

        # ZGW: a postal-address decision becomes a zaak, its state a line on the page.
        hooks.on_decision(services.queue_registration)
        hooks.add_panel(selectors.panel)
