from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "plek.people"
    label = "people"

    def ready(self) -> None:
        from plek.people.actions import register

        register()
