from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "plek.signals"
    label = "signals"
