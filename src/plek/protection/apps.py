from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "plek.protection"
    label = "protection"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.people.dossier import register_dossier_section
        from plek.protection import worklists
        from plek.protection.dossier import SECTION
        from plek.protection.relations import ArrangementProviderSource, IndicationSource

        register_relation_source(IndicationSource())
        register_relation_source(ArrangementProviderSource())
        register_dossier_section(SECTION)
        worklists.register()
