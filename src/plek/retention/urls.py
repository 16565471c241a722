from django.urls import path

from plek.retention import views

app_name = "retention"

urlpatterns = [
    path("beheer/bewaartermijnen/", views.periods, name="admin-periods"),
]
