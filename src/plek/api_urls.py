"""The API under /api/v1/.

Each app adds its endpoints here, one line each, either as a viewset on the router:

    router.register("signals", SignalViewSet, basename="signal")

or as a path in `urlpatterns`. The API root lists every route and the tests call each one
anonymously (it must answer 401 or 403), so there is no other list to keep up to date.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from plek.access.api import ProcessingLogView
from plek.aftercare import api as aftercare_api
from plek.api.views import ApiDocsView, ApiRootView
from plek.housing import api as housing_api
from plek.intake.api import IntakeDetailView, PersonAssessmentsView
from plek.people.api import HouseholdDetailView, PersonDetailView, PersonListView
from plek.plans.api import (
    AcceptHandOverView,
    MyHandOversView,
    PlanDetailView,
    PlanGoalsView,
    PlanListView,
)
from plek.postal import api as postal_api
from plek.signals import api as signals_api

router = SimpleRouter()
# Register viewsets here, above `urlpatterns` (which reads the router once).

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
    path("personen/", PersonListView.as_view(), name="api-person-list"),
    path("personen/<int:person_id>/", PersonDetailView.as_view(), name="api-person-detail"),
    path(
        "huishoudens/<int:household_id>/",
        HouseholdDetailView.as_view(),
        name="api-household-detail",
    ),
    path("verwerkingen/", ProcessingLogView.as_view(), name="api-processing-log"),
    path("signalen/", signals_api.SignalListView.as_view(), name="api-signal-list"),
    path(
        "signalen/<int:signal_id>/",
        signals_api.SignalDetailView.as_view(),
        name="api-signal-detail",
    ),
    path("aanleveringen/", signals_api.DeliveryListView.as_view(), name="api-delivery-list"),
    path(
        "aanleveringen/<int:delivery_id>/",
        signals_api.DeliveryDetailView.as_view(),
        name="api-delivery-detail",
    ),
    path(
        "aanleveringen/<int:delivery_id>/besluit/",
        signals_api.DeliveryDecideView.as_view(),
        name="api-delivery-decide",
    ),
    path("terugmeldingen/", signals_api.FeedbackListView.as_view(), name="api-feedback-list"),
    path("voorzieningen/", housing_api.CatalogueView.as_view(), name="api-housing-catalogue"),
    path("vrije-plaatsen/", housing_api.OverviewView.as_view(), name="api-housing-overview"),
    path("wachtlijst/", housing_api.WaitingCreateView.as_view(), name="api-waiting-create"),
    path(
        "wachtlijst/<int:entry_id>/",
        housing_api.WaitingDetailView.as_view(),
        name="api-waiting-detail",
    ),
    path(
        "wachtlijst/<int:entry_id>/intrekken/",
        housing_api.WaitingWithdrawView.as_view(),
        name="api-waiting-withdraw",
    ),
    path("voorstellen/", housing_api.ProposeView.as_view(), name="api-proposals-create"),
    path(
        "voorstellen/<int:proposal_id>/",
        housing_api.ProposalDetailView.as_view(),
        name="api-proposal-detail",
    ),
    path(
        "voorstellen/<int:proposal_id>/accepteren/",
        housing_api.ProposalAcceptView.as_view(),
        name="api-proposal-accept",
    ),
    path(
        "voorstellen/<int:proposal_id>/afwijzen/",
        housing_api.ProposalDeclineView.as_view(),
        name="api-proposal-decline",
    ),
    path("verblijven/<int:stay_id>/", housing_api.StayDetailView.as_view(), name="api-stay-detail"),
    path(
        "verblijven/<int:stay_id>/overplaatsen/",
        housing_api.StayTransferView.as_view(),
        name="api-stay-transfer",
    ),
    path(
        "verblijven/<int:stay_id>/beeindigen/",
        housing_api.StayEndView.as_view(),
        name="api-stay-end",
    ),
    path("terugval/", housing_api.RespiteCreateView.as_view(), name="api-respite-create"),
    path(
        "terugval/<int:booking_id>/verlengen/",
        housing_api.RespiteExtendView.as_view(),
        name="api-respite-extend",
    ),
    path("intakes/<int:intake_id>/", IntakeDetailView.as_view(), name="api-intake-detail"),
    path(
        "personen/<int:person_id>/zrm-metingen/",
        PersonAssessmentsView.as_view(),
        name="api-person-assessments",
    ),
    path("plannen/", PlanListView.as_view(), name="api-plan-list"),
    path("plannen/<int:plan_id>/", PlanDetailView.as_view(), name="api-plan-detail"),
    path("plannen/<int:plan_id>/doelen/", PlanGoalsView.as_view(), name="api-plan-goals"),
    path("overdrachten/", MyHandOversView.as_view(), name="api-hand-over-list"),
    path(
        "overdrachten/<int:hand_over_id>/accepteren/",
        AcceptHandOverView.as_view(),
        name="api-hand-over-accept",
    ),
    path(
        "briefadresaanvragen/<int:application_id>/",
        postal_api.ApplicationDetailView.as_view(),
        name="api-postal-application-detail",
    ),
    path(
        "briefadresaanvragen/<int:application_id>/besluit/",
        postal_api.DecisionView.as_view(),
        name="api-postal-decision",
    ),
    path("briefadresgebeurtenissen/", postal_api.EventFeedView.as_view(), name="api-postal-events"),
    path(
        "nazorgtrajecten/<int:track_id>/",
        aftercare_api.TrackDetailView.as_view(),
        name="api-aftercare-track-detail",
    ),
    path(
        "contactmomenten/<int:checkin_id>/vastleggen/",
        aftercare_api.CheckInRecordView.as_view(),
        name="api-aftercare-checkin-record",
    ),
    path(
        "nazorgsignaleringen/", aftercare_api.AlertInboxView.as_view(), name="api-aftercare-alerts"
    ),
    *router.urls,
]
