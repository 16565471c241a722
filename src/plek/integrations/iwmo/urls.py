from django.urls import path

from plek.integrations.iwmo import views

urlpatterns = [
    path("beheer/iwmo/", views.overview, name="iwmo"),
    path("beheer/iwmo/toewijzen/", views.allocate, name="iwmo-allocate"),
    path("beheer/iwmo/ophalen/", views.download, name="iwmo-download"),
]
