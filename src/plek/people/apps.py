from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "plek.people"
    label = "people"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from plek.people.actions import register
        from plek.people.folding import register_sqlite_function

        register()
        # The search name's generated column calls plek_fold on SQLite.
        connection_created.connect(register_sqlite_function, dispatch_uid="plek_fold")
