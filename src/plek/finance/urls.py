from django.urls import path

from plek.finance import views, views_beheer

app_name = "finance"
urlpatterns = [
    path("monitor/beschermd-wonen/", views.overview_page, name="overview"),
    path("beheer/tarieven/", views_beheer.tariffs, name="admin-tariffs"),
    path("beheer/verdeelmodel/", views_beheer.allocation_model, name="admin-allocation"),
]
