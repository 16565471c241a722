from django.urls import path

from plek.integrations.zgw import views

urlpatterns = [
    path("beheer/zaaksysteem/", views.configuration, name="zgw-config"),
    path("briefadressen/<int:application_id>/zaak/opnieuw/", views.retry, name="zgw-retry"),
]
