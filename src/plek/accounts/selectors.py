"""Reads for the accounts app: the lists of the admin pages, worklists and the login lock."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from plek.accounts.models import (
    Membership,
    MembershipChange,
    MembershipStatus,
    Municipality,
    Organisation,
    Team,
    User,
)

ENDING_SOON_DAYS = 30


@dataclass(frozen=True)
class LoginLock:
    until: datetime.datetime

    @property
    def minutes_left(self) -> int:
        seconds = (self.until - timezone.now()).total_seconds()
        return max(1, math.ceil(seconds / 60))


def municipalities(query: str = "") -> QuerySet[Municipality]:
    found = Municipality.objects.select_related("region")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return found.order_by("name", "code")


def organisations(query: str = "") -> QuerySet[Organisation]:
    found = Organisation.objects.select_related("municipality")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(external_id__icontains=query))
    return found.order_by("name", "pk")


def teams(query: str = "") -> QuerySet[Team]:
    found = Team.objects.select_related("organisation")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(organisation__name__icontains=query))
    return found.order_by("organisation__name", "name", "pk")


def users(query: str = "") -> QuerySet[User]:
    found = User.objects.all()
    if query:
        found = found.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return found.order_by("username")


def memberships(query: str = "", user: User | None = None) -> QuerySet[Membership]:
    found = Membership.objects.select_related("user", "organisation", "team")
    if user is not None:
        found = found.filter(user=user)
    if query:
        found = found.filter(
            Q(user__username__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(organisation__name__icontains=query)
        )
    return found.order_by("user__username", "-start_date", "pk")


def memberships_ending_soon(days: int = ENDING_SOON_DAYS) -> QuerySet[Membership]:
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    return (
        Membership.objects.active(today)
        .filter(end_date__isnull=False, end_date__lte=horizon)
        .select_related("user", "organisation")
        .order_by("end_date", "pk")[:20]
    )


def has_confirmed_totp(user: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def memberships_awaiting_approval() -> QuerySet[Membership]:
    """Case-file memberships a second functional admin must still approve, oldest first."""
    return (
        Membership.objects.filter(status=MembershipStatus.REQUESTED)
        .select_related("user", "organisation", "team", "requested_by")
        .order_by("start_date", "pk")
    )


def case_file_role_changes() -> QuerySet[MembershipChange]:
    """Every change to a membership with a case-file role, newest first (privacy officer)."""
    return (
        MembershipChange.objects.filter(case_file_role=True)
        .select_related("user", "organisation", "changed_by")
        .order_by("-changed_at", "-pk")
    )


COLLEAGUES_SHOWN = 50


def colleagues(membership: Membership, roles: Iterable[str], name: str = "") -> list[Membership]:
    """Running memberships in ``roles`` of other users, to pick a colleague from (a hand-over).

    Without ``name``: the colleagues in the membership's own organisation. With it: everyone
    in those roles whose name or username holds every word typed, in any organisation. At most
    ``COLLEAGUES_SHOWN``, by name.
    """
    found = (
        Membership.objects.active()
        .filter(role__in=list(roles))
        .exclude(user_id=membership.user_id)
        .select_related("user", "organisation", "team")
    )
    words = name.split()
    if not words:
        found = found.filter(organisation_id=membership.organisation_id)
    for word in words:
        found = found.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    return list(
        found.order_by("user__last_name", "user__first_name", "user__username", "pk")[
            :COLLEAGUES_SHOWN
        ]
    )
