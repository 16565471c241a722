from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "plek.aftercare"
    label = "aftercare"
