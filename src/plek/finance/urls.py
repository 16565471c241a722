from django.urls import path

from plek.finance import views

app_name = "finance"
urlpatterns = [
    path("monitor/beschermd-wonen/", views.overview_page, name="overview"),
]
