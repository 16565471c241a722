"""The API-Version header on every API answer (API Design Rules), and v1's announced end.

A middleware rather than the views, so that errors the URL resolver answers carry it as well.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

V1_VERSION = "1.0.0"
V2_VERSION = "2.0.0"
# v1 keeps working until this day (docs/api/README.md, CHANGELOG.md); every v1 answer says so.
V1_END_DATE = "2027-07-01"
V1_SUNSET = "Thu, 01 Jul 2027 00:00:00 GMT"  # the same day, as the Sunset header (RFC 8594) wants


class ApiVersionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v2"):
            response["API-Version"] = V2_VERSION
        elif request.path.startswith("/api/v1"):
            response["API-Version"] = V1_VERSION
            response["Deprecation"] = "true"
            response["Sunset"] = V1_SUNSET
        return response
