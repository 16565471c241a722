from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "plek.demo"
    label = "demo"
