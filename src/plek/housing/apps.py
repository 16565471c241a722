from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "plek.housing"
    label = "housing"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.housing.dossier import register
        from plek.housing.relations import HousingRelationSource

        register_relation_source(HousingRelationSource())
        register()
