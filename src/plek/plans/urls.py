from django.urls import path

from plek.plans import views

app_name = "plans"
urlpatterns = [
    path("personen/<int:person_id>/plan/nieuw/", views.plan_start, name="start"),
    path("plannen/<int:plan_id>/", views.plan_detail, name="detail"),
    path("plannen/<int:plan_id>/pdf/", views.plan_pdf_view, name="pdf"),
    path("plannen/<int:plan_id>/doelen/nieuw/", views.goal_new, name="goal-new"),
    path("plannen/<int:plan_id>/overdracht/", views.hand_over_new, name="hand-over-new"),
    path("plannen/<int:plan_id>/beeindigen/", views.plan_end, name="end"),
    path("plannen/<int:plan_id>/evaluatiedatum/", views.review_change, name="review"),
    path("plannen/acties-te-laat/", views.overdue_actions, name="overdue-actions"),
    path("acties/<int:action_id>/afronden/", views.action_done, name="action-done"),
    path("doelen/<int:goal_id>/acties/nieuw/", views.action_new, name="action-new"),
    path("doelen/<int:goal_id>/evaluaties/nieuw/", views.evaluation_new, name="evaluation-new"),
    path("overdrachten/<int:hand_over_id>/", views.hand_over_detail, name="hand-over"),
    path(
        "overdrachten/<int:hand_over_id>/intrekken/",
        views.hand_over_cancel,
        name="hand-over-cancel",
    ),
    path(
        "overdrachten/<int:hand_over_id>/besluit/",
        views.hand_over_decide,
        name="hand-over-decide",
    ),
]
