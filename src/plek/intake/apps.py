from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "plek.intake"
    label = "intake"
