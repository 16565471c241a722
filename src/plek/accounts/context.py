"""Which membership (organisation, team, role) a logged-in user is acting in for this request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

from plek.accounts.models import Membership, User

if TYPE_CHECKING:
    from rest_framework.request import Request

SESSION_KEY = "plek_membership_id"


def current_membership(request: HttpRequest) -> Membership | None:
    """The membership chosen in this session, else the user's first active one.

    Cached on the request; a membership that has ended since it was chosen no longer counts.
    """
    if hasattr(request, "_plek_membership"):
        return request._plek_membership
    membership = None
    active = active_memberships(request)
    if active:
        chosen = request.session.get(SESSION_KEY)
        membership = next((m for m in active if m.pk == chosen), active[0])
    request._plek_membership = membership  # type: ignore[attr-defined]
    return membership


def active_memberships(request: HttpRequest) -> list[Membership]:
    """The logged-in user's active memberships, oldest first: read once per request, for the
    current membership and the header's switch."""
    if hasattr(request, "_plek_memberships"):
        return request._plek_memberships
    user = getattr(request, "user", None)
    found: list[Membership] = []
    if user is not None and user.is_authenticated:
        found = list(user.active_memberships().order_by("start_date", "id"))
    request._plek_memberships = found  # type: ignore[attr-defined]
    return found


@dataclass(frozen=True)
class Actor:
    """Who acts, in which capacity, in which request: what services and selectors need to know."""

    user: User
    membership: Membership | None
    request_id: str = ""

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None


def actor_from_request(request: HttpRequest | Request) -> Actor:
    """The actor of a page request or an API request.

    DRF wraps Django's request; the membership and request id live on the original.
    """
    django_request: HttpRequest = getattr(request, "_request", request)
    return Actor(
        user=django_request.user,  # type: ignore[arg-type]
        membership=current_membership(django_request),
        request_id=getattr(django_request, "request_id", ""),
    )
