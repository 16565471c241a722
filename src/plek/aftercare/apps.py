from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "plek.aftercare"
    label = "aftercare"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.aftercare import dossier, worklists
        from plek.aftercare.relations import AftercareCoachSource

        register_relation_source(AftercareCoachSource())
        dossier.register()
        worklists.register()
