from django.apps import AppConfig


class PostalConfig(AppConfig):
    name = "plek.postal"
    label = "postal"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.people.dossier import register_dossier_section
        from plek.postal import worklists
        from plek.postal.dossier import SECTION
        from plek.postal.relations import PostalTeamSource

        register_relation_source(PostalTeamSource())
        register_dossier_section(SECTION)
        worklists.register()
