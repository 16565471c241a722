from django.urls import path

from plek.programs import views

app_name = "programs"
urlpatterns = [
    path("programmas/", views.programme_list, name="list"),
    path("programmas/importeren/", views.import_programme, name="import"),
    path("programmas/raadsrapportage/", views.council_report, name="council-report"),
    path("programmas/<int:pk>/", views.programme_detail, name="detail"),
    path("programmas/<int:pk>/acties/nieuw/", views.action_add, name="action-add"),
    path("programmas/<int:pk>/planning/", views.programme_planning, name="planning"),
    path("programmas/<int:pk>/jaarevaluatie/", views.evaluation, name="evaluation"),
    path(
        "programmas/<int:pk>/export.<str:file_format>",
        views.export,
        name="export",
    ),
    path("programmas/momenten/<int:pk>/", views.moment_detail, name="moment"),
    path("programmas/momenten/<int:pk>/vaststellen/", views.moment_settle, name="moment-settle"),
    path("programmas/momenten/<int:pk>/rapport/", views.moment_report, name="moment-report"),
    path("programmas/acties/<int:pk>/", views.action_detail, name="action"),
    path("programmas/indicatoren/<int:pk>/", views.indicator_detail, name="indicator"),
    path("programmas/rapporten/<int:pk>/", views.report_job, name="report"),
    path("programmas/rapporten/<int:pk>/voortgang/", views.report_progress, name="report-progress"),
    path("programmas/rapporten/<int:pk>/download/", views.report_download, name="report-download"),
]
