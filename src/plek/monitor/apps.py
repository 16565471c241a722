from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "plek.monitor"
    label = "monitor"
