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
from plek.api.views import ApiDocsView, ApiRootView
from plek.people.api import PersonDetailView

router = SimpleRouter()
# Register viewsets here, above `urlpatterns` (which reads the router once).

urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(), name="api-docs"),
    path("personen/<int:person_id>/", PersonDetailView.as_view(), name="api-person-detail"),
    path("verwerkingen/", ProcessingLogView.as_view(), name="api-processing-log"),
    *router.urls,
]
