from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "plek.signals"
    label = "signals"
    verbose_name = _("Signalen")

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.people.dossier import DossierSection, register_dossier_section
        from plek.signals import dossier as signals_dossier
        from plek.signals import worklists as signal_worklists
        from plek.signals.relations import SignalAssignmentSource
        from plek.signals.selectors import dossier_entries, dossier_presence

        register_relation_source(SignalAssignmentSource())
        register_dossier_section(
            DossierSection(
                key="signalen",
                title=str(_("Signalen")),
                data_kinds=("signalen", "contactpogingen"),
                entries=dossier_entries,
                order=10,
                kind="signalen",
                present=dossier_presence,
            )
        )
        signal_worklists.register()
        signals_dossier.register()
