"""A database that cannot be reached gives a Dutch 503 page, quickly, instead of the 500 page.

When PostgreSQL is down or restarting, every request that needs it fails with an
``OperationalError`` (connection refused, "the database system is starting up", a connection
terminated by a restart) or an ``InterfaceError`` (a connection already closed). That is not a
bug in plek and the user's input is not lost by plek: it says the service is temporarily
unavailable, with ``Retry-After``, and the technical log notes the class of the error only.
Connecting is bounded by ``PLEK_DB_CONNECT_TIMEOUT`` (settings), so the page comes fast rather
than after a hang; the next request after the database is back reconnects by itself
(``CONN_HEALTH_CHECKS``).

The middleware catches errors raised by views; ``plek.web.views.server_error`` hands errors
raised in other middleware (the session and the user are loaded there) to the same page.
"""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

logger = structlog.get_logger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """Is this the database being out of reach (rather than a bug or bad data)?"""
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    # Rendered without a request context: the context processors may need the database.
    from django.template import loader

    logger.warning("database_unavailable", error_class=type(exception).__name__)
    context = {"request_id": getattr(request, "request_id", "")}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if database_unavailable(exception):
            return unavailable_response(request, exception)
        return None
