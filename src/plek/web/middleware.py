"""Request id (for the processing log and technical logs) and the security headers Django lacks."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id made here, and echo it in the response.

    The id ties processing-log entries and technical log lines to one request, so a client must
    not choose it (it could make its reads look like someone else's request). A proxy's or
    client's X-Request-ID, when it looks sane, is kept apart as ``client_request_id`` and bound
    to the technical log lines only, for correlating with the proxy's logs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex  # type: ignore[attr-defined]
        client_id = incoming if _VALID_REQUEST_ID.match(incoming) else ""
        request.client_request_id = client_id  # type: ignore[attr-defined]
        # A fresh context per request: later middleware binds the user and role to it.
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=request.request_id,  # type: ignore[attr-defined]
            **({"client_request_id": client_id} if client_id else {}),
        )
        try:
            response = self.get_response(request)
        finally:
            structlog.contextvars.clear_contextvars()
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class OutOfRangeMiddleware:
    """A number beyond the database's range (``/personen/99999999999999999999/``, a huge
    ``?pagina=``) asks for something that cannot exist: 404, not a server error.

    SQLite raises OverflowError for such a parameter, PostgreSQL a DataError ("out of range").
    Forms and serializers bound their numbers themselves with a Dutch message; this is the net
    under every URL converter and query parameter that reaches the database unchecked.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        from django.db import DataError
        from django.http import Http404

        out_of_range = isinstance(exception, OverflowError) or (
            isinstance(exception, DataError) and "out of range" in str(exception)
        )
        if out_of_range:
            raise Http404 from exception


class NoStoreMiddleware:
    """Pages and API answers for a logged-in user hold personal data: no cache may keep them.

    ``Cache-Control: no-store`` (with Django's other never-cache headers) on every response to an
    authenticated request: person pages, person API responses, PDFs and exports alike. Static
    files are served before this middleware is reached and keep their long cache lifetime.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
