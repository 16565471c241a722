from django.urls import path

from plek.monitor import informal, views

app_name = "monitor"
urlpatterns = [
    path("monitor/", views.dashboard, name="dashboard"),
    path("monitor/informele-zorg/", informal.informal_figures, name="informal-figures"),
]
