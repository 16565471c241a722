from django.apps import AppConfig


class PostalConfig(AppConfig):
    name = "plek.postal"
    label = "postal"

    def ready(self) -> None:
        from plek.access.relations import register_relation_source
        from plek.postal import dossier, worklists
        from plek.postal.relations import PostalTeamSource

        register_relation_source(PostalTeamSource())
        dossier.register()
        worklists.register()
