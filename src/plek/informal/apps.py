from django.apps import AppConfig


class InformalConfig(AppConfig):
    name = "plek.informal"
    label = "informal"
    verbose_name = "Mantelzorg en vrijwilligers"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.informal import worklists
        from plek.informal.relations import CarerConsultantSource

        register_relation_source(CarerConsultantSource())
        worklists.register()
