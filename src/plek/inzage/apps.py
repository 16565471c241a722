from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InzageConfig(AppConfig):
    name = "plek.inzage"
    label = "inzage"
    verbose_name = _("Inzageverzoeken")

    def ready(self) -> None:
        from plek.inzage import worklists

        worklists.register()
