"""API v2 routes, included under /api/ with every path starting ``v2/`` and no trailing slash
(API Design Rules: no trailing slash)."""

from __future__ import annotations

from django.urls import path

from plek.api.v2 import views, views_care, views_feeds, views_placement
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
    # --- signal sources (aanleveringen, terugmeldingen) and the privacy officer (verwerkingen) ---
    path("v2/aanleveringen", views_feeds.DeliveryListView.as_view(), name="api-v2-delivery-list"),
    path(
        "v2/aanleveringen/<uuid:uuid>",
        views_feeds.DeliveryDetailView.as_view(),
        name="api-v2-delivery",
    ),
    path(
        "v2/aanleveringen/<uuid:uuid>/besluit",
        views_feeds.DeliveryDecisionView.as_view(),
        name="api-v2-delivery-decision",
    ),
    path("v2/terugmeldingen", views_feeds.FeedbackListView.as_view(), name="api-v2-feedback-list"),
    path("v2/verwerkingen", views_feeds.ProcessingLogView.as_view(), name="api-v2-processing-log"),
    # --- placement and flow (plek.api.v2.views_placement) ---------------------------------------
    path("v2/wachtlijst", views_placement.WaitingListView.as_view(), name="api-v2-waiting-list"),
    path(
        "v2/wachtlijst/<str:kenmerk>/intrekken",
        views_placement.WaitingWithdrawView.as_view(),
        name="api-v2-waiting-withdraw",
    ),
    path("v2/voorstellen", views_placement.ProposeView.as_view(), name="api-v2-proposals-create"),
    path(
        "v2/voorstellen/<uuid:uuid>",
        views_placement.ProposalDetailView.as_view(),
        name="api-v2-proposal",
    ),
    path(
        "v2/voorstellen/<uuid:uuid>/accepteren",
        views_placement.ProposalAcceptView.as_view(),
        name="api-v2-proposal-accept",
    ),
    path(
        "v2/voorstellen/<uuid:uuid>/afwijzen",
        views_placement.ProposalDeclineView.as_view(),
        name="api-v2-proposal-decline",
    ),
    path(
        "v2/verblijven/<str:kenmerk>", views_placement.StayDetailView.as_view(), name="api-v2-stay"
    ),
    path(
        "v2/verblijven/<str:kenmerk>/overplaatsen",
        views_placement.StayTransferView.as_view(),
        name="api-v2-stay-transfer",
    ),
    path(
        "v2/verblijven/<str:kenmerk>/beeindigen",
        views_placement.StayEndView.as_view(),
        name="api-v2-stay-end",
    ),
    path("v2/terugval", views_placement.RespiteCreateView.as_view(), name="api-v2-respite-create"),
    path(
        "v2/terugval/<uuid:uuid>/verlengen",
        views_placement.RespiteExtendView.as_view(),
        name="api-v2-respite-extend",
    ),
    path(
        "v2/voorzieningen/<str:voorziening>/eenheden",
        views_placement.FacilityUnitListView.as_view(),
        name="api-v2-facility-units",
    ),
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
