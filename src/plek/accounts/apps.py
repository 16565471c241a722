from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "plek.accounts"
    label = "accounts"

    def ready(self) -> None:
        from plek.accounts import worklists

        worklists.register()
