from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "plek.web"
    label = "web"
