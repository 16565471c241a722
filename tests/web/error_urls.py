"""plek's URLs plus three that fail on purpose, for the error-page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from plek.urls import handler403, handler404, handler500
from plek.urls import urlpatterns as plek_urlpatterns


class DeniedWithWayOut(PermissionDenied):
    break_glass_url = "/toegang/doorbreken/1/"


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("deliberate failure for the 500 page test")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def denied_with_way_out(request: HttpRequest) -> HttpResponse:
    raise DeniedWithWayOut


urlpatterns = [
    path("test/kapot/", crash),
    path("test/geweigerd/", denied),
    path("test/doorbreekbaar/", denied_with_way_out),
    *plek_urlpatterns,
]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
