from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "plek.finance"
    label = "finance"
