from django.urls import path

from plek.intake import views

app_name = "intake"
urlpatterns = [
    path("personen/<int:person_id>/intake/nieuw/", views.intake_start, name="start"),
    path("intakes/", views.running_intakes, name="running"),
    path("intakes/<int:intake_id>/", views.intake_detail, name="detail"),
    path("intakes/<int:intake_id>/afronden/", views.intake_complete, name="complete"),
    path("personen/<int:person_id>/zrm/", views.zrm_overview, name="zrm"),
    path("personen/<int:person_id>/zrm/nieuw/", views.assessment_new, name="assessment-new"),
]
