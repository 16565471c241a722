"""Every refusal of a logged-in user leaves a trace tied to that user (the security log)."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse

from plek.access.models import RefusedAccess
from plek.accounts.context import current_membership

logger = structlog.get_logger("plek.security")

# The URL keyword arguments that name a person.
PERSON_KWARGS = ("person_id",)


def _person_id(request: HttpRequest) -> int | None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    for name in PERSON_KWARGS:
        value = match.kwargs.get(name)
        if isinstance(value, int) and 0 < value < 2**63:
            return value
    return None


class RefusalTraceMiddleware:
    """After the response: a 403 for a logged-in user is written to ``RefusedAccess``.

    Pages and API alike (DRF answers 403 itself, past Django's 403 handler). One small insert per
    refusal, outside the request's own transaction, so a rolled-back request still leaves it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            membership = current_membership(request)
            refusal = RefusedAccess.objects.create(
                user_id=user.pk,
                username=user.get_username(),
                organisation_id=membership.organisation_id if membership else None,
                role=membership.role if membership else "",
                method=request.method or "",
                path=request.path[:300],
                person_id=_person_id(request),
                request_id=getattr(request, "request_id", ""),
            )
            logger.warning(
                "access_refused",
                user_id=user.pk,
                refusal_id=refusal.pk,
                request_id=getattr(request, "request_id", ""),
            )
        return response
