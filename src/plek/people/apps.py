from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "plek.people"
    label = "people"
