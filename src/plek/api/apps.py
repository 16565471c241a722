from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "plek.api"
    label = "plek_api"
    verbose_name = "API"
