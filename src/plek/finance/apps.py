from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "plek.finance"
    label = "finance"

    def ready(self) -> None:
        from plek.finance.monitor_json import protected_living
        from plek.monitor.extensions import register_extension

        register_extension("beschermd_wonen", protected_living)
