from django.apps import AppConfig


class PostalConfig(AppConfig):
    name = "plek.postal"
    label = "postal"
