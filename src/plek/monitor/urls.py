from django.urls import path

from plek.monitor import views

app_name = "monitor"
urlpatterns = [
    path("monitor/", views.dashboard, name="dashboard"),
]
