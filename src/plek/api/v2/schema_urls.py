"""Only the v2 routes, for generating the v2 document (``spectacular --urlconf``)."""

from django.urls import include, path

urlpatterns = [path("api/", include("plek.api.v2.urls"))]
