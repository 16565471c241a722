"""Every page but login, health and static files needs a fully verified user; and the user and
role of a request go into the technical log's context."""

from __future__ import annotations

from collections.abc import Callable

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from plek.accounts.context import current_membership
from plek.accounts.verification import is_verified

# Paths that anonymous visitors may reach. The API answers 401/403 itself (JSON, not a redirect).
PUBLIC_PREFIXES = ("/health/", "/static/", "/i18n/", "/favicon.ico")
SECOND_FACTOR_PREFIXES = ("/accounts/",)


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(PUBLIC_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        login_url = reverse(settings.LOGIN_URL)
        if path.startswith(SECOND_FACTOR_PREFIXES):
            # Login, second factor, logout: reachable while not yet fully verified.
            return self.get_response(request)
        if not request.user.is_authenticated:
            return redirect(f"{login_url}?next={request.get_full_path()}")
        if not is_verified(request):
            return redirect("accounts:second-factor")
        return self.get_response(request)


class RequestLogContextMiddleware:
    """Bind the user id and role (no name) to structlog's context for the rest of the request.

    After the authentication middleware; ``RequestIdMiddleware`` clears the context when the
    request ends.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            membership = current_membership(request)
            structlog.contextvars.bind_contextvars(
                user_id=user.pk, role=membership.role if membership else ""
            )
        return self.get_response(request)
