"""The system-client pages under /beheer/systeemclients/ (namespace ``api-clients``)."""

from django.urls import path

from plek.api import views_beheer as views

app_name = "api-clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("nieuw/", views.client_create, name="create"),
    path("<int:client_pk>/", views.client_detail, name="detail"),
    path("<int:client_pk>/intrekken/", views.client_revoke, name="revoke"),
]
