from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "plek.outreach"
    label = "outreach"
    verbose_name = _("Veldwerk")

    def ready(self) -> None:
        from plek.outreach import dossier, worklists
        from plek.outreach.relations import register

        register()
        dossier.register()
        worklists.register()
