from django.urls import path

from plek.exchange import views, views_region

app_name = "exchange"
urlpatterns = [
    path("beheer/import/", views.upload, name="upload"),
    path("beheer/import/<uuid:job_id>/", views.job_detail, name="job"),
    path("beheer/import/<uuid:job_id>/voortgang/", views.job_progress, name="job-progress"),
    path("beheer/regio/", views_region.region_config, name="region-config"),
    path(
        "beheer/regio/download/",
        views_region.region_config_download,
        name="region-config-download",
    ),
]
