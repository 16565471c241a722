from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from plek.accounts.context import current_membership
from plek.accounts.verification import demo_skip_active


def plek(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return {
        "demo_mode": settings.DEMO_MODE,
        "current_membership": current_membership(request) if authenticated else None,
        "demo_second_factor_skipped": authenticated and demo_skip_active(request),
    }
