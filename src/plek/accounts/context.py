"""Which membership (organisation, team, role) a logged-in user is acting in for this request."""

from __future__ import annotations

from django.http import HttpRequest

from plek.accounts.models import Membership

SESSION_KEY = "plek_membership_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership chosen in this session, else the user's first active one.

    Cached on the request; a membership that has ended since it was chosen no longer counts.
    """
    if hasattr(request, "_plek_membership"):
        return request._plek_membership  # type: ignore[no-any-return]
    membership = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        active = user.active_memberships().order_by("start_date", "id")
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            membership = active.filter(pk=chosen).first()
        if membership is None:
            membership = active.first()
    request._plek_membership = membership  # type: ignore[attr-defined]
    return membership
