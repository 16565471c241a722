from django.urls import path

from plek.integrations.brp import views

app_name = "brp"
urlpatterns = [
    path("personen/nieuw/brp/", views.registration, name="registration"),
    path("personen/<int:person_id>/brp/", views.compare, name="compare"),
    path("beheer/brp/", views.config_edit, name="config"),
]
