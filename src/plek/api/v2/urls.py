"""API v2 routes, included under /api/ with every path starting ``v2/`` and no trailing slash
(API Design Rules: no trailing slash)."""

from __future__ import annotations

from django.urls import path

from plek.api.v2 import views, views_care
from plek.api.v2.schema import SchemaView

urlpatterns = [
    path("v2/openapi.json", SchemaView.as_view(), name="api-v2-schema"),
    path("v2/personen", views.PersonListView.as_view(), name="api-v2-person-list"),
    path("v2/personen/<uuid:uuid>", views.PersonDetailView.as_view(), name="api-v2-person"),
    path(
        "v2/huishoudens/<uuid:uuid>", views.HouseholdDetailView.as_view(), name="api-v2-household"
    ),
    path("v2/signalen", views.SignalListView.as_view(), name="api-v2-signal-list"),
    path("v2/signalen/<uuid:uuid>", views.SignalDetailView.as_view(), name="api-v2-signal"),
    path(
        "v2/briefadresaanvragen/<uuid:uuid>",
        views.ApplicationDetailView.as_view(),
        name="api-v2-postal-application",
    ),
    path(
        "v2/briefadresaanvragen/<uuid:uuid>/besluit",
        views.DecisionView.as_view(),
        name="api-v2-postal-decision",
    ),
    path(
        "v2/briefadresgebeurtenissen",
        views.EventFeedView.as_view(),
        name="api-v2-postal-events",
    ),
    path("v2/plannen", views_care.PlanListView.as_view(), name="api-v2-plan-list"),
    path("v2/plannen/<str:kenmerk>", views.PlanDetailView.as_view(), name="api-v2-plan"),
    path(
        "v2/wachtlijst/<str:kenmerk>",
        views.WaitingEntryDetailView.as_view(),
        name="api-v2-waiting-entry",
    ),
    path("v2/voorzieningen", views.FacilityListView.as_view(), name="api-v2-facility-list"),
    path("v2/vrije-plaatsen", views.VacancyListView.as_view(), name="api-v2-vacancies"),
    # --- zorg: intakes, ZRM, plannen (schrijven), overdrachten, nazorg (views_care) ---
    path("v2/intakes/<uuid:uuid>", views_care.IntakeDetailView.as_view(), name="api-v2-intake"),
    path(
        "v2/personen/<uuid:uuid>/zrm-metingen",
        views_care.PersonAssessmentListView.as_view(),
        name="api-v2-person-assessments",
    ),
    path(
        "v2/plannen/<str:kenmerk>/doelen",
        views_care.PlanGoalCreateView.as_view(),
        name="api-v2-plan-goals",
    ),
    path("v2/overdrachten", views_care.HandOverListView.as_view(), name="api-v2-hand-over-list"),
    path(
        "v2/overdrachten/<uuid:uuid>/accepteren",
        views_care.HandOverAcceptView.as_view(),
        name="api-v2-hand-over-accept",
    ),
    path(
        "v2/nazorgtrajecten/<str:kenmerk>",
        views_care.TrackDetailView.as_view(),
        name="api-v2-aftercare-track",
    ),
    path(
        "v2/contactmomenten/<str:kenmerk>/vastleggen",
        views_care.CheckInRecordView.as_view(),
        name="api-v2-aftercare-checkin-record",
    ),
    path(
        "v2/nazorgsignaleringen",
        views_care.AlertListView.as_view(),
        name="api-v2-aftercare-alerts",
    ),
]
