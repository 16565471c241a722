from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "plek.housing"
    label = "housing"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.housing import (
            dossier_status,
            dossier_stays,
            receivers,
            worklists,
            worklists_stays,
        )
        from plek.housing.dossier import register
        from plek.housing.relations import CentralWaitingListSource, HousingRelationSource

        register_relation_source(HousingRelationSource())
        register_relation_source(CentralWaitingListSource())
        register()
        worklists.register()
        worklists_stays.register()
        dossier_status.register()
        dossier_stays.register()
        receivers.connect()
