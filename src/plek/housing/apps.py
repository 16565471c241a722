from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "plek.housing"
    label = "housing"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.housing.dossier import register
        from plek.housing.dossier_stays import register as register_dossier_stays
        from plek.housing.relations import HousingRelationSource
        from plek.housing.worklists import register as register_worklists

        register_relation_source(HousingRelationSource())
        register()
        register_worklists()
        register_dossier_stays()
