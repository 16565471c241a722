from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plek.plans"
    label = "plans"
