"""`/health/` for load balancers and monitoring: is this worker up and can it reach its database?

Public and cheap. It never shows a traceback or connection details: a failing database gives a
503 with a fixed body, and the cause goes to the technical log only.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import structlog
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = structlog.get_logger(__name__)


def plek_version() -> str:
    try:
        return version("plek")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def database_reachable() -> bool:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("health_database_unreachable", error_class=type(exc).__name__)
        return False
    return True


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    if not database_reachable():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "version": plek_version()})
