from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "plek.access"
    label = "access"

    def ready(self) -> None:
        # Registers the generic relation and break-the-glass as relation sources.
        from plek.access import relations  # noqa: F401
