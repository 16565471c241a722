from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "plek.aftercare"
    label = "aftercare"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.aftercare import worklists
        from plek.aftercare.dossier import SECTION
        from plek.aftercare.relations import AftercareCoachSource
        from plek.people.dossier import register_dossier_section

        register_relation_source(AftercareCoachSource())
        register_dossier_section(SECTION)
        worklists.register()
