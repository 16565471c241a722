from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "plek.housing"
    label = "housing"
