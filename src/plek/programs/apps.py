from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "plek.programs"
    label = "programs"
    verbose_name = "Uitvoeringsprogramma's"

    def ready(self) -> None:
        from plek.programs import worklists

        worklists.register()
