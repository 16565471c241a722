"""View decorators other apps' pages may use (an app never imports another app's views)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from plek.accounts.context import actor_from_request
from plek.accounts.roles import Role
from plek.accounts.verification import is_verified

View = Callable[..., HttpResponse]


def role_required(role: str) -> Callable[[View], View]:
    """Only a verified user acting in ``role``; anyone else gets the 403 page.

    The login middleware already demands a verified user here; checking again keeps these
    pages safe should they ever be mounted under a path the middleware lets through.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_verified(request):
                return redirect("accounts:second-factor")
            if actor_from_request(request).role != role:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


functional_admin = role_required(Role.BEHEER)
privacy_officer = role_required(Role.PRIVACY)
