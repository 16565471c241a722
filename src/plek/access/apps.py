from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "plek.access"
    label = "access"
