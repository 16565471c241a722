from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "plek.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Load the Celery app with Django (not on a bare `import plek`): shared tasks then use
        # its settings (eager without Redis).
        import plek.celery  # noqa: F401
        from plek.accounts import worklists

        worklists.register()
