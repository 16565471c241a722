from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "plek.exchange"
    label = "exchange"
