"""Is a logged-in user fully verified: password, and second factor where the role needs it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from plek.accounts.context import current_membership

DEMO_SKIP_SESSION_KEY = "plek_demo_second_factor_skipped"
# Set only by the single sign-on callback (plek.integrations.oidc), and only when the functional
# admin has stated that the identity provider enforces a second factor itself.
SSO_SECOND_FACTOR_SESSION_KEY = "plek_sso_second_factor"


def needs_second_factor(request: HttpRequest) -> bool:
    membership = current_membership(request)
    if membership is None:
        return any(m.profile.needs_second_factor for m in request.user.active_memberships())  # type: ignore[union-attr]
    return membership.profile.needs_second_factor


def demo_skip_active(request: HttpRequest) -> bool:
    return bool(
        settings.DEMO_MODE
        and getattr(request.user, "is_demo", False)
        and request.session.get(DEMO_SKIP_SESSION_KEY)
    )


def is_verified(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not needs_second_factor(request):
        return True
    if demo_skip_active(request):
        return True
    if request.session.get(SSO_SECOND_FACTOR_SESSION_KEY):
        return True
    return bool(user.is_verified())  # set by django_otp's middleware
